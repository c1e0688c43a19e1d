"""Properties of phare's own replicate generators (random ones cannot be matched to R).

For a linear estimator (a Horvitz-Thompson total) the Rao-Wu and Preston bootstraps are
designed so that the expected bootstrap variance equals the unbiased variance of the design,
fpc included: sum_h N_h^2 (1 - f_h) s_h^2 / n_h for stratified simple random sampling. With
many replicates the bootstrap variance must be close to it (Monte-Carlo error ~ sqrt(2/R)),
and clearly away from the variance that drops the fpc.
"""

from __future__ import annotations

import numpy as np
import pytest

from phare.stats.replicates import (
    ReplicateFactors,
    jackknife,
    preston_bootstrap,
    rao_wu_bootstrap,
    replicate_vcov,
)


def _stratified_sample(seed: int) -> dict[str, np.ndarray]:
    """Three strata sampled at 20%, 50% and 80% (large-commune strata are sampled heavily)."""
    rng = np.random.default_rng(seed)
    sizes = np.array([40, 25, 12])
    population = np.array([200, 50, 15])
    strata = np.repeat(np.arange(3), sizes)
    y = rng.gamma(2.0, 50.0, size=strata.size) * (1 + strata)
    fpc = population[strata].astype(float)
    weights = fpc / sizes[strata]
    return {"strata": strata, "y": y, "fpc": fpc, "weights": weights, "psu": np.arange(strata.size)}


def _unbiased_variance(s: dict[str, np.ndarray], with_fpc: bool = True) -> float:
    total = 0.0
    for h in np.unique(s["strata"]):
        y = s["y"][s["strata"] == h]
        n_h = y.size
        big_n = s["fpc"][s["strata"] == h][0]
        f = n_h / big_n if with_fpc else 0.0
        total += big_n**2 * (1 - f) * y.var(ddof=1) / n_h
    return total


def _bootstrap_variance(s: dict[str, np.ndarray], rf: ReplicateFactors) -> float:
    z = s["weights"] * s["y"]
    reps = z @ rf.factors
    return float(rf.vcov(reps, z.sum())[0, 0])


@pytest.mark.parametrize("generator", [rao_wu_bootstrap, preston_bootstrap])
def test_bootstrap_variance_of_a_total_matches_the_unbiased_fpc_variance(generator) -> None:
    s = _stratified_sample(1)
    rf = generator(s["psu"], s["strata"], s["fpc"], replicates=6000, seed=11)
    v_boot = _bootstrap_variance(s, rf)
    v_true = _unbiased_variance(s)
    v_nofpc = _unbiased_variance(s, with_fpc=False)
    assert abs(v_boot / v_true - 1) < 0.06
    assert abs(v_boot / v_nofpc - 1) > 0.15  # the fpc really is applied


@pytest.mark.parametrize("generator", [rao_wu_bootstrap, preston_bootstrap])
def test_bootstrap_factors_have_mean_one_are_non_negative_and_are_seeded(generator) -> None:
    s = _stratified_sample(2)
    rf = generator(s["psu"], s["strata"], s["fpc"], replicates=4000, seed=5)
    assert rf.factors.shape == (s["y"].size, 4000)
    assert (rf.factors >= 0).all()
    assert np.abs(rf.factors.mean(axis=1) - 1).max() < 0.08
    again = generator(s["psu"], s["strata"], s["fpc"], replicates=4000, seed=5)
    np.testing.assert_array_equal(rf.factors, again.factors)
    other = generator(s["psu"], s["strata"], s["fpc"], replicates=4000, seed=6)
    assert not np.array_equal(rf.factors, other.factors)
    assert rf.seed == 5 and rf.scale == pytest.approx(1 / 3999)


def test_rao_wu_stratum_sampled_exhaustively_contributes_nothing() -> None:
    strata = np.repeat([0, 1], [10, 4])
    fpc = np.where(strata == 0, 100.0, 4.0)  # stratum 1 is a census
    rf = rao_wu_bootstrap(np.arange(14), strata, fpc, replicates=50, seed=3)
    np.testing.assert_array_equal(rf.factors[strata == 1], 1.0)
    assert rf.factors[strata == 0].std() > 0


