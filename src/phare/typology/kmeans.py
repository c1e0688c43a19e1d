"""Weighted k-means consolidation started from given centres (Hartigan's transfers).

FactoMineR's HCPC consolidates the hierarchical partition with R's ``kmeans`` started from the
class centres, whose default is the Hartigan–Wong algorithm (Hartigan & Wong 1979, AS 136). We
follow the same criterion with row weights: after assigning each row to its nearest centre, a
row i (weight w_i) of class L₁ moves to class L₂ when it lowers the within inertia, i.e. when

    W_{L₂} ‖x_i − c_{L₂}‖² / (W_{L₂} + w_i)  <  W_{L₁} ‖x_i − c_{L₁}‖² / (W_{L₁} − w_i),

and both centres are updated at once. Passes stop when no row moves (or after `max_iter`
passes). Each pass screens all rows at once and examines the candidates one by one.

Reference: Hartigan, J. A. & Wong, M. A. (1979). Algorithm AS 136: A K-means clustering
algorithm. Applied Statistics 28(1), 100–108.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class KMeansResult:
    """Result of :func:`consolidate`: labels 0..k−1, centres, passes and convergence."""

    labels: np.ndarray
    centers: np.ndarray
    n_iter: int
    converged: bool


def _sq_dist(x: np.ndarray, centers: np.ndarray) -> np.ndarray:
    return ((x[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)


def _centers(
    x: np.ndarray, w: np.ndarray, labels: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    size = np.bincount(labels, weights=w, minlength=k)
    sums = np.zeros((k, x.shape[1]))
    np.add.at(sums, labels, w[:, None] * x)
    with np.errstate(invalid="ignore", divide="ignore"):
        return sums / size[:, None], size


def consolidate(
    x: np.ndarray, weights: np.ndarray, centers: np.ndarray, max_iter: int = 10
) -> KMeansResult:
    """Weighted k-means from `centers` (k × d) by nearest assignment then Hartigan transfers."""
    x = np.asarray(x, dtype=float)
    w = np.asarray(weights, dtype=float)
    k = centers.shape[0]
    labels = np.argmin(_sq_dist(x, centers), axis=1)
    c, size = _centers(x, w, labels, k)
    if np.any(size <= 0):
        # an empty class keeps its starting centre (never happens from a Ward cut)
        empty = size <= 0
        c[empty] = centers[empty]
    n_iter = 0
    converged = False
    while n_iter < max_iter:
        n_iter += 1
        d2 = _sq_dist(x, c)
        own = d2[np.arange(len(x)), labels]
        own_size = size[labels]
        with np.errstate(divide="ignore", invalid="ignore"):
            r1 = np.where(own_size > w, own_size * own / (own_size - w), np.inf)
            r2 = size[None, :] * d2 / (size[None, :] + w[:, None])
        r2[np.arange(len(x)), labels] = np.inf
        candidates = np.flatnonzero((r2.min(axis=1) < r1) & (own_size > w))
        moved = 0
        for i in candidates:
            l1 = labels[i]
            wi = w[i]
            if size[l1] <= wi:
                continue
            di = ((c - x[i]) ** 2).sum(axis=1)
            r1i = size[l1] * di[l1] / (size[l1] - wi)
            r2i = size * di / (size + wi)
            r2i[l1] = np.inf
            l2 = int(np.argmin(r2i))
            if r2i[l2] < r1i:
                c[l1] = (size[l1] * c[l1] - wi * x[i]) / (size[l1] - wi)
                c[l2] = (size[l2] * c[l2] + wi * x[i]) / (size[l2] + wi)
                size[l1] -= wi
                size[l2] += wi
                labels[i] = l2
                moved += 1
        if moved == 0:
            converged = True
            break
    c, _ = _centers(x, w, labels, k)
    return KMeansResult(labels, c, n_iter, converged)
