r"""Estimators evaluated on many weight columns at once.

Every estimator here is a ratio of weighted totals, computed for the full-sample weights and
all :math:`R` replicate weights in one sparse-by-dense product:
:math:`\hat t_{dj}^{(r)} = \sum_i 1[i \in d]\, y_{ij}\, w_i^{(r)}`. Domains are estimated with
indicators (never by cutting rows out), so every replicate sees the whole sample.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from phare.stats.replicates.weights import ReplicateWeights


def domain_totals(
    y: NDArray[np.float64],
    weights: NDArray[np.float64],
    domains: NDArray[np.int64] | None = None,
    n_domains: int = 1,
) -> NDArray[np.float64]:
    r"""Weighted totals by domain for every weight column.

    Parameters
    ----------
    y : ndarray of shape (n, k)
        Variables (finite).
    weights : ndarray of shape (n, C)
        Weight columns (full sample and replicates).
    domains : ndarray of shape (n,), optional
        Domain code in ``0..n_domains-1`` of each unit; ``None`` for the whole sample.
    n_domains : int
        Number of domains.

    Returns
    -------
    ndarray of shape (n_domains, k, C)
        :math:`\sum_i 1[d_i = d]\, y_{ij} w_{ic}`.
    """
    n, k = y.shape
    if domains is None:
        return (y.T @ weights)[None, :, :]
    rows, cols = np.nonzero(y)
    values = y[rows, cols]
    design = sp.csr_matrix((values, (rows, domains[rows] * k + cols)), shape=(n, n_domains * k))
    totals = np.asarray(design.T @ weights)
    return totals.reshape(n_domains, k, weights.shape[1])


@dataclass(frozen=True)
class ReplicateEstimates:
    """Estimates with replicate variances.

    Attributes
    ----------
    estimate : ndarray of shape (m,)
        Full-sample estimates.
    se : ndarray of shape (m,)
        Replicate standard errors, ``sqrt(diag(vcov))``.
    vcov : ndarray of shape (m, m)
        Replicate covariance matrix of the estimates.
    replicates : ndarray of shape (R, m)
        Replicate estimates.
    """

    estimate: NDArray[np.float64]
    se: NDArray[np.float64]
    vcov: NDArray[np.float64]
    replicates: NDArray[np.float64]


def _finish(
    full: NDArray[np.float64], reps: NDArray[np.float64], rw: ReplicateWeights
) -> ReplicateEstimates:
    v = rw.vcov(reps, full)
    return ReplicateEstimates(full, np.sqrt(np.clip(np.diag(v), 0.0, None)), v, reps)


def replicate_means(
    y: NDArray[np.float64],
    weights: NDArray[np.float64],
    replicate_weights: ReplicateWeights,
    domains: NDArray[np.int64] | None = None,
    n_domains: int = 1,
    *,
    statistic: str = "mean",
) -> ReplicateEstimates:
    r"""Domain means (or totals) of several variables with their replicate covariance.

    Parameters
    ----------
    y : ndarray of shape (n, k)
        Variables; for proportions pass 0/1 indicators of the levels.
    weights : ndarray of shape (n, 1 + R)
        Full-sample weights in column 0, replicate weights :math:`w_i a_{ir}` (recalibrated
        or not) in columns 1..R.
    replicate_weights : ReplicateWeights
        Variance constants (``scale``, ``rscales``, ``mse``).
    domains, n_domains
        Domain codes, as :func:`domain_totals`.
    statistic : {"mean", "total"}
        Mean :math:`\hat t_{dj}/\hat N_d` or total :math:`\hat t_{dj}`.

    Returns
    -------
    ReplicateEstimates
        Estimates ordered domain-major (all variables of domain 0, then domain 1, ...).
    """
    totals = domain_totals(y, weights, domains, n_domains)
    if statistic == "mean":
        sizes = domain_totals(np.ones((y.shape[0], 1)), weights, domains, n_domains)
        with np.errstate(invalid="ignore", divide="ignore"):
            values = totals / sizes
    else:
        values = totals
    flat = values.reshape(-1, weights.shape[1])
    return _finish(flat[:, 0], flat[:, 1:].T, replicate_weights)
