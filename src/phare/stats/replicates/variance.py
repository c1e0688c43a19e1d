r"""Replicate variance of kernel statistics: all replicate columns in one pass.

:math:`\hat V = c \sum_r s_r (\hat\theta_r - \bar\theta)(\hat\theta_r - \bar\theta)^\top`
(R ``survey``'s ``svrVar``), with :math:`\hat\theta_r` the statistic evaluated on the (recalibrated)
replicate weights of the design, and the design degrees of freedom of R's ``degf``: the rank of
the replicate weights minus one.

References
----------
Rust, K. F. & Rao, J. N. K. (1996). Variance estimation for complex surveys using replication
techniques. *Statistical Methods in Medical Research*, 5(3), 283-310.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from phare.stats.design import SurveyDesign
from phare.stats.estimates.kernel import LinearStatistic
from phare.stats.replicates.factors import replicate_vcov
from phare.stats.replicates.replicate_design import (
    FACTORS_OPTION,
    replicate_weights_of,
    require_replicates,
)


def replicate_covariance(
    design: SurveyDesign, statistic: LinearStatistic, *, full: bool = False
) -> NDArray[np.float64]:
    r"""Replicate variances (m,) — or covariance (m, m) if ``full`` — of a kernel statistic.

    :math:`\hat V = c \sum_r s_r (\hat\theta_r - \bar\theta)(\hat\theta_r - \bar\theta)^\top`,
    with :math:`\hat\theta_r` = ``statistic.estimate`` on replicate column :math:`r` (all at
    once) and :math:`\bar\theta` the replicate mean, or the full-sample estimate when ``mse``.
    Same signature as :func:`~phare.stats.taylor_covariance`.
    """
    rw = require_replicates(design)
    weights = replicate_weights_of(design)
    theta = np.asarray(statistic.estimate(np.asarray(design.weights, dtype=float)))
    reps = _estimates(statistic, weights).T  # (R, m)
    v = replicate_vcov(
        reps, theta, scale=rw.scale, rscales=np.asarray(rw.rscales, dtype=float), mse=rw.mse
    )
    return v if full else np.diag(v).copy()


def _estimates(statistic: LinearStatistic, weights: NDArray[np.float64]) -> NDArray[np.float64]:
    """``statistic.estimate(weights)`` for many weight columns, shape (m, C).

    Domain estimates of several variables share their denominator (the domain indicator).
    When the distinct denominators cover disjoint sets of units (domains), each domain's rows
    of the weights are gathered once and multiplied densely (BLAS) by the domain's variables:
    the same numbers as the sparse product, several times faster for many replicate columns.
    Otherwise the sparse product is used, with each distinct denominator computed once.
    """
    if statistic.denominator is None:
        return np.asarray(statistic.numerator.T @ weights)
    den_matrix = sp.csc_matrix(statistic.denominator)
    num_matrix = sp.csc_matrix(statistic.numerator)
    indptr, indices, data = den_matrix.indptr, den_matrix.indices, den_matrix.data
    seen: dict[tuple[bytes, bytes], int] = {}
    first: list[int] = []
    owner = np.empty(den_matrix.shape[1], dtype=np.int64)
    for j in range(den_matrix.shape[1]):
        key = (
            indices[indptr[j] : indptr[j + 1]].tobytes(),
            data[indptr[j] : indptr[j + 1]].tobytes(),
        )
        if key not in seen:
            seen[key] = len(first)
            first.append(j)
        owner[j] = seen[key]
    rows = [indices[indptr[j] : indptr[j + 1]] for j in first]
    covered = sum(r.size for r in rows)
    disjoint = covered <= weights.shape[0] and np.unique(np.concatenate(rows)).size == covered
    if not disjoint:
        num = np.asarray(num_matrix.T @ weights)
        den = np.asarray(den_matrix[:, first].T @ weights)[owner]
    else:
        m, n_cols = num_matrix.shape[1], weights.shape[1]
        num = np.empty((m, n_cols))
        den = np.empty((m, n_cols))
        for u, j in enumerate(first):
            support = rows[u]
            block = weights[support]  # (|domain|, C), gathered once
            den_values = data[indptr[j] : indptr[j + 1]]
            den_u = den_values @ block
            columns = np.flatnonzero(owner == u)
            sub = num_matrix[:, columns].tocsr()[support]
            if sub.nnz != num_matrix[:, columns].nnz:  # numerator outside its domain: sparse
                num[columns] = np.asarray(num_matrix[:, columns].T @ weights)
            else:
                num[columns] = sub.toarray().T @ block
            den[columns] = den_u
    with np.errstate(invalid="ignore", divide="ignore"):
        out: NDArray[np.float64] = num / den
    return out


def replicate_df(design: SurveyDesign) -> int:
    """Degrees of freedom of a replicate design: rank of the replicate weights minus one (R)."""
    rw = require_replicates(design)
    factors = rw.options.get(FACTORS_OPTION)
    matrix = np.asarray(factors if factors is not None else rw.weights, dtype=float)
    return matrix_rank(matrix) - 1


def matrix_rank(matrix: NDArray[np.float64]) -> int:
    """Rank of a tall (n, R) matrix from the eigenvalues of its (R, R) Gram matrix (fast).

    Rows are tried first in a small evenly spread subset: if it already has full column rank,
    so has the matrix (exact), and the full Gram matrix is not needed.
    """
    n, r = matrix.shape
    if n > 4 * r:
        subset = matrix[np.linspace(0, n - 1, 4 * r).astype(np.int64)]
        if _gram_rank(subset) == r:
            return r
    return _gram_rank(matrix)


def _gram_rank(matrix: NDArray[np.float64]) -> int:
    gram = matrix.T @ matrix
    values = np.linalg.eigvalsh(gram)
    if values.size == 0 or values.max() <= 0:
        return 0
    tol = values.max() * max(matrix.shape) * np.finfo(float).eps
    return int((values > tol).sum())


def replicate_variance(design: SurveyDesign, statistic: LinearStatistic) -> NDArray[np.float64]:
    """Replicate variances (m,) of a kernel statistic (the hook the estimators call)."""
    return replicate_covariance(design, statistic, full=False)
