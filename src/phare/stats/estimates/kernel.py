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

    def influence(self, weights: np.ndarray) -> tuple[np.ndarray, sp.csc_matrix]:
        """Point estimates (m,) and the influence matrix :math:`u` (n x m, sparse CSC)."""
        theta = self.estimate(weights)
        z = sp.csc_matrix(self.numerator)
        if self.denominator is None:
            return theta, z
        d = sp.csc_matrix(self.denominator)
        den_total = np.asarray(d.T @ weights)
        safe_theta = np.where(np.isfinite(theta), theta, 0.0)
        with np.errstate(divide="ignore"):
            scale = np.where(den_total > 0, 1.0 / den_total, 0.0)
        if same_pattern(z, d):
            cols = column_of_entries(d)
            data = (z.data - safe_theta[cols] * d.data) * scale[cols]
            return theta, sp.csc_matrix((data, d.indices, d.indptr), shape=d.shape)
        u = (z - d @ sp.diags(safe_theta)) @ sp.diags(scale)
        return theta, sp.csc_matrix(u)


def same_pattern(a: sp.csc_matrix, b: sp.csc_matrix) -> bool:
    """Whether two CSC matrices store entries at the same positions."""
    return (
        a.shape == b.shape
        and a.nnz == b.nnz
        and np.array_equal(a.indptr, b.indptr)
        and np.array_equal(a.indices, b.indices)
    )


def column_of_entries(a: sp.csc_matrix) -> np.ndarray:
    """Column index of each stored entry of a CSC matrix."""
    return np.repeat(np.arange(a.shape[1]), np.diff(a.indptr))


def weighted(u: sp.spmatrix, weights: np.ndarray) -> sp.csc_matrix:
    """:math:`\\text{diag}(w)\\,u` for a sparse (n x m) matrix, as CSC."""
    u = sp.csc_matrix(u)
    return sp.csc_matrix((u.data * weights[u.indices], u.indices, u.indptr), shape=u.shape)


def label(value: object) -> str:
    """Text of a level or domain value: integral floats print as integers (R's ``as.character(15)`` is "15")."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def domain_codes(data: pd.DataFrame, by: list[str]) -> tuple[np.ndarray, list[dict[str, str]]]:
    """Code each row's domain: combinations of the ``by`` columns present, in sorted order
    (numbers numerically), -1 where a ``by`` value is missing; and each domain's labels."""
    n = len(data)
    if not by:
        return np.zeros(n, dtype=np.int64), [{}]
    frame = data[by]
    missing = frame.isna().any(axis=1).to_numpy()
    try:
        grouped = frame[~missing].groupby(by, sort=True)
        ngroup = grouped.ngroup().to_numpy()
    except TypeError:  # values of mixed types cannot be sorted: sort their text instead
        grouped = frame[~missing].astype(str).groupby(by, sort=True)
        ngroup = grouped.ngroup().to_numpy()
    codes = np.full(n, -1, dtype=np.int64)
    codes[~missing] = ngroup
    labels: list[dict[str, str]] = [{} for _ in range(grouped.ngroups)]
    for key, index in grouped.indices.items():
        key_tuple = key if isinstance(key, tuple) else (key,)
        labels[int(ngroup[index[0]])] = {b: label(v) for b, v in zip(by, key_tuple, strict=True)}
    return codes, labels


def domain_order(domain: np.ndarray) -> np.ndarray:
    """Row indices sorted by domain (stable): compute once, share between variables."""
    return np.argsort(domain, kind="stable")


