"""Ward tree, cut rule, consolidation and pre-clustering: identities and two routes."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.metrics import adjusted_rand_score

from phare.typology import HCPC, TypologyError
from phare.typology.hcpc import suggest_n_clusters
from phare.typology.kmeans import consolidate
from phare.typology.ward import ward_tree


@pytest.fixture(scope="module")
def points() -> np.ndarray:
    rng = np.random.default_rng(5)
    centres = 8 * np.vstack([np.zeros(3), np.eye(3)])
    return np.vstack([c + rng.normal(size=(60, 3)) for c in centres])


def test_unit_weight_ward_equals_scipy(points: np.ndarray) -> None:
    """Two routes: scipy's Ward height h relates to our gain Δ by Δ = h² / (2 n)."""
    tree = ward_tree(points, np.ones(len(points)))
    ref = linkage(points, "ward")
    np.testing.assert_allclose(tree.heights, ref[:, 2] ** 2 / (2 * len(points)), rtol=1e-9)
    for k in (2, 3, 4, 7):
        ours = tree.cut(k)
        theirs = fcluster(ref, k, criterion="maxclust")
        assert adjusted_rand_score(ours, theirs) == 1.0


def test_heights_sum_to_total_inertia(points: np.ndarray) -> None:
    w = np.random.default_rng(1).uniform(0.5, 2, len(points))
    tree = ward_tree(points, w)
    centre = (w[:, None] * points).sum(axis=0) / w.sum()
    total = (w * ((points - centre) ** 2).sum(axis=1)).sum() / w.sum()
    assert tree.heights.sum() == pytest.approx(total, rel=1e-10)
    assert np.all(np.diff(tree.heights) >= -1e-12)


def test_integer_weights_equal_duplicated_points(points: np.ndarray) -> None:
    w = np.ones(len(points))
    w[::7] = 2
    hc_w = HCPC(4, pre_clusters=None).fit(points, sample_weight=w)
    dup = np.vstack([points, points[::7]])
    hc_d = HCPC(4, pre_clusters=None).fit(dup)
    assert adjusted_rand_score(hc_w.labels_, hc_d.labels_[: len(points)]) == 1.0
    np.testing.assert_allclose(hc_w.inertia_gains_[:10], hc_d.inertia_gains_[:10], rtol=1e-9)


def test_rule_picks_the_largest_relative_drop() -> None:
    within = np.array([10.0, 6.0, 3.0, 1.0, 0.9, 0.85])
    k, ratios = suggest_n_clusters(within, 3, 6)
    assert k == 4
    assert ratios.loc[4] == pytest.approx(1 / 3)


def test_suggests_the_planted_number(points: np.ndarray) -> None:
    hc = HCPC().fit(points)
    assert hc.suggested_n_clusters_ == 4
    assert hc.n_clusters_ == 4


def test_consolidation_never_increases_within_inertia(points: np.ndarray) -> None:
    w = np.random.default_rng(2).uniform(0.5, 2, len(points))
    before = HCPC(6, consolidation=False).fit(points, sample_weight=w)
    after = HCPC(6, consolidation=True).fit(points, sample_weight=w)
    assert after.between_inertia_after_ >= before.between_inertia_after_ - 1e-12
    assert after.converged_


def test_consolidation_fixed_point() -> None:
    x = np.array([[0.0], [1.0], [10.0], [11.0]])
    res = consolidate(x, np.ones(4), np.array([[0.0], [10.0]]))
    assert res.labels.tolist() == [0, 0, 1, 1]
    np.testing.assert_allclose(res.centers, [[0.5], [10.5]])


def test_classes_are_numbered_along_the_first_axis(points: np.ndarray) -> None:
    hc = HCPC(4).fit(points)
    assert np.all(np.diff(hc.cluster_centers_.iloc[:, 0].to_numpy()) > 0)
    assert set(hc.labels_) == {1, 2, 3, 4}


def test_pre_clustering_is_seeded_and_close_to_exact(points: np.ndarray) -> None:
    exact = HCPC(4, pre_clusters=None).fit(points)
    a = HCPC(4, pre_clusters=30, random_state=4).fit(points)
    b = HCPC(4, pre_clusters=30, random_state=4).fit(points)
    assert a.pre_clusters_ == 30
    np.testing.assert_array_equal(a.labels_, b.labels_)
    assert adjusted_rand_score(a.labels_, exact.labels_) > 0.95
    # the k-means within inertia is counted as the first gain: the W(k) stay comparable
    assert a.within_inertia_[0] == pytest.approx(exact.within_inertia_[0], rel=1e-9)


def test_predict_is_nearest_centre(points: np.ndarray) -> None:
    hc = HCPC(4).fit(points)
    assert (hc.predict(points) == hc.labels_).mean() > 0.99


def test_errors() -> None:
    with pytest.raises(TypologyError, match="min_clusters"):
        HCPC(min_clusters=1).fit(np.random.default_rng(0).normal(size=(20, 2)))
    with pytest.raises(TypologyError, match="pre_clusters"):
        HCPC(pre_clusters=1).fit(np.random.default_rng(0).normal(size=(20, 2)))
    with pytest.raises(TypologyError, match="X"):
        HCPC().fit(np.zeros((2, 2)))
