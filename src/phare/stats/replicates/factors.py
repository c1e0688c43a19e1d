"""The replicate-weight set: adjustment factors, variance multipliers, provenance."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from phare.stats.replicates._checks import as_float_matrix, as_float_vector

#: Methods a replicate-weight set may come from ("given" = supplied by the user, e.g. R's).
METHODS = ("JK1", "JKn", "rao_wu", "preston", "bootstrap", "subbootstrap", "mrbbootstrap", "given")


@dataclass(frozen=True, eq=False)
class ReplicateFactors:
    r"""Replicate adjustment factors and the constants of the replicate variance.

    The replicate weight of unit :math:`i` in replicate :math:`r` is :math:`w_i a_{ir}`,
    where :math:`w_i` is the sampling weight and :math:`a_{ir}` = ``factors[i, r]``
    (R ``survey``'s ``repweights`` with ``combined.weights = FALSE``). For an estimator
    :math:`\hat\theta` computed with the full-sample weights and :math:`\hat\theta_r` with
    replicate :math:`r`, the variance is

    .. math:: v(\hat\theta) = c \sum_r s_r (\hat\theta_r - \bar\theta)^2

    with :math:`c` = ``scale``, :math:`s_r` = ``rscales[r]`` and :math:`\bar\theta` the mean of
    the replicates (``mse=False``) or :math:`\hat\theta` itself (``mse=True``), as R's
    ``svrVar``.

    Parameters
    ----------
    factors : ndarray of shape (n, R)
        Adjustment factors :math:`a_{ir}`.
    scale : float
        Overall multiplier :math:`c`.
    rscales : ndarray of shape (R,)
        Per-replicate multipliers :math:`s_r`.
    mse : bool
        Centre the deviations on the full-sample estimate rather than on the replicate mean.
    method : str
        Generator that produced the factors, one of :data:`METHODS`.
    seed : int or None
        Seed of the generator (random methods), for reproduction.
    options : dict
        Other options of the generator, recorded for provenance.
    """

    factors: NDArray[np.float64]
    scale: float
    rscales: NDArray[np.float64]
    mse: bool = False
    method: str = "given"
    seed: int | None = None
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def n_units(self) -> int:
        """Number of units (rows of ``factors``)."""
        return int(self.factors.shape[0])

    @property
    def n_replicates(self) -> int:
        """Number of replicates (columns of ``factors``)."""
        return int(self.factors.shape[1])

    @property
    def df(self) -> int:
        """Degrees of freedom as R's ``degf``: rank of the factor matrix minus one."""
        values = np.linalg.eigvalsh(self.factors.T @ self.factors)
        tol = values.max() * max(self.factors.shape) * np.finfo(float).eps
        return int((values > tol).sum()) - 1

    def weights(self, base_weights: ArrayLike) -> NDArray[np.float64]:
        """Replicate weights :math:`w_i a_{ir}`, shape (n, R)."""
        w = as_float_vector(base_weights, self.n_units, "base_weights")
        return w[:, None] * self.factors

    def vcov(self, replicate_estimates: ArrayLike, estimate: ArrayLike) -> NDArray[np.float64]:
        """Covariance matrix of estimates from their replicates (see the class formula).

        Parameters
        ----------
        replicate_estimates : array of shape (R, k) or (R,)
            :math:`\\hat\\theta_r` for each replicate.
        estimate : array of shape (k,) or scalar
            Full-sample estimate :math:`\\hat\\theta` (used when ``mse=True``).
        """
        return replicate_vcov(
            replicate_estimates, estimate, scale=self.scale, rscales=self.rscales, mse=self.mse
        )

    def with_mse(self, mse: bool) -> ReplicateFactors:
        """The same replicates with another centring of the deviations."""
        return ReplicateFactors(
            self.factors, self.scale, self.rscales, mse, self.method, self.seed, self.options
        )


def replicate_factors(
    factors: ArrayLike,
    *,
    scale: float,
    rscales: ArrayLike | None = None,
    mse: bool = False,
) -> ReplicateFactors:
    """Wrap replicate factors computed elsewhere (e.g. exported from R ``survey``).

    Parameters
    ----------
    factors : array of shape (n, R)
        Adjustment factors relative to the sampling weights.
    scale : float
        Overall variance multiplier.
    rscales : array of shape (R,), optional
        Per-replicate multipliers (default all ones).
    mse : bool, default False
        Centre deviations on the full-sample estimate.
    """
    a = as_float_matrix(factors, "factors")
    if (a < 0).any():
        raise ValueError(f"factors: expected non-negative values, received {a.min():g}")
    if not np.isfinite(scale) or scale <= 0:
        raise ValueError(f"scale: expected a positive number, received {scale!r}")
    s = np.ones(a.shape[1]) if rscales is None else as_float_vector(rscales, a.shape[1], "rscales")
    if (s < 0).any():
        raise ValueError(f"rscales: expected non-negative values, received {s.min():g}")
    return ReplicateFactors(a, float(scale), s, bool(mse), "given")


def replicate_vcov(
    replicate_estimates: ArrayLike,
    estimate: ArrayLike,
    *,
    scale: float,
    rscales: NDArray[np.float64],
    mse: bool = False,
) -> NDArray[np.float64]:
    r"""Replicate covariance :math:`c \sum_r s_r (\hat\theta_r-\bar\theta)(\hat\theta_r-\bar\theta)^\top`.

    :math:`\bar\theta` is the mean of the replicates with :math:`s_r > 0` (``mse=False``) or
    the full-sample estimate (``mse=True``), as R ``survey``'s ``svrVar``. Returns a (k, k)
    matrix.
    """
    thetas = np.asarray(replicate_estimates, dtype=np.float64)
    if thetas.ndim == 1:
        thetas = thetas[:, None]
    centre = (
        np.atleast_1d(np.asarray(estimate, dtype=np.float64))
        if mse
        else thetas[rscales > 0].mean(axis=0)
    )
    dev = (thetas - centre) * np.sqrt(rscales)[:, None]
    out: NDArray[np.float64] = scale * (dev.T @ dev)
    return out
