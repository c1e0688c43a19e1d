"""Hierarchical clustering on principal components (FactoMineR's ``HCPC``), weighted.

1. **Tree.** Weighted Ward clustering of the rows' principal coordinates
   (:mod:`phare.typology.ward`); identical rows are merged first (exact: their gain is 0).
   For many distinct rows, **pre-clustering** (HCPC's ``kk``): a weighted k-means to `kk`
   clusters (one seeded random start, at most 30 Lloyd iterations: a summary of the cloud,
   not a final partition, which the consolidation on all rows settles), then Ward on their centres weighted by their total weight; the
   k-means within inertia is counted as the first gain.
2. **Number of classes.** With ``W(k)`` the within inertia of the k-class cut (the sum of all
   gains of the merges below it, W(1) the total inertia), the suggested number is the k in
   [`min_clusters`, `max_clusters`] minimising ``W(k) / W(k − 1)`` — HCPC's rule: the cut after
   which merging one more pair costs the most relative to what remains (Husson, Lê & Pagès 2017,
   §4.7). `max_clusters` defaults to min(10, round(m/2), m − 1), m the number of tree leaves.
3. **Consolidation.** Weighted k-means started from the class centres of the cut
   (:mod:`phare.typology.kmeans`, Hartigan's criterion as R's default ``kmeans``).
4. **Numbering.** Classes are numbered 1..k by increasing centre on the first axis, as HCPC.

Differences with FactoMineR 2.7, on purpose: the consolidation uses the row weights (R's
``kmeans`` has none), and it is also done after pre-clustering (HCPC skips it when ``kk < Inf``),
on all rows; the pre-clustering k-means is weighted. With unit weights and no pre-clustering
the partition is HCPC's (tests/typology/test_typology_golden_factominer.py).

References
----------
Husson, F., Lê, S. & Pagès, J. (2017). Exploratory Multivariate Analysis by Example Using R,
    2nd ed., ch. 4. CRC Press.
Ward, J. H. (1963). Hierarchical grouping to optimize an objective function. JASA 58, 236–244.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_limits

from phare.typology.errors import NotFittedError, TypologyError, check_weights
from phare.typology.kmeans import consolidate
from phare.typology.ward import WardTree, ward_tree

AUTO_PRECLUSTER_ABOVE = 3000
"""With ``pre_clusters="auto"``, pre-cluster when there are more distinct rows than this."""
AUTO_PRECLUSTERS = 100
"""Number of pre-clusters used by ``pre_clusters="auto"`` (HCPC's ``kk``)."""


def suggest_n_clusters(
    within: np.ndarray, min_clusters: int, max_clusters: int
) -> tuple[int, pd.Series]:
    """HCPC's rule: the k in [min, max] minimising W(k)/W(k−1).

    Parameters
    ----------
    within : ndarray
        ``within[k − 1]`` = W(k), the within inertia of the k-class partition (W(1) = total).
    """
    ks = np.arange(min_clusters, max_clusters + 1)
    ratios = within[ks - 1] / within[ks - 2]
    series = pd.Series(ratios, index=pd.Index(ks, name="k"), name="ratio")
    return int(ks[int(np.argmin(ratios))]), series


class HCPC:
    """Ward clustering of principal coordinates, cut by inertia gains, k-means consolidated.

    Parameters
    ----------
    n_clusters : int, optional
        Number of classes; default the suggested number (see module docstring).
    min_clusters : int, default 3
        Smallest number of classes the rule may suggest (HCPC's ``min``), ≥ 2.
    max_clusters : int, optional
        Largest number it may suggest (HCPC's ``max``).
    consolidation : bool, default True
        Consolidate the cut by weighted k-means.
    max_iter : int, default 10
        Passes of the consolidation (R's ``iter.max``).
    pre_clusters : int, "auto" or None, default "auto"
        Number of k-means pre-clusters before Ward (HCPC's ``kk``); None never pre-clusters;
        "auto" uses 100 above 3,000 distinct rows.
    random_state : int or numpy Generator, optional
        Seed of the pre-clustering.

    Attributes
    ----------
    labels_ : ndarray of int, shape (n_rows,)
        Class 1..k of each row.
    n_clusters_ : int
    suggested_n_clusters_ : int
    ratios_ : Series
        W(k)/W(k−1) for k in [min, max].
    inertia_gains_ : ndarray
        Gains of the last merges, largest first (HCPC's ``inert.gain``).
    within_inertia_ : ndarray
        W(k) for k = 1, 2, ... (HCPC's ``within``).
    cluster_centers_ : DataFrame
        Weighted centres of the classes (k × axes).
    labels_before_consolidation_ : ndarray
        Classes of the Ward cut, numbered by the same rule.
    between_inertia_before_, between_inertia_after_ : float
        Between-class inertia of the cut and after consolidation.
    tree_ : WardTree
    pre_clusters_ : int or None
        Number of pre-clusters used.
    n_iter_, converged_ : int, bool
        Consolidation passes and whether they converged.
    """

    def __init__(
        self,
        n_clusters: int | None = None,
        *,
        min_clusters: int = 3,
        max_clusters: int | None = None,
        consolidation: bool = True,
        max_iter: int = 10,
        pre_clusters: int | str | None = "auto",
        random_state: int | np.random.Generator | None = None,
    ) -> None:
        self.n_clusters = n_clusters
        self.min_clusters = min_clusters
        self.max_clusters = max_clusters
        self.consolidation = consolidation
        self.max_iter = max_iter
        self.pre_clusters = pre_clusters
        self.random_state = random_state

    def fit(self, X: Any, y: Any = None, sample_weight: Any = None) -> HCPC:
        """Cluster the rows of `X` (principal coordinates, n_rows × n_axes).

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_rows, n_axes)
        y : ignored
        sample_weight : array-like of shape (n_rows,), optional
        """
        columns = list(X.columns) if isinstance(X, pd.DataFrame) else None
        x = np.asarray(X, dtype=float)
        if x.ndim != 2 or x.shape[0] < 3 or not np.all(np.isfinite(x)):
            raise TypologyError(
                "X", "a finite 2-D array with at least 3 rows", getattr(x, "shape", x)
            )
        w = check_weights(sample_weight, x.shape[0])
        if np.any(w <= 0):
            raise TypologyError("sample_weight", "positive weights", float(w.min()))
        if self.min_clusters < 2:
            raise TypologyError("min_clusters", "an integer >= 2", self.min_clusters)
        rng = np.random.default_rng(self.random_state)
        total = float(w.sum())

        # 1. leaves: distinct rows, then optional k-means pre-clusters
        uniq, inverse = np.unique(x, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        uw = np.bincount(inverse, weights=w)
        kk = self._n_pre_clusters(len(uniq))
        extra_within = 0.0
        if kk is not None and kk < len(uniq):
            seed = int(rng.integers(2**31 - 1))
            # one thread: on a shared machine OpenMP oversubscription costs more than it gains
            with threadpool_limits(1):
                km = KMeans(
                    n_clusters=kk, init="random", n_init=1, max_iter=30, random_state=seed
                ).fit(uniq, sample_weight=uw)
            leaf_of_uniq = km.labels_
            leaves = np.zeros((kk, x.shape[1]))
            leaf_w = np.bincount(leaf_of_uniq, weights=uw, minlength=kk)
            np.add.at(leaves, leaf_of_uniq, uw[:, None] * uniq)
            leaves /= leaf_w[:, None]
            extra_within = (
                float((uw * ((uniq - leaves[leaf_of_uniq]) ** 2).sum(axis=1)).sum()) / total
            )
            leaf_of_row = leaf_of_uniq[inverse]
            self.pre_clusters_: int | None = kk
        else:
            leaves, leaf_w, leaf_of_row = uniq, uw, inverse
            self.pre_clusters_ = None
        m = len(leaves)
        if m < 3:
            raise TypologyError("X", "at least 3 distinct rows", m)

        # 2. tree and number of classes
        tree = ward_tree(leaves, leaf_w)
        gains = tree.heights[::-1].copy()
        if extra_within > 0:
            gains = np.append(gains, extra_within)
        within = np.cumsum(gains[::-1])[::-1]
        max_c = self.max_clusters if self.max_clusters is not None else min(10, round(m / 2))
        max_c = min(int(max_c), m - 1)
        if max_c < self.min_clusters:
            raise TypologyError(
                "max_clusters", f"at least min_clusters = {self.min_clusters}", max_c
            )
        suggested, ratios = suggest_n_clusters(within, int(self.min_clusters), max_c)
        k = suggested if self.n_clusters is None else int(self.n_clusters)
        if not 1 <= k <= m:
            raise TypologyError("n_clusters", f"an integer in [1, {m}]", self.n_clusters)
        cut = tree.cut(k)[leaf_of_row]

        # 3. consolidation and numbering
        centers_cut = _weighted_centers(x, w, cut, k)
        before = _number(cut, centers_cut)
        self.labels_before_consolidation_ = before
        self.between_inertia_before_ = float(gains[: k - 1].sum())
        if self.consolidation and k > 1:
            res = consolidate(x, w, centers_cut, max_iter=int(self.max_iter))
            labels = res.labels
            self.n_iter_, self.converged_ = res.n_iter, res.converged
        else:
            labels = cut
            self.n_iter_, self.converged_ = 0, True
        centers = _weighted_centers(x, w, labels, k)
        labels1 = _number(labels, centers)
        centers = _weighted_centers(x, w, labels1 - 1, k)
        grand = (w[:, None] * x).sum(axis=0) / total
        sizes = np.bincount(labels1 - 1, weights=w, minlength=k)
        self.between_inertia_after_ = float(
            (sizes * ((centers - grand) ** 2).sum(axis=1)).sum() / total
        )
        self.labels_ = labels1
        self.n_clusters_ = k
        self.suggested_n_clusters_ = suggested
        self.ratios_ = ratios
        self.inertia_gains_ = gains
        self.within_inertia_ = within
        self.tree_: WardTree = tree
        self.total_inertia_ = float(within[0])
        self.cluster_centers_ = pd.DataFrame(
            centers,
            index=pd.Index(np.arange(1, k + 1), name="cluster"),
            columns=columns if columns is not None else [f"Dim {s + 1}" for s in range(x.shape[1])],
        )
        self.cluster_weights_ = sizes
        return self

    def _n_pre_clusters(self, n_distinct: int) -> int | None:
        kk = self.pre_clusters
        if kk is None:
            return None
        if kk == "auto":
            return AUTO_PRECLUSTERS if n_distinct > AUTO_PRECLUSTER_ABOVE else None
        if isinstance(kk, str) or not isinstance(kk, int | np.integer) or kk < 3:
            raise TypologyError("pre_clusters", 'an integer >= 3, "auto" or None', kk)
        return int(kk)

    def predict(self, X: Any) -> np.ndarray:
        """Class (1..k) of the nearest centre for each row of `X` (same axes)."""
        if not hasattr(self, "cluster_centers_"):
            raise NotFittedError("this HCPC is not fitted yet: call fit first")
        x = np.asarray(X, dtype=float)
        c = self.cluster_centers_.to_numpy()
        d2 = ((x[:, None, :] - c[None, :, :]) ** 2).sum(axis=2)
        return np.argmin(d2, axis=1) + 1


def paragons(
    X: Any, labels: np.ndarray, centers: np.ndarray, n: int = 5
) -> dict[int, list[tuple[int, float]]]:
    """The `n` rows closest to the centre of their class (HCPC's ``desc.ind$para``).

    Returns, for each class 1..k, (row position, Euclidean distance) pairs, closest first.
    """
    x = np.asarray(X, dtype=float)
    out: dict[int, list[tuple[int, float]]] = {}
    for k in range(1, centers.shape[0] + 1):
        rows = np.flatnonzero(labels == k)
        d = np.sqrt(((x[rows] - centers[k - 1]) ** 2).sum(axis=1))
        order = np.argsort(d, kind="stable")[:n]
        out[k] = [(int(rows[i]), float(d[i])) for i in order]
    return out


def _weighted_centers(x: np.ndarray, w: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    size = np.bincount(labels, weights=w, minlength=k)
    sums = np.zeros((k, x.shape[1]))
    np.add.at(sums, labels, w[:, None] * x)
    return sums / size[:, None]


def _number(labels: np.ndarray, centers: np.ndarray) -> np.ndarray:
    """Renumber classes 1..k by increasing centre on the first axis (HCPC's order)."""
    order = np.argsort(centers[:, 0], kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[labels] + 1
