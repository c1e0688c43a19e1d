"""Planted profiles are recovered without telling the method how many there are."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from phare.typology import (
    PHARE_ACTIVE_DEFAULT,
    PHARE_SUPPLEMENTARY_DEFAULT,
    Typology,
    planted_profiles,
)


@pytest.mark.parametrize("seed", [4, 5])
def test_five_planted_profiles_on_25_questions(seed: int) -> None:
    data, truth = planted_profiles(3000, n_questions=25, n_profiles=5, random_state=seed)
    questions = [c for c in data.columns if c.startswith("q")]
    weights = np.random.default_rng(seed).uniform(0.5, 2.0, len(data))
    typology = Typology(questions, ["region"], random_state=1).fit(data, sample_weight=weights)
    assert typology.n_clusters_ == 5
    assert adjusted_rand_score(truth, typology.labels_) >= 0.8
    assert all(len(p.characteristic) >= 10 for p in typology.description_.profiles)


def test_pre_clustered_path_recovers_profiles() -> None:
    data, truth = planted_profiles(6000, n_questions=25, n_profiles=5, random_state=5)
    questions = [c for c in data.columns if c.startswith("q")]
    typology = Typology(questions, pre_clusters=100, describe=False, random_state=2).fit(data)
    assert typology.hcpc_.pre_clusters_ == 100
    assert adjusted_rand_score(truth, typology.labels_) >= 0.8


def test_demo_wave_latent_profiles_are_recovered() -> None:
    from phare.demo import LATENT_COLUMN, simulate_wave

    wave = simulate_wave()
    data = wave.responses_with_latent()
    weights = (
        data[["respondent_id"]]
        .merge(wave.design[["respondent_id", "weight"]], on="respondent_id", how="left")["weight"]
        .to_numpy()
    )
    sup = [c for c in PHARE_SUPPLEMENTARY_DEFAULT if c in data.columns]
    typology = Typology(PHARE_ACTIVE_DEFAULT, sup, random_state=1).fit(data, sample_weight=weights)
    assert data[LATENT_COLUMN].nunique() == 5
    assert adjusted_rand_score(data[LATENT_COLUMN], typology.labels_) >= 0.8
