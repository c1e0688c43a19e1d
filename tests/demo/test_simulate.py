"""One simulated wave: contract format, skip rule, reproducibility, design and non-response."""

import numpy as np
import pandas as pd
import pytest

from phare.demo import LATENT_COLUMN, PROFILES, SIMULATED_LABEL, published_2017, simulate_wave
from phare.instrument import load_instrument


@pytest.fixture(scope="module")
def wave():
    return simulate_wave(seed=2017)


@pytest.fixture(scope="module")
def inst():
    return load_instrument()


def test_responses_have_exactly_the_contract_columns(wave, inst) -> None:
    assert list(wave.responses.columns) == inst.column_order()
    assert LATENT_COLUMN not in wave.responses.columns
    assert 850 <= len(wave.responses) <= 1150
    assert wave.responses["respondent_id"].is_unique
    assert wave.responses["commune"].is_unique
    assert (wave.responses["wave"] == "2017").all()


def test_every_value_is_valid_against_the_instrument(wave, inst) -> None:
    for name in inst.column_order():
        var = inst.variable(name)
        values = wave.responses[name].dropna().unique()
        bad = [v for v in values if not var.check(v).ok]
        assert not bad, (name, bad[:3])
    # every coded item has answers and some empty cells exist (item non-response)
    assert wave.responses["innov"].isna().sum() > 0
    assert wave.responses["innov"].notna().sum() > 800


def test_q6_skip_rule(wave) -> None:
    r = wave.responses
    asked = r["coco_ancree"].isin([1, 2])
    assert r.loc[~asked, "coco_savoir"].isna().all()
    assert r.loc[asked, "coco_savoir"].notna().mean() > 0.95


def test_latent_profiles_are_kept_apart(wave) -> None:
    joined = wave.responses_with_latent()
    assert list(joined.columns[:-1]) == list(wave.responses.columns)
    assert set(joined[LATENT_COLUMN]) == set(PROFILES)
    assert joined[LATENT_COLUMN].value_counts().min() >= 80


def test_same_seed_same_wave_other_seed_other_wave(wave) -> None:
    again = simulate_wave(seed=2017)
    pd.testing.assert_frame_equal(wave.responses, again.responses)
    pd.testing.assert_frame_equal(wave.design, again.design)
    other = simulate_wave(seed=2018)
    assert not wave.responses["commune"].equals(other.responses["commune"])


def test_design_columns_and_inclusion_probabilities(wave) -> None:
    d = wave.design
    assert d["commune"].is_unique
    by = d.groupby("stratum").agg(N=("N_h", "first"), n=("n_h", "first"), size=("commune", "size"))
    assert (by["n"] == by["size"]).all()
    assert np.allclose(d["prob"], d["n_h"] / d["N_h"])
    assert np.allclose(d["weight"], 1 / d["prob"])
    assert by.loc["t5", "n"] / by.loc["t5", "N"] > 5 * by.loc["t1", "n"] / by.loc["t1", "N"]
    assert set(d.loc[d["responded"], "respondent_id"]) == set(wave.responses["respondent_id"])


def test_non_response_differs_by_size_band(wave) -> None:
    rate = wave.design.groupby("taille")["responded"].mean()
    assert rate["t1"] < rate["t3"] < rate["t5"]
    assert rate["t5"] - rate["t1"] > 0.15


def test_metadata_says_simulated(wave) -> None:
    assert wave.metadata["label"] == SIMULATED_LABEL
    assert wave.metadata["seed"] == 2017
    assert "simulée" in wave.metadata["description"]


def test_parameters_are_validated() -> None:
    with pytest.raises(ValueError, match="n_target"):
        simulate_wave(seed=1, n_target=10)
    with pytest.raises(TypeError, match="seed"):
        simulate_wave(seed="1")  # type: ignore[arg-type]


def test_published_figures_table() -> None:
    pub = published_2017()
    numbers = pub.dropna(subset=["value"])
    assert len(numbers) == 11
    assert numbers.loc[numbers["indicator"] == "part_all16", "value"].item() == 0.80
    p6 = numbers.loc[numbers["figure"] == "P6"].set_index("region")["value"]
    assert p6.to_dict() == {"28": 0.77, "84": 0.77, "76": 1.00}
    assert set(pub["figure"]) == {f"P{i}" for i in range(1, 12)}


def test_profiles_are_recoverable_from_q7_to_q9(wave) -> None:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.decomposition import PCA
    from sklearn.metrics import adjusted_rand_score

    items = [
        c
        for c in wave.responses.columns
        if c.startswith(("att_", "frein_", "levier_", "moyen_")) or c == "role_mairie"
    ]
    onehot = pd.get_dummies(wave.responses[items].astype("Int64").astype(str)).astype(float)
    coords = PCA(n_components=10, random_state=0).fit_transform(onehot.to_numpy())
    found = AgglomerativeClustering(n_clusters=5, linkage="ward").fit_predict(coords)
    assert adjusted_rand_score(wave.latent[LATENT_COLUMN], found) >= 0.8