def test_preston_two_stage_matches_the_two_stage_unbiased_variance() -> None:
    """Two-stage SRS without replacement: V = N^2 (1-f1) s1^2/n + N/n sum_i M_i^2 (1-f2i) s2i^2/m_i."""
    rng = np.random.default_rng(4)
    n_psu, big_n = 12, 15
    m_i = rng.integers(3, 7, size=n_psu)
    big_m = m_i * 3
    cluster = np.repeat(np.arange(n_psu), m_i)
    y = rng.normal(10, 20, size=cluster.size) + rng.normal(0, 2, size=n_psu)[cluster]
    w = (big_n / n_psu) * (big_m / m_i)[cluster]
    rf = preston_bootstrap(
        [cluster, np.arange(cluster.size)],
        None,
        [np.full(cluster.size, float(big_n)), big_m[cluster].astype(float)],
        replicates=8000,
        seed=8,
    )
    reps = (w * y) @ rf.factors
    v_boot = float(rf.vcov(reps, (w * y).sum())[0, 0])
    totals = np.array([(big_m[i] / m_i[i]) * y[cluster == i].sum() for i in range(n_psu)])
    f1 = n_psu / big_n
    v1 = big_n**2 * (1 - f1) * totals.var(ddof=1) / n_psu
    v2 = sum(
        big_m[i] ** 2 * (1 - m_i[i] / big_m[i]) * y[cluster == i].var(ddof=1) / m_i[i]
        for i in range(n_psu)
    )
    v_true = v1 + (big_n / n_psu) * v2
    assert abs(v_boot / v_true - 1) < 0.06
    assert abs(v_boot / v1 - 1) > 0.05  # the second stage is accounted for


def test_jackknife_variance_of_a_total_is_the_unbiased_fpc_variance_exactly() -> None:
    s = _stratified_sample(3)
    rf = jackknife(s["psu"], s["strata"], s["fpc"])
    assert rf.method == "JKn" and rf.n_replicates == s["y"].size
    np.testing.assert_allclose(_bootstrap_variance(s, rf), _unbiased_variance(s), rtol=1e-10)


def test_replicate_vcov_centres_on_mean_or_full_sample() -> None:
    reps = np.array([[1.0], [2.0], [4.0]])
    rscales = np.ones(3)
    assert replicate_vcov(reps, [2.0], scale=0.5, rscales=rscales)[0, 0] == pytest.approx(
        0.5 * ((1 - 7 / 3) ** 2 + (2 - 7 / 3) ** 2 + (4 - 7 / 3) ** 2)
    )
    assert replicate_vcov(reps, [2.0], scale=0.5, rscales=rscales, mse=True)[0, 0] == 2.5


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"replicates": 1, "seed": 1}, "replicates"),
        ({"replicates": 10, "seed": None}, "seed"),
        ({"replicates": 10, "seed": 1.5}, "seed"),
    ],
)
def test_bootstrap_arguments_are_validated(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        rao_wu_bootstrap(np.arange(6), np.repeat([0, 1], 3), None, **kwargs)


def test_single_psu_stratum_is_refused_unless_removed() -> None:
    strata = np.array([0, 0, 0, 1])
    with pytest.raises(ValueError, match="single PSU"):
        jackknife(np.arange(4), strata)
    rf = jackknife(np.arange(4), strata, lonely_psu="remove")
    assert rf.n_replicates == 3
    with pytest.raises(ValueError, match="single PSU"):
        rao_wu_bootstrap(np.arange(4), strata, replicates=5, seed=1)


def test_fpc_must_be_constant_within_a_stratum_and_not_below_the_sample() -> None:
    strata = np.repeat([0, 1], 3)
    with pytest.raises(ValueError, match="one value per stratum"):
        jackknife(np.arange(6), strata, [10, 11, 10, 5, 5, 5])
    with pytest.raises(ValueError, match="smaller than"):
        jackknife(np.arange(6), strata, [2, 2, 2, 5, 5, 5])


def test_rao_wu_without_fpc_is_r_subbootstrap() -> None:
    """With f_h = 0, a_hi = n_h/(n_h-1) r_hi: R's ``subbootstrap`` factors (counts rescaled)."""
    strata = np.repeat([0, 1], [7, 5])
    rf = rao_wu_bootstrap(np.arange(12), strata, None, replicates=300, seed=9)
    for h, n_h in ((0, 7), (1, 5)):
        counts = rf.factors[strata == h] * (n_h - 1) / n_h
        np.testing.assert_allclose(counts, np.round(counts), atol=1e-12)
        np.testing.assert_array_equal(np.round(counts).sum(axis=0), n_h - 1)
    assert rf.scale == pytest.approx(1 / 299)
