"""Profile description, names, settings and the frozen model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from phare.typology import (
    PHARE_ACTIVE_DEFAULT,
    PHARE_SUPPLEMENTARY_DEFAULT,
    Typology,
    TypologyError,
    TypologyModel,
    TypologySettings,
    describe_profiles,
    load_profile_names,
    load_settings,
    planted_profiles,
)


@pytest.fixture(scope="module")
def survey() -> tuple[pd.DataFrame, np.ndarray]:
    """Planted answers renamed like PHARE items, with lever and brake items."""
    data, truth = planted_profiles(1500, n_questions=10, n_profiles=4, random_state=21)
    names = [f"att_{i}" for i in range(6)] + ["levier_a", "levier_b", "frein_a", "frein_b"]
    data = data.rename(columns=dict(zip([f"q{i + 1:02d}" for i in range(10)], names, strict=True)))
    return data, truth


@pytest.fixture(scope="module")
def fitted(survey) -> Typology:
    data, _ = survey
    active = [c for c in data.columns if c != "region"]
    w = np.random.default_rng(0).uniform(0.5, 2, len(data))
    return Typology(active, ["region"], random_state=3).fit(data, sample_weight=w)


def test_profiles_are_described(fitted: Typology) -> None:
    desc = fitted.description_
    assert desc is not None
    assert [p.cluster for p in desc.profiles] == list(range(1, fitted.n_clusters_ + 1))
    assert sum(p.share for p in desc.profiles) == pytest.approx(100)
    for p in desc.profiles:
        assert p.characteristic, p.cluster
        v = [e.v_test for e in p.characteristic]
        assert v == sorted(v, reverse=True) and min(v) > 0
        assert all(e.p_value <= desc.proba for e in p.characteristic)
        assert all(e.v_test < 0 for e in p.anti_characteristic)
        assert set(p.roles) == {"leviers", "freins"}
        assert all(e.variable.startswith("levier_") for e in p.roles["leviers"])
        assert all(e.variable.startswith("frein_") for e in p.roles["freins"])
        top = p.characteristic[0]
        assert p.suggested_name.startswith(f"{top.variable}={top.level}")
    assert len({p.name for p in desc.profiles}) == len(desc.profiles)
    json.loads(desc.model_dump_json())


def test_roles_mapping_is_a_parameter(survey) -> None:
    data, truth = survey
    active = [c for c in data.columns if c != "region"]
    desc = describe_profiles(data, truth, active=active, roles={"att_": "aspirations"})
    assert set(desc.profiles[0].roles) == {"aspirations"}


def test_names_from_yaml_override_suggestions(fitted: Typology, tmp_path: Path) -> None:
    path = tmp_path / "names.yaml"
    path.write_text("1: Bâtisseurs\n2: 'Prudents'\n", encoding="utf-8")
    names = load_profile_names(path)
    assert names == {1: "Bâtisseurs", 2: "Prudents"}
    desc = fitted.description_.with_names(names)
    assert desc.profile(1).name == "Bâtisseurs"
    assert desc.profile(1).suggested_name == fitted.description_.profile(1).suggested_name
    with pytest.raises(TypologyError, match="names"):
        fitted.description_.with_names({99: "x"})
    bad = tmp_path / "bad.yaml"
    bad.write_text("un: x\n", encoding="utf-8")
    with pytest.raises(TypologyError, match="names file"):
        load_profile_names(bad)


def test_model_round_trip_and_assignment(fitted: Typology, survey, tmp_path: Path) -> None:
    data, _ = survey
    path = tmp_path / "model.json"
    fitted.model_.save(path)
    model = TypologyModel.load(path)
    assert model == fitted.model_
    out = model.assign(data)
    # the consolidated classes are (nearly all) the nearest centres
    assert (out["cluster"].to_numpy() == fitted.labels_).mean() > 0.98
    members = out[[f"membership_{k}" for k in range(1, model.n_clusters + 1)]].to_numpy()
    np.testing.assert_allclose(members.sum(axis=1), 1)
    assert ((out["ratio"] >= 0) & (out["ratio"] <= 1)).all()
    assert (out["distance"] <= out["distance_second"]).all()
    # clear-cut rows have a high membership
    clear = out["ratio"] < 0.5
    assert out.loc[clear, "membership"].mean() > out.loc[~clear, "membership"].mean()
    np.testing.assert_allclose(model.transform(data), fitted.mca_.row_coordinates_, atol=1e-10)


def test_unknown_levels_are_counted_and_centred(fitted: Typology, survey) -> None:
    data, _ = survey
    new = data.iloc[:5].copy()
    new["att_0"] = "zzz"
    out = fitted.model_.assign(new)
    assert out["n_unknown"].tolist() == [1] * 5
    with pytest.raises(TypologyError, match="data"):
        fitted.model_.assign(data.drop(columns=["att_1"]))


def test_model_refuses_other_files(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"format": "other"}', encoding="utf-8")
    with pytest.raises(TypologyError, match="model file"):
        TypologyModel.load(path)


def test_phare_defaults_are_q7_to_q9_of_the_instrument() -> None:
    from phare.instrument import load_instrument

    instrument = load_instrument()
    questions = {instrument.variable(v).question for v in PHARE_ACTIVE_DEFAULT}
    assert questions == {"Q7", "Q8", "Q9"}
    q9 = {v.name for v in instrument.question("Q9").variables}
    q8 = {v.name for v in instrument.question("Q8").variables}
    assert q8 | q9 | {"role_mairie"} == set(PHARE_ACTIVE_DEFAULT)
    assert set(PHARE_SUPPLEMENTARY_DEFAULT) <= {"region", "taille", "maire_sexe", "maire_age"}


def test_settings_yaml(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("n_clusters: 4\nweights: poids\n", encoding="utf-8")
    s = load_settings(path)
    assert s.n_clusters == 4 and s.weights == "poids"
    assert s.active == list(PHARE_ACTIVE_DEFAULT)
    path.write_text("unknown_setting: 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown_setting"):
        load_settings(path)
    typology = Typology.from_settings(TypologySettings(n_clusters=3))
    assert typology.n_clusters == 3 and typology.random_state == 20170


def test_vtests_stay_finite_when_p_underflows() -> None:
    from phare.typology.catdes import hypergeometric_vtest

    p, v = hypergeometric_vtest(
        np.array([5000.0, 0.0]), np.array([5000.0, 5000.0]), np.array([5000.0, 5000.0]), 20000
    )
    assert np.all(np.isfinite(v))
    assert v[0] > 40 and v[1] < -40
    assert p[0] == 0.0  # below the smallest double, but the v-test is still ordered


def test_description_is_on_the_sample_scale(survey) -> None:
    data, truth = survey
    active = [c for c in data.columns if c != "region"]
    w = np.random.default_rng(4).uniform(0.5, 2, len(data))
    small = describe_profiles(data, truth, active=active, sample_weight=w)
    big = describe_profiles(data, truth, active=active, sample_weight=w * 30)
    a, b = small.profile(1).characteristic, big.profile(1).characteristic
    assert [(e.variable, e.level) for e in a] == [(e.variable, e.level) for e in b]
    np.testing.assert_allclose([e.v_test for e in a], [e.v_test for e in b], rtol=1e-10)
    counts = describe_profiles(
        data, truth, active=active, sample_weight=w * 30, weights_as_counts=True
    )
    top = counts.profile(1).characteristic[0]
    assert top.v_test > small.profile(1).characteristic[0].v_test * 4


def test_category_labels_make_readable_names(survey) -> None:
    from phare.typology import category_labels

    data, truth = survey
    active = [c for c in data.columns if c != "region"]
    labels = category_labels(
        {v: {lv: f"{v} says {lv}" for lv in "abcde"} for v in active},
        variable_labels={"att_0": "Zéro"},
    )
    assert labels["att_0=a"] == "Zéro : att_0 says a"
    assert category_labels({"role_mairie": {1.0: "Impulser"}}) == {"role_mairie=1": "Impulser"}
    desc = describe_profiles(data, truth, active=active, category_labels=labels)
    top = desc.profile(1).characteristic[0]
    assert desc.profile(1).suggested_name.startswith(labels[f"{top.variable}={top.level}"])
