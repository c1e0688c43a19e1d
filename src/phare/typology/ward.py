"""Weighted Ward hierarchical clustering, with heights measured as inertia gains.

Points ``x_a`` with weights ``w_a`` (``W = Σ w``) start as singletons. Merging clusters a and b
raises the within-cluster inertia by

    Δ(a, b) = (w_a w_b / (w_a + w_b)) ‖x̄_a − x̄_b‖² / W,

and the Lance–Williams update (Ward 1963; Lance & Williams 1967) gives exactly the gains of a
merged cluster:

    Δ(a∪b, k) = ((w_a + w_k) Δ(a, k) + (w_b + w_k) Δ(b, k) − w_k Δ(a, b)) / (w_a + w_b + w_k).

At each step the pair with the smallest gain is merged (a nearest-neighbour array keeps each step
O(m)); the heights sum to the total inertia Σ w ‖x − x̄‖² / W. This is FactoMineR's HCPC tree
(``hclust(method = "ward", members = weight)`` on the dissimilarities ``d² w_a w_b /
(W (w_a + w_b))``). Memory is O(m²): use pre-clustering (see :mod:`phare.typology.hcpc`) when m
is large.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial.distance import pdist, squareform


@dataclass(frozen=True)
class WardTree:
    """The merges of a Ward clustering.

    Attributes
    ----------
    merges : ndarray of shape (m − 1, 2)
        Ids of the merged clusters (leaves 0..m−1, the cluster made at step t has id m + t), as
        scipy's linkage matrix.
    heights : ndarray of shape (m − 1,)
        Inertia gain of each merge, non-decreasing.
    sizes : ndarray of shape (m − 1,)
        Weight of each merged cluster.
    """

    merges: np.ndarray
    heights: np.ndarray
    sizes: np.ndarray

    @property
    def n_leaves(self) -> int:
        """Number of leaves m."""
        return len(self.heights) + 1

    def cut(self, n_clusters: int) -> np.ndarray:
        """Leaf labels 0..k−1 of the partition in `n_clusters` clusters (first merges kept).

        Labels are numbered in order of their first leaf.
        """
        m = self.n_leaves
        if not 1 <= n_clusters <= m:
            raise ValueError(f"n_clusters must be in [1, {m}], got {n_clusters}")
        parent = np.arange(2 * m - 1)

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for t in range(m - n_clusters):
            a, b = self.merges[t]
            parent[find(int(a))] = m + t
            parent[find(int(b))] = m + t
        roots = np.array([find(i) for i in range(m)])
        _, first, inverse = np.unique(roots, return_index=True, return_inverse=True)
        order = np.argsort(np.argsort(first))
        return order[inverse]

    def linkage(self) -> np.ndarray:
        """scipy-style linkage matrix (ids, ids, height, weight), e.g. for a dendrogram."""
        return np.column_stack([self.merges.astype(float), self.heights, self.sizes])


def ward_tree(points: np.ndarray, weights: np.ndarray) -> WardTree:
    """Build the weighted Ward tree of `points` (m × d) with `weights` (m,)."""
    x = np.asarray(points, dtype=float)
    w = np.asarray(weights, dtype=float).copy()
    m = x.shape[0]
    if m < 2:
        raise ValueError("at least two points are needed")
    total = w.sum()
    d = squareform(pdist(x, "sqeuclidean"))
    d *= np.outer(w, w) / (np.add.outer(w, w) * total)
    np.fill_diagonal(d, np.inf)
    nn = np.argmin(d, axis=1)
    nnd = d[np.arange(m), nn]
    alive = np.ones(m, dtype=bool)
    ids = np.arange(m)
    merges = np.empty((m - 1, 2), dtype=np.int64)
    heights = np.empty(m - 1)
    sizes = np.empty(m - 1)
    for t in range(m - 1):
        a = int(np.argmin(nnd))
        b = int(nn[a])
        if b < a:
            a, b = b, a
        h = d[a, b]
        merges[t] = sorted((ids[a], ids[b]))
        heights[t] = h
        wa, wb = w[a], w[b]
        sizes[t] = wa + wb
        with np.errstate(invalid="ignore"):
            new = ((wa + w) * d[a] + (wb + w) * d[b] - w * h) / (wa + wb + w)
        alive[b] = False
        new[~alive] = np.inf
        new[a] = np.inf
        d[a, :] = new
        d[:, a] = new
        d[b, :] = np.inf
        d[:, b] = np.inf
        nnd[b] = np.inf
        w[a] = wa + wb
        ids[a] = m + t
        stale = alive & ((nn == a) | (nn == b))
        stale[a] = True
        better = alive & ~stale & (new < nnd)
        nn[better] = a
        nnd[better] = new[better]
        for k in np.flatnonzero(stale):
            nn[k] = int(np.argmin(d[k]))
            nnd[k] = d[k, nn[k]]
    return WardTree(merges, heights, sizes)
