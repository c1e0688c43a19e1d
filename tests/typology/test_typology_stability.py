"""Bootstrap stability: seeded, high for clear profiles, low for noise."""

from __future__ import annotations

import numpy as np
import pandas as pd

from phare.typology import Typology, bootstrap_stability, planted_profiles
from phare.typology.stability import _one_vs_best


def test_stable_profiles_score_high_and_are_reproducible() -> None:
    data, _ = planted_profiles(800, n_questions=15, n_profiles=3, strength=0.7, random_state=8)
    q = [c for c in data.columns if c.startswith("q")]
    typology = Typology(q, n_clusters=3, describe=False, random_state=1).fit(data)
    a = bootstrap_stability(typology, data, n_boot=4, random_state=5)
    done: list[int] = []
    b = bootstrap_stability(typology, data, n_boot=4, random_state=5, on_draw=done.append)
    assert a == b  # reproducible, and the progress callback changes nothing
    assert done == [1, 2, 3, 4]  # called once after each draw
    assert a.ari > 0.9
    assert all(p.jaccard > 0.85 and p.ari > 0.85 for p in a.profiles)


def test_noise_is_unstable() -> None:
    rng = np.random.default_rng(3)
    data = pd.DataFrame({f"q{i}": rng.choice(list("abc"), 600) for i in range(10)})
    typology = Typology(list(data.columns), n_clusters=4, describe=False, random_state=1).fit(data)
    result = bootstrap_stability(typology, data, n_boot=4, random_state=2)
    assert result.ari < 0.7


def test_per_class_measures_on_a_known_case() -> None:
    original = np.array([1, 1, 1, 1, 2, 2, 2, 2])
    boot = np.array([2, 2, 2, 1, 1, 1, 1, 1])
    jaccard, ari = _one_vs_best(original, boot, 2)
    np.testing.assert_allclose(jaccard, [3 / 4, 4 / 5])
    assert ari[0] == ari[1]  # both are the same two-class comparison
