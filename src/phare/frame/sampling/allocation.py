"""Allocation of a sample size to strata: proportional, equal, Neyman; regional minimum.

Notation: stratum :math:`h` has :math:`N_h` units; the sample size :math:`n` is shared as

* proportional: :math:`n_h \\propto N_h`;
* equal: :math:`n_h \\propto 1` (the same number in every stratum);
* Neyman (optimal for a proportion with expected value :math:`p_h`): :math:`n_h \\propto N_h
  S_h` with :math:`S_h = \\sqrt{p_h (1 - p_h)}` (Cochran 1977, *Sampling Techniques*, §5.5;
  Lohr 2022, *Sampling: Design and Analysis*, §3.4.2).

Every allocation is capped at :math:`N_h`; the excess is redistributed among the uncapped
strata, in proportion to the same weights, until no stratum exceeds its size. With
``min_per_region`` each region gets at least :math:`\\min(m, N_r)` units: regions below the
minimum are fixed at it (shared among their strata by the same weights) and the rest of
:math:`n` is re-allocated among the other regions, repeatedly. Integers are obtained by the
largest-remainder method, first for region totals then within regions, which keeps the total,
the caps and the minimum exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from phare.frame.sampling.strata import (
    STRATUM_SEPARATOR,
    check_frame,
    normalise_strata,
    stratum_labels,
)

Method = Literal["proportional", "equal", "neyman"]
METHODS: tuple[str, ...] = ("proportional", "equal", "neyman")


@dataclass(frozen=True)
class Allocation:
    """Sample sizes by stratum.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per stratum: the strata columns, ``stratum`` (label, values joined by ``|``),
        ``N_h`` (units in the frame), ``n_h`` (units to draw), ``S_h`` (Neyman only, else NA).
    strata : tuple of str
        The strata columns.
    method : str
        ``"proportional"``, ``"equal"`` or ``"neyman"``.
    n : int
        Total sample size (``table.n_h.sum()``).
    expected_p : float, dict or None
        Expected proportions used by Neyman, as given.
    min_per_region : int or None
        Minimum sample size per region.
    excluded : int
        Frame rows left out because a strata column is missing (e.g. no population).
    warnings : tuple of str
        Coded warnings (French / English).
    """

    table: pd.DataFrame
    strata: tuple[str, ...]
    method: str
    n: int
    expected_p: Any = None
    min_per_region: int | None = None
    excluded: int = 0
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def sizes(self) -> dict[str, int]:
        """Return ``{stratum label: n_h}``."""
        return {
            str(s): int(k) for s, k in zip(self.table["stratum"], self.table["n_h"], strict=True)
        }

    def metadata(self) -> dict[str, Any]:
        """Return a JSON-serialisable description of the allocation."""
        return {
            "strata": list(self.strata),
            "method": self.method,
            "n": self.n,
            "expected_p": _jsonable(self.expected_p),
            "min_per_region": self.min_per_region,
            "excluded": self.excluded,
            "warnings": list(self.warnings),
            "sizes": self.sizes(),
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): float(v) for k, v in value.items()}
    return value


def allocate(
    frame: pd.DataFrame,
    n: int,
    *,
    strata: str | Sequence[str] = "taille",
    method: str = "proportional",
    expected_p: float | Mapping[Any, float] | None = None,
    min_per_region: int | None = None,
) -> Allocation:
    """Allocate a sample of ``n`` units to the strata of ``frame``.

    Parameters
    ----------
    frame : pandas.DataFrame
        The frame (e.g. :func:`phare.frame.load_frame`), with a ``commune`` column and the
        strata columns. Rows with a missing strata value are left out (counted in
        ``excluded`` and reported in ``warnings``).
    n : int
        Total sample size, ``1 <= n <=`` number of frame rows with strata.
    strata : str or sequence of str, default ``"taille"``
        Column(s) defining the strata (e.g. ``("region", "taille")``).
    method : {"proportional", "equal", "neyman"}
        Allocation rule (see the module docstring for formulas).
    expected_p : float or mapping, optional
        Required for ``"neyman"``: the expected proportion, one number for every stratum, or a
        mapping keyed by stratum label (``"84|t1"`` or a tuple of values), or keyed by the values
        of one strata column (e.g. ``{"t1": 0.2, ..., "t5": 0.6}`` with strata
        ``("region", "taille")``). Values in [0, 1].
    min_per_region : int, optional
        Minimum sample size per region (needs ``"region"`` among ``strata``); a region smaller
        than the minimum is taken whole.

    Returns
    -------
    Allocation

    Raises
    ------
    ValueError
        Unknown method or strata column, ``n`` out of range, missing or invalid
        ``expected_p``, infeasible regional minimum.

    References
    ----------
    Cochran, W. G. (1977). *Sampling Techniques*, 3rd ed., Wiley, ch. 5.
    Lohr, S. L. (2022). *Sampling: Design and Analysis*, 3rd ed., CRC Press, ch. 3.
    """
    cols = normalise_strata(strata)
    check_frame(frame, cols)
    if method not in METHODS:
        raise ValueError(f"method: expected one of {list(METHODS)!r}, got {method!r}")
    if isinstance(n, bool) or not isinstance(n, int | np.integer):
        raise TypeError(f"n: expected an integer, got {n!r}")
    n = int(n)
    labels = stratum_labels(frame, cols)
    eligible = frame.loc[labels.notna(), list(cols)].astype("string")
    excluded = int(labels.isna().sum())
    warnings: list[str] = []
    if excluded:
        warnings.append(
            f"excluded_rows: {excluded} lignes sans strate exclues de la base / "
            f"{excluded} rows with a missing strata value left out of the frame"
        )
    if not 1 <= n <= len(eligible):
        raise ValueError(
            f"n: expected an integer between 1 and {len(eligible)} (frame rows with strata), "
            f"got {n}"
        )
    if min_per_region is not None:
        if "region" not in cols:
            raise ValueError(
                f"min_per_region: needs 'region' among the strata columns, got strata={list(cols)!r}"
            )
        if isinstance(min_per_region, bool) or not isinstance(min_per_region, int | np.integer):
            raise TypeError(f"min_per_region: expected an integer, got {min_per_region!r}")
        if min_per_region < 0:
            raise ValueError(f"min_per_region: expected >= 0, got {min_per_region}")
        min_per_region = int(min_per_region)
    if method != "neyman" and expected_p is not None:
        raise ValueError(f"expected_p: only used by method='neyman', got method={method!r}")

    table = (
        eligible.groupby(list(cols), observed=True, sort=True).size().rename("N_h").reset_index()
    )
    table.insert(len(cols), "stratum", stratum_labels(table, cols))
    size = table["N_h"].to_numpy(dtype=float)
    s_h = np.full(len(table), np.nan)
    if method == "proportional":
        weight = size.copy()
    elif method == "equal":
        weight = np.ones(len(table))
    else:
        p = _expected_p(expected_p, table, cols)
        s_h = np.sqrt(p * (1.0 - p))
        weight = size * s_h
    table["S_h"] = s_h

    groups = table["region"].to_numpy() if min_per_region else np.zeros(len(table), dtype=int)
    cont, extra = _continuous(weight, size, float(n), groups, min_per_region or 0)
    warnings.extend(extra)
    table["n_h"] = _round(cont, size, groups, n)
    lone = table.loc[table["n_h"] == 1, "stratum"].tolist()
    if lone:
        warnings.append(
            f"lone_unit: {len(lone)} strate(s) avec une seule unité tirée, variance non estimable "
            f"({', '.join(map(str, lone))}) / {len(lone)} stratum(a) with a single sampled unit, "
            "variance not estimable"
        )
    table = table.loc[:, [*cols, "stratum", "N_h", "n_h", "S_h"]]
    table["N_h"] = table["N_h"].astype("int64")
    table["n_h"] = table["n_h"].astype("int64")
    return Allocation(
        table=table.reset_index(drop=True),
        strata=cols,
        method=method,
        n=int(table["n_h"].sum()),
        expected_p=expected_p,
        min_per_region=min_per_region,
        excluded=excluded,
        warnings=tuple(warnings),
    )


def _expected_p(expected_p: Any, table: pd.DataFrame, cols: tuple[str, ...]) -> np.ndarray:
    if expected_p is None:
        raise ValueError("expected_p: required by method='neyman' (a proportion in [0, 1])")
    if isinstance(expected_p, Mapping):
        keys = {_key(k) for k in expected_p}
        values = {_key(k): v for k, v in expected_p.items()}
        labels = table["stratum"].astype(str)
        if set(labels) <= keys:
            p = labels.map(values)
        else:
            candidates = [c for c in cols if set(table[c].astype(str)) <= keys]
            if len(candidates) != 1:
                missing = sorted(set(labels) - keys)
                raise ValueError(
                    "expected_p: expected a value for every stratum label or for every value of "
                    f"one strata column {list(cols)!r}; missing e.g. {missing[:5]!r}"
                )
            p = table[candidates[0]].astype(str).map(values)
        arr = p.to_numpy(dtype=float)
    else:
        try:
            arr = np.full(len(table), float(expected_p))
        except (TypeError, ValueError):
            raise ValueError(
                f"expected_p: expected a number or a mapping, got {expected_p!r}"
            ) from None
    if not np.all((arr >= 0.0) & (arr <= 1.0)):
        raise ValueError(f"expected_p: expected proportions in [0, 1], got {expected_p!r}")
    return arr


def _key(key: Any) -> str:
    if isinstance(key, tuple):
        return STRATUM_SEPARATOR.join(map(str, key))
    return str(key)


def _capped(weight: np.ndarray, size: np.ndarray, total: float) -> tuple[np.ndarray, bool]:
    """Share ``total`` in proportion to ``weight``, capped at ``size``; excess redistributed.

    Returns the allocation and whether the weights had to be replaced by the sizes (all-zero
    weights, e.g. Neyman with p in {0, 1} everywhere in a group that must be sampled).
    """
    out = np.zeros_like(size)
    if total <= 0:
        return out, False
    fallback = False
    if not np.any(weight > 0):
        weight, fallback = size.copy(), True
    free = weight > 0
    remaining = total
    while True:
        share = np.where(free, weight, 0.0)
        k = remaining / share.sum()
        over = free & (k * weight >= size)
        if not over.any():
            out[free] = k * weight[free]
            break
        out[over] = size[over]
        remaining -= size[over].sum()
        free &= ~over
        if not free.any() or remaining <= 0:
            break
    if remaining > 1e-9 and not free.any():
        # weights were zero for strata with room: fill them in proportion to their size
        room = size - out
        out += _capped(np.where(room > 0, room, 0.0), room, remaining)[0]
    return out, fallback


def _continuous(
    weight: np.ndarray, size: np.ndarray, n: float, groups: np.ndarray, minimum: int
) -> tuple[np.ndarray, list[str]]:
    warnings: list[str] = []
    out = np.zeros_like(size)
    uniq = list(dict.fromkeys(groups.tolist()))
    group_size = {g: size[groups == g].sum() for g in uniq}
    floor = {g: min(float(minimum), group_size[g]) for g in uniq}
    if sum(floor.values()) > n:
        raise ValueError(
            f"min_per_region: {minimum} per region needs {int(sum(floor.values()))} units, "
            f"more than n={int(n)}"
        )
    fixed: set[Any] = set()
    while True:
        free = ~np.isin(groups, list(fixed)) if fixed else np.ones(len(size), dtype=bool)
        budget = n - sum(floor[g] for g in fixed)
        alloc, fell_back = _capped(np.where(free, weight, 0.0), np.where(free, size, 0.0), budget)
        below = [g for g in uniq if g not in fixed and alloc[groups == g].sum() < floor[g] - 1e-9]
        if not below:
            out[free] = alloc[free]
            if fell_back:
                warnings.append(
                    "zero_weights: poids nuls (p = 0 ou 1 partout), allocation selon N_h / "
                    "zero weights (p = 0 or 1 everywhere), allocation in proportion to N_h"
                )
            break
        fixed.update(below)
    for g in fixed:
        mask = groups == g
        alloc, fell_back = _capped(weight[mask], size[mask], floor[g])
        out[mask] = alloc
        if fell_back:
            warnings.append(
                f"zero_weights: région {g} : poids nuls, minimum réparti selon N_h / region "
                f"{g}: zero weights, minimum shared in proportion to N_h"
            )
    if fixed and minimum:
        warnings.append(
            f"min_per_region: {len(fixed)} région(s) portée(s) au minimum de {minimum} / "
            f"{len(fixed)} region(s) raised to the minimum of {minimum}"
        )
    return out, warnings


def _largest_remainder(x: np.ndarray, cap: np.ndarray, total: int) -> np.ndarray:
    """Integers summing to ``total``, each within one of ``x`` where possible and ``<= cap``."""
    base = np.minimum(np.floor(x + 1e-9), cap).astype(np.int64)
    left = total - int(base.sum())
    if left > 0:
        frac = np.where(base < cap, x - base, -np.inf)
        order = np.argsort(-frac, kind="stable")
        for i in order[:left]:
            if base[i] < cap[i]:
                base[i] += 1
                left -= 1
        while left > 0:  # rare: hand remaining units to any stratum with room
            room = np.flatnonzero(base < cap)
            base[room[0]] += 1
            left -= 1
    elif left < 0:
        order = np.argsort(x - base, kind="stable")
        for i in order:
            if left == 0:
                break
            if base[i] > 0:
                base[i] -= 1
                left += 1
    return base


def _round(cont: np.ndarray, size: np.ndarray, groups: np.ndarray, n: int) -> np.ndarray:
    uniq = list(dict.fromkeys(groups.tolist()))
    totals = np.array([cont[groups == g].sum() for g in uniq])
    caps = np.array([size[groups == g].sum() for g in uniq])
    group_n = _largest_remainder(totals, caps, n)
    out = np.zeros(len(cont), dtype=np.int64)
    for g, k in zip(uniq, group_n, strict=True):
        mask = groups == g
        out[mask] = _largest_remainder(cont[mask], size[mask].astype(np.int64), int(k))
    if int(out.sum()) != n:  # pragma: no cover - invariant of the largest-remainder rounding
        raise RuntimeError(f"allocation rounding lost units: {int(out.sum())} != {n}")
    return out
