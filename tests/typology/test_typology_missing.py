"""Non-response never makes a profile when missing answers are ventilated."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from phare.typology import Typology, TypologySettings, planted_profiles
from phare.typology.encoding import MISSING_LEVEL, encode


def _with_skipped_grid(seed: int) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Planted profiles where 4 % of the rows left the first eight questions empty."""
    data, truth = planted_profiles(
        1000, n_questions=20, n_profiles=5, strength=0.7, random_state=seed
    )
    skipped = np.random.default_rng(seed).random(len(data)) < 0.04
    grid = [f"q{q:02d}" for q in range(1, 9)]
    data.loc[skipped, grid] = np.nan
    return data, truth, skipped


def test_missing_as_level_builds_a_non_response_class_and_ventilation_does_not() -> None:
    data, truth, skipped = _with_skipped_grid(4)
    questions = [c for c in data.columns if c.startswith("q")]
    as_level = Typology(questions, n_clusters=6, describe=False, random_state=1).fit(data)
    # with missing as a category, one of the classes is (almost) the skipped rows
    overlap = [
        (skipped & (as_level.labels_ == k)).sum() / max((as_level.labels_ == k).sum(), 1)
        for k in range(1, 7)
    ]
    assert max(overlap) > 0.8
    ventilated = Typology(questions, missing="ventilate", random_state=1).fit(data)
    assert ventilated.n_clusters_ == 5
    assert adjusted_rand_score(truth, ventilated.labels_) >= 0.8
    model = ventilated.model_
    for var in model.active[:8]:
        assert MISSING_LEVEL in var.ventilated and MISSING_LEVEL not in var.levels
    # a new row with the grid empty is projected with its missing answers at the centre
    assigned = model.assign(data[skipped].head(5))
    assert (assigned["n_unknown"] == 0).all()


def test_ventilated_missing_answers_follow_the_weighted_shares() -> None:
    rng = np.random.default_rng(0)
    values = pd.Series(rng.choice(["a", "b", None], size=4000, p=[0.6, 0.3, 0.1]))
    weights = np.ones(len(values))
    enc = encode(
        pd.DataFrame({"x": values}),
        ["x"],
        weights=weights,
        missing="ventilate",
        rng=np.random.default_rng(1),
    )
    assert enc.levels == [["a", "b"]] and enc.ventilated == {"x": [MISSING_LEVEL]}
    was_missing = values.isna().to_numpy()
    share_a = (enc.codes[was_missing, 0] == 0).mean()
    assert abs(share_a - 2 / 3) < 0.06
    # answered rows are untouched
    assert (np.asarray(enc.levels[0])[enc.codes[~was_missing, 0]] == values[~was_missing]).all()


def test_phare_settings_ventilate_rare_levels_and_missing_answers() -> None:
    settings = TypologySettings()
    assert settings.level_ventil == 0.05 and settings.missing == "ventilate"
    assert Typology.from_settings(settings).missing == "ventilate"
