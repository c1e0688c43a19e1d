"""Validation of the arrays given to the replicate-weight generators and kernels.

Public entry points call these; kernels behind them assume clean input.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray


def as_labels(values: ArrayLike | None, n: int | None, name: str) -> NDArray[np.int64]:
    """Integer codes (0..k-1, in order of first appearance) for a vector of labels.

    ``None`` gives one label per unit (``n`` required) for ``psu`` or a single label for
    ``strata``.
    """
    if values is None:
        if n is None:
            raise ValueError(f"{name}: a vector of labels is required, received None")
        return np.zeros(n, dtype=np.int64)
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise ValueError(f"{name}: expected a one-dimensional vector, received shape {arr.shape}")
    if n is not None and arr.shape[0] != n:
        raise ValueError(f"{name}: expected {n} values (one per unit), received {arr.shape[0]}")
    if arr.dtype.kind == "f" and np.isnan(arr).any():
        raise ValueError(f"{name}: missing values are not allowed")
    if arr.dtype == object and any(v is None for v in arr):
        raise ValueError(f"{name}: missing values are not allowed")
    _, first, inverse = np.unique(arr, return_index=True, return_inverse=True)
    # Renumber so that codes follow the order of first appearance (as R's unique()).
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    return rank[inverse.reshape(-1)].astype(np.int64)


def as_float_vector(values: ArrayLike, n: int, name: str) -> NDArray[np.float64]:
    """A finite float vector of length ``n``."""
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim != 1 or arr.shape[0] != n:
        raise ValueError(f"{name}: expected {n} values, received shape {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name}: expected finite numbers, received NaN or infinite values")
    return arr


def as_float_matrix(values: ArrayLike, name: str, n: int | None = None) -> NDArray[np.float64]:
    """A finite float matrix (a vector becomes one column)."""
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise ValueError(f"{name}: expected a matrix, received shape {arr.shape}")
    if n is not None and arr.shape[0] != n:
        raise ValueError(f"{name}: expected {n} rows (one per unit), received {arr.shape[0]}")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name}: expected finite numbers, received NaN or infinite values")
    return arr


def sampling_fractions(
    fpc: ArrayLike | None, strata: NDArray[np.int64], psu: NDArray[np.int64], name: str = "fpc"
) -> NDArray[np.float64]:
    """Sampling fraction of PSUs ``f_h = n_h / N_h`` for each stratum code.

    ``fpc`` follows R's ``svydesign``: one value per unit, constant within a stratum, either
    the population number of PSUs ``N_h`` (all values > 1) or the sampling fraction ``f_h``
    (all values <= 1). ``None`` means sampling with replacement (``f_h = 0``).
    """
    n_strata = int(strata.max()) + 1
    if fpc is None:
        return np.zeros(n_strata)
    values = as_float_vector(fpc, strata.shape[0], name)
    if (values < 0).any():
        raise ValueError(f"{name}: expected non-negative values, received {values.min()}")
    per_stratum = np.full(n_strata, np.nan)
    for h in range(n_strata):
        v = np.unique(values[strata == h])
        if v.size != 1:
            raise ValueError(
                f"{name}: expected one value per stratum, received {v.size} distinct values "
                f"in stratum number {h + 1}"
            )
        per_stratum[h] = v[0]
    n_psu = psu_counts(strata, psu)
    if (per_stratum <= 1).all():
        return per_stratum
    if (per_stratum < n_psu).any():
        h = int(np.argmax(per_stratum < n_psu))
        raise ValueError(
            f"{name}: population size {per_stratum[h]:g} is smaller than the {n_psu[h]} "
            f"sampled PSUs of stratum number {h + 1}"
        )
    return n_psu / per_stratum


def psu_counts(strata: NDArray[np.int64], psu: NDArray[np.int64]) -> NDArray[np.int64]:
    """Number of distinct PSUs in each stratum code (PSU labels are nested in strata)."""
    key = np.unique(strata * (int(psu.max()) + 1) + psu)
    owner = key // (int(psu.max()) + 1)
    return np.bincount(owner, minlength=int(strata.max()) + 1).astype(np.int64)


def nest_psu(strata: NDArray[np.int64], psu: NDArray[np.int64]) -> NDArray[np.int64]:
    """PSU codes made unique across strata (PSU ``1`` of two strata are two PSUs)."""
    return as_labels(strata * (int(psu.max()) + 1) + psu, None, "psu")


def positive_int(value: Any, name: str, minimum: int = 1) -> int:
    """An integer at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ValueError(f"{name}: expected an integer >= {minimum}, received {value!r}")
    return int(value)


def one_of(value: Any, name: str, allowed: Sequence[str]) -> str:
    """One of a few allowed strings."""
    if value not in allowed:
        raise ValueError(f"{name}: expected one of {', '.join(allowed)}, received {value!r}")
    return str(value)
