"""The estimation kernel: every estimate is a weighted total or a ratio of weighted totals.

A :class:`LinearStatistic` holds, for ``m`` estimates at once (variables x levels x domains),
the sparse matrices :math:`Z` and :math:`D` (n x m) such that

.. math:: \\hat\\theta_j = \\frac{\\sum_i w_i z_{ij}}{\\sum_i w_i d_{ij}}
   \\quad\\text{(ratio)}\\qquad\\text{or}\\qquad \\hat\\theta_j = \\sum_i w_i z_{ij}
   \\quad\\text{(total, } D = \\varnothing\\text{)}.

A domain mean has :math:`z = y \\cdot 1_{dom}`, :math:`d = 1_{dom}`; a proportion of level
:math:`k` has :math:`z = 1_{y=k} 1_{dom}`. Point estimates are computed for any weight vector or
matrix of weight columns in one sparse product (used by replicate variance), and the
linearisation (influence) is

.. math:: u_{ij} = (z_{ij} - \\hat\\theta_j d_{ij}) / \\textstyle\\sum_i w_i d_{ij},

so that :math:`\\hat\\theta - \\theta \\approx \\sum_i w_i u_i` (Lumley 2010, §2.4; R
``svymean``/``svyratio``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp


@dataclass(frozen=True)
class EstimateKey:
    """Identity of one column of a :class:`LinearStatistic`."""

    variable: str
    level: str | None
    domain: int


@dataclass(frozen=True, eq=False)
class LinearStatistic:
    """Numerators (and denominators) of ``m`` estimates, as sparse (n x m) matrices.

    Attributes
    ----------
    numerator : scipy.sparse.csc_matrix of shape (n, m)
    denominator : scipy.sparse.csc_matrix of shape (n, m), or None for totals
    keys : list of EstimateKey, length m
    """

    numerator: sp.csc_matrix
    denominator: sp.csc_matrix | None
    keys: list[EstimateKey] = field(default_factory=list)

    @property
    def m(self) -> int:
        """Number of estimates."""
        return int(self.numerator.shape[1])

    def estimate(self, weights: np.ndarray) -> np.ndarray:
        """Point estimates for a weight vector (n,) -> (m,) or weight columns (n, R) -> (m, R)."""
        num = np.asarray(self.numerator.T @ weights)
        if self.denominator is None:
            return num
        den = np.asarray(self.denominator.T @ weights)
        with np.errstate(invalid="ignore", divide="ignore"):
            return num / den

    def influence(self, weights: np.ndarray) -> tuple[np.ndarray, sp.csr_matrix]:
        """Point estimates (m,) and the influence matrix :math:`u` (n x m, sparse CSR)."""
        theta = self.estimate(weights)
        if self.denominator is None:
            return theta, self.numerator.tocsr()
        den_total = np.asarray(self.denominator.T @ weights)
        safe_theta = np.where(np.isfinite(theta), theta, 0.0)
        u = self.numerator - self.denominator @ sp.diags(safe_theta)
        with np.errstate(divide="ignore"):
            scale = np.where(den_total > 0, 1.0 / den_total, 0.0)
        return theta, (u @ sp.diags(scale)).tocsr()


def domain_codes(data: pd.DataFrame, by: list[str]) -> tuple[np.ndarray, list[dict[str, str]]]:
    """Code each row's domain (sorted combinations of the ``by`` columns; -1 if a value is NA)."""
    n = len(data)
    if not by:
        return np.zeros(n, dtype=np.int64), [{}]
    frame = data[by]
    missing = frame.isna().any(axis=1).to_numpy()
    keys = frame.astype(str).where(~frame.isna(), None)
    codes = np.full(n, -1, dtype=np.int64)
    grouped = keys[~missing].groupby(by, sort=True)
    ngroup = grouped.ngroup().to_numpy()
    codes[~missing] = ngroup
    labels: list[dict[str, str]] = [{} for _ in range(grouped.ngroups)]
    for key, index in grouped.indices.items():
        key_tuple = key if isinstance(key, tuple) else (key,)
        labels[int(ngroup[index[0]])] = {b: str(v) for b, v in zip(by, key_tuple, strict=True)}
    return codes, labels


def numeric_block(
    name: str, y: np.ndarray, domain: np.ndarray, n_domains: int, *, ratio: bool
) -> tuple[sp.csc_matrix, sp.csc_matrix | None, list[EstimateKey], np.ndarray]:
    """Z (and D) columns of a numeric variable in each domain; NaN values are left out.

    Returns the numerator, denominator, keys and the valid-unit mask.
    """
    n = len(y)
    valid = np.isfinite(y) & (domain >= 0)
    rows = np.flatnonzero(valid)
    cols = domain[rows]
    z = sp.csc_matrix((y[rows], (rows, cols)), shape=(n, n_domains))
    d = sp.csc_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n_domains)) if ratio else None
    keys = [EstimateKey(name, None, k) for k in range(n_domains)]
    return z, d, keys, valid


def categorical_block(
    name: str,
    codes: np.ndarray,
    levels: list[str],
    domain: np.ndarray,
    n_domains: int,
    *,
    ratio: bool,
) -> tuple[sp.csc_matrix, sp.csc_matrix | None, list[EstimateKey], np.ndarray]:
    """Z (and D) columns of the indicators of each level of a categorical variable per domain.

    ``codes`` are level codes 0..L-1, -1 for missing values (left out).
    """
    n = len(codes)
    n_levels = len(levels)
    valid = (codes >= 0) & (domain >= 0)
    rows = np.flatnonzero(valid)
    base = domain[rows] * n_levels
    shape = (n, n_domains * n_levels)
    z = sp.csc_matrix((np.ones(len(rows)), (rows, base + codes[rows])), shape=shape)
    d = None
    if ratio:
        rep_rows = np.repeat(rows, n_levels)
        rep_cols = np.repeat(base, n_levels) + np.tile(np.arange(n_levels), len(rows))
        d = sp.csc_matrix((np.ones(len(rep_rows)), (rep_rows, rep_cols)), shape=shape)
    keys = [EstimateKey(name, lev, k) for k in range(n_domains) for lev in levels]
    return z, d, keys, valid


def stack(
    blocks: list[tuple[sp.csc_matrix, sp.csc_matrix | None, list[EstimateKey], np.ndarray]],
) -> LinearStatistic:
    """Join variable blocks into one :class:`LinearStatistic`."""
    z = sp.hstack([b[0] for b in blocks], format="csc")
    ds = [b[1] for b in blocks]
    d = None if any(x is None for x in ds) else sp.hstack(ds, format="csc")
    keys = [k for b in blocks for k in b[2]]
    return LinearStatistic(numerator=z, denominator=d, keys=keys)