def _rows_by_domain(
    valid: np.ndarray, domain: np.ndarray, n_domains: int, order: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Valid rows sorted by domain, and the number of them in each domain."""
    if order is None:
        order = domain_order(domain)
    sorted_rows = order[valid[order]]
    counts = np.bincount(domain[valid], minlength=n_domains)
    return sorted_rows, counts


def _csc(data: np.ndarray, indices: np.ndarray, lengths: np.ndarray, n: int) -> sp.csc_matrix:
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    return sp.csc_matrix((data, indices, indptr), shape=(n, len(lengths)))


def numeric_block(
    name: str,
    y: np.ndarray,
    domain: np.ndarray,
    n_domains: int,
    *,
    ratio: bool,
    order: np.ndarray | None = None,
) -> tuple[sp.csc_matrix, sp.csc_matrix | None, list[EstimateKey], np.ndarray]:
    """Z and D columns of a numeric variable in each domain (NaN values left out).

    Z and D store entries at the same positions (the valid units of the domain), which the
    kernel uses for a fast influence. ``order`` is :func:`domain_order` of ``domain``, if
    already computed. Returns numerator, denominator (None unless ``ratio``), keys and the
    valid-unit mask.
    """
    n = len(y)
    valid = np.isfinite(y) & (domain >= 0)
    rows, counts = _rows_by_domain(valid, domain, n_domains, order)
    z = _csc(y[rows], rows, counts, n)
    d = _csc(np.ones(len(rows)), rows, counts, n)
    keys = [EstimateKey(name, None, k) for k in range(n_domains)]
    return z, d if ratio else None, keys, valid


def ratio_block(
    name: str,
    y: np.ndarray,
    x: np.ndarray,
    domain: np.ndarray,
    n_domains: int,
    *,
    order: np.ndarray | None = None,
) -> tuple[sp.csc_matrix, sp.csc_matrix, list[EstimateKey], np.ndarray]:
    """Z = y and D = x on the units of each domain where both are known (R ``svyratio``).

    Returns numerator, denominator, keys and the valid-unit mask.
    """
    n = len(y)
    valid = np.isfinite(y) & np.isfinite(x) & (domain >= 0)
    rows, counts = _rows_by_domain(valid, domain, n_domains, order)
    z = _csc(y[rows], rows, counts, n)
    d = _csc(x[rows], rows, counts, n)
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
    order: np.ndarray | None = None,
) -> tuple[sp.csc_matrix, sp.csc_matrix | None, list[EstimateKey], np.ndarray]:
    """Z and D columns of the indicator of each level of a categorical variable per domain.

    ``codes`` are level codes 0..L-1, -1 for missing values (left out). Column
    ``domain * L + level``; Z and D share their pattern (all valid units of the domain).
    """
    n = len(codes)
    n_levels = len(levels)
    valid = (codes >= 0) & (domain >= 0)
    rows, counts = _rows_by_domain(valid, domain, n_domains, order)
    # entries domain by domain; within a domain, level by level, each over the domain's rows
    block = counts * n_levels
    entry_domain = np.repeat(np.arange(n_domains), block)
    block_start = np.concatenate([[0], np.cumsum(block)])[:-1]
    domain_start = np.concatenate([[0], np.cumsum(counts)])[:-1]
    local = np.arange(int(block.sum())) - block_start[entry_domain]
    size = counts[entry_domain]
    level = local // np.maximum(size, 1)
    indices = rows[domain_start[entry_domain] + local % np.maximum(size, 1)]
    lengths = np.repeat(counts, n_levels)
    z = _csc((codes[indices] == level).astype(float), indices, lengths, n)
    d = _csc(np.ones(len(indices)), indices, lengths, n)
    keys = [EstimateKey(name, lev, k) for k in range(n_domains) for lev in levels]
    return z, d if ratio else None, keys, valid


def hstack_csc(blocks: list[sp.csc_matrix]) -> sp.csc_matrix:
    """Join CSC matrices side by side without re-sorting their entries."""
    n = blocks[0].shape[0]
    indptrs = []
    offset = 0
    for b in blocks:
        indptrs.append(b.indptr[:-1] + offset)
        offset += b.nnz
    indptr = np.concatenate([*indptrs, [offset]])
    indices = np.concatenate([b.indices for b in blocks])
    data = np.concatenate([b.data for b in blocks])
    m = sum(b.shape[1] for b in blocks)
    return sp.csc_matrix((data, indices, indptr), shape=(n, m))


def stack(
    blocks: list[tuple[sp.csc_matrix, sp.csc_matrix | None, list[EstimateKey], np.ndarray]],
) -> LinearStatistic:
    """Join variable blocks into one :class:`LinearStatistic`."""
    z = hstack_csc([b[0] for b in blocks])
    ds = [b[1] for b in blocks]
    d = None if any(x is None for x in ds) else hstack_csc([x for x in ds if x is not None])
    keys = [k for b in blocks for k in b[2]]
    return LinearStatistic(numerator=z, denominator=d, keys=keys)
