"""The generative model hits the published 2017 figures in POPULATION expectation.

Two routes: the exact expectation from the model's probabilities, and a census (every mayor of
the universe answers once) whose shares must agree with it up to Monte-Carlo error.
"""

import numpy as np
import pandas as pd
import pytest

from phare.demo import NATIONAL_TARGETS, TOP_MOYENS, TOP_ROLES, demo_model
from phare.demo.codes import DOMAINS
from phare.demo.simulate import _answers, _categorical
from phare.instrument import compute_indicators


@pytest.fixture(scope="module")
def model():
    return demo_model()


@pytest.fixture(scope="module")
def expected(model):
    return model.expected_shares()


def test_national_targets_exact(expected) -> None:
    for name, target in NATIONAL_TARGETS.items():
        assert expected[name] == pytest.approx(target, abs=1e-6), name


def test_partnership_structure_is_coherent(expected) -> None:
    parts = {d: expected[f"part_{d}"] for d in DOMAINS}
    assert min(parts.values()) >= expected["part_all16"]
    ranked = sorted(parts, key=parts.get, reverse=True)
    assert ranked[:2] == ["dev_eco", "emploi"]
    assert expected["part_any_social5"] > expected["part_emploi"]


def test_regional_innovation_spread(model, expected) -> None:
    regional = {k.split("@")[1]: v for k, v in expected.items() if k.startswith("innov_agree@")}
    lowest = sorted(regional, key=regional.get)[:2]
    assert set(lowest) == {"28", "84"}
    assert regional["28"] == pytest.approx(0.77)
    assert regional["84"] == pytest.approx(0.77)
    assert regional["76"] >= 0.97
    assert max(regional, key=regional.get) == "76"
    others = [v for r, v in regional.items() if r not in ("28", "84", "76")]
    assert min(others) >= 0.80 and max(others) <= 0.95


def test_innovation_is_flat_across_size_bands(model) -> None:
    idx = np.arange(len(model.units))
    p = pd.Series(model.p_innov_agree(idx)).groupby(model.taille_idx).mean()
    assert p.max() - p.min() < 0.03


def test_means_and_roles_rankings(expected) -> None:
    moyens = {k: v for k, v in expected.items() if k.startswith("moyen_")}
    assert set(sorted(moyens, key=moyens.get, reverse=True)[:2]) == set(TOP_MOYENS)
    for actor, top in TOP_ROLES.items():
        roles = {k: v for k, v in expected.items() if k.startswith(f"role_{actor}_")}
        best = sorted(roles, key=roles.get, reverse=True)[:4]
        assert set(best) == {f"role_{actor}_{d}" for d in top}, actor
        assert roles[best[3]] - sorted(roles.values(), reverse=True)[4] > 0.1


def test_answers_differ_by_size_band(model) -> None:
    idx = np.arange(len(model.units))
    pi = model.profile_probs
    iaa = pd.Series((pi * model.p_iaa(idx)).sum(axis=1)).groupby(model.taille_idx).mean()
    all16 = pd.Series((pi * model.p_all16(idx)).sum(axis=1)).groupby(model.taille_idx).mean()
    assert iaa[4] - iaa[0] > 0.1
    assert all16[0] - all16[4] > 0.1


def test_census_agrees_with_the_exact_expectation(model, expected) -> None:
    rng = np.random.default_rng(7)
    idx = np.arange(len(model.units))
    profile = _categorical(rng, model.profile_probs)
    census = pd.DataFrame(_answers(model, idx, profile, rng))
    census["premier_mandat"] = 1.0
    census["coco_savoir"] = census["coco_savoir"].where(census["coco_ancree"].isin([1, 2]))
    ind = compute_indicators(census)
    for name in NATIONAL_TARGETS:
        got = ind[name].mean() if name in ind else census[name].mean()
        assert got == pytest.approx(expected[name], abs=0.012), name
    for key in ("moyen_communication", "role_entreprises_emploi", "part_sante"):
        assert census[key].mean() == pytest.approx(expected[key], abs=0.012), key
    region = model.units["region"].astype(str).to_numpy()
    occitanie = ind["innov_agree"][region == "76"].mean()
    assert occitanie == pytest.approx(expected["innov_agree@76"], abs=0.01)
