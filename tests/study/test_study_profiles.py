"""The mayor profiles of a wave: number found, recovery of the demo's latent profiles, names,
levers and brakes, stability, frozen model across waves, names file."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score
from typer.testing import CliRunner

from phare.cli.main import app
from phare.demo import LATENT_COLUMN, simulate_wave
from phare.frame import load_frame
from phare.instrument import load_instrument
from phare.publish import write_report
from phare.study import StudySettings, WaveResults
from phare.study.analysis import prepare_responses
from phare.study.profiles import (
    load_profile_names,
    model_from_results,
    run_typology,
    suggest_short_names,
)
from phare.study.weighting import calibration_population, weight_wave
from phare.typology import CategoryEffect, TypologyModel


def _latent(wave) -> pd.Series:
    """The simulator's latent profile of each respondent, joined by respondent id."""
    joined = wave.responses[["respondent_id", "commune"]].merge(
        wave.latent[["respondent_id", "commune", LATENT_COLUMN]],
        on=["respondent_id", "commune"],
        how="left",
        validate="one_to_one",
    )
    assert joined[LATENT_COLUMN].notna().all()
    return joined[LATENT_COLUMN]


def _majority(truth: pd.Series, found: np.ndarray) -> dict[str, int]:
    table = pd.crosstab(truth.to_numpy(), found)
    return {str(k): int(table.loc[k].idxmax()) for k in table.index}


def test_the_method_not_told_the_number_finds_the_five_latent_profiles(
    demo_wave, demo_results: WaveResults
) -> None:
    ty = demo_results.typology
    assert demo_results.metadata.settings.typology_clusters is None
    assert ty.available and ty.mode == "fitted"
    assert ty.n_clusters_source == "suggested"
    assert ty.n_clusters == ty.n_clusters_suggested == 5
    assert len(ty.profiles) == 5
    model = model_from_results(ty)
    assert model is not None
    assigned = model.assign(demo_wave.responses)["cluster"].to_numpy()
    ari = adjusted_rand_score(_latent(demo_wave), assigned)
    print(f"demo wave: k = {ty.n_clusters}, ARI vs latent = {ari:.3f}")
    assert ari >= 0.8
    # the frozen model reproduces the clustering of the wave it was fitted on
    assert ty.assignment is not None and ty.assignment.agreement_with_fit is not None
    assert ty.assignment.agreement_with_fit >= 0.98


def test_non_response_makes_no_profile(demo_wave, demo_results: WaveResults) -> None:
    ty = demo_results.typology
    grid = [c for c in demo_wave.responses.columns if c.startswith("moyen_")]
    skipped = int(demo_wave.responses[grid].isna().all(axis=1).sum())
    assert skipped > 0  # the demo wave has respondents who left the Q8 grid empty
    assert ty.n_missing_answers >= skipped
    assert "NA" in ty.ventilated["moyen_dialogue"]
    for p in ty.profiles:
        assert all(t.level != "NA" for t in p.traits), p.code
        assert "sans réponse" not in p.name_fr + p.description_fr
        row = demo_results.row(p.share_row)
        assert row.estimate is not None and row.estimate > 0.05  # no 2 % "profile"


def test_short_names_levers_brakes_and_lesson_seven(demo_results: WaveResults) -> None:
    ty = demo_results.typology
    names = [p.name_fr for p in ty.profiles]
    assert len(set(names)) == len(names)
    for p in ty.profiles:
        assert p.name_source == "suggested" and p.name_fr == p.suggested_name_fr
        assert len(p.name_fr.split()) <= 7 and "·" not in p.name_fr and ":" not in p.name_fr
        assert len(p.description_fr) > 2 * len(p.name_fr)
        assert p.label_fr == f"{p.code} — {p.name_fr}"
        assert {i.variable for i in p.levers} == {"levier_interco", "levier_outils"}
        assert {i.variable for i in p.brakes} == {
            "frein_temps",
            "frein_connaissance",
            "frein_cultures",
        }
        for item in p.levers + p.brakes:
            assert 0 <= item.share_in_profile <= 1
            assert item.put_forward == (item.share_in_profile - item.share_overall >= 0.10)
        assert p.levers_fr == [i.short_fr for i in p.levers if i.put_forward]
    # at least one profile puts levers forward and one feels brakes
    assert any(p.levers_fr for p in ty.profiles) and any(p.brakes_fr for p in ty.profiles)
    lesson = next(les for les in demo_results.lessons if les.code == "profils")
    assert "L'ensemble de ces profils signale des leviers et des freins" in lesson.text_fr
    assert lesson.text_fr.startswith("Cinq profils")
    for p in ty.profiles:
        assert f"«\u00a0{p.name_fr}\u00a0»" in lesson.text_fr
    assert "leviers :" in lesson.text_fr and "freins :" in lesson.text_fr
    # every indicator is broken down by profile
    assert any(d.by == "profil" for d in demo_results.domains)
    rows = demo_results.rows("innov_agree", "profil")
    assert [r.group for r in rows] == [p.code for p in ty.profiles]


def test_stability_is_in_the_results(demo_results: WaveResults) -> None:
    st = demo_results.typology.stability
    assert st is not None
    assert st.n_boot == demo_results.metadata.settings.typology_bootstrap == 30
    assert st.seed == demo_results.metadata.seed
    assert 0.9 <= st.ari <= 1.0 and st.ari_min <= st.ari + 1e-12
    assert [r.code for r in st.profiles] == [p.code for p in demo_results.typology.profiles]
    for p in demo_results.typology.profiles:
        assert p.jaccard is not None and p.jaccard > 0.85  # well-separated planted profiles
        assert p.membership is not None and 0 < p.membership <= 1


def test_the_frozen_model_assigns_another_wave_with_the_same_profiles(
    demo_wave, demo_results: WaveResults, tmp_path
) -> None:
    files = write_report(demo_results, tmp_path, build_date="2017-07-01", formats=("json",))
    assert files.typology_model is not None
    assert files.typology_model.name == "phare-2017-typologie.json"
    model = TypologyModel.load(files.typology_model)
    assert model.names == {int(p.code[1:]): p.name_fr for p in demo_results.typology.profiles}
    names = tmp_path / "profils.yaml"
    names.write_text("2: {fr: Bâtisseurs, en: Builders}\n", encoding="utf-8")
    out = tmp_path / "out"
    run = CliRunner().invoke(
        app,
        [
            "report",
            "--demo",
            "--seed",
            "11",
            "--wave",
            "2018-simule",
            "--db",
            str(tmp_path / "vague.sqlite"),
            "--out",
            str(out),
            "--formats",
            "json",
            "--typology-model",
            str(files.typology_model),
            "--profile-names",
            str(names),
        ],
    )
    assert run.exit_code == 0, run.output
    results = WaveResults.from_json((out / "phare-2018-simule-resultats.json").read_text())
    ty = results.typology
    assert ty.mode == "frozen" and ty.n_clusters_source == "model" and ty.stability is None
    assert ty.model_source == "phare-2017-typologie.json" and ty.names_file == "profils.yaml"
    assert results.metadata.settings.profile_names[2].en == "Builders"
    fitted_names = [p.name_fr for p in demo_results.typology.profiles]
    assert [p.name_fr for p in ty.profiles] == [
        "Bâtisseurs" if p.code == "P2" else n
        for p, n in zip(ty.profiles, fitted_names, strict=True)
    ]
    assert {p.code: p.name_source for p in ty.profiles}["P2"] == "team"
    assert all(p.name_source == "model" for p in ty.profiles if p.code != "P2")
    assert ty.assignment is not None and ty.assignment.share_clear > 0.9
    assert ty.stability_at_fit == demo_results.typology.stability
    assert "modèle de typologie figé" in results.lessons[-1].text_fr
    assert (out / "phare-2018-simule-typologie.json").exists()
    # the respondents of the other wave fall into the profiles of their latent profile
    other = simulate_wave(seed=11)
    assigned = model.assign(other.responses)["cluster"].to_numpy()
    ari = adjusted_rand_score(_latent(other), assigned)
    print(f"frozen model on seed 11: ARI vs latent = {ari:.3f}")
    assert ari >= 0.8
    shares = pd.Series(assigned).value_counts(normalize=True)
    for p in ty.profiles:
        assert abs(shares[int(p.code[1:])] - p.n / len(assigned)) < 1e-9  # same assignment
    # profiles keep their meaning: each latent profile lands in the same profile in both waves
    fitted = model.assign(demo_wave.responses)["cluster"].to_numpy()
    assert _majority(_latent(other), assigned) == _majority(_latent(demo_wave), fitted)


@pytest.fixture(scope="module")
def demo_design(demo_wave):
    frame = load_frame()
    data, _ = prepare_responses(demo_wave.responses, frame, load_instrument())
    return weight_wave(data, calibration_population(frame), StudySettings(), demo_wave.design)


def test_profile_names_file_overrides_the_suggestions(demo_design, tmp_path) -> None:
    path = tmp_path / "profils.yaml"
    path.write_text(
        "1: Bâtisseurs d'alliances\nP3:\n  fr: Maires prudents\n  en: Cautious mayors\n",
        encoding="utf-8",
    )
    names = load_profile_names(path)
    assert names[1].fr == "Bâtisseurs d'alliances" and names[1].en is None
    assert names[3].en == "Cautious mayors"
    settings = StudySettings(profile_names=names, typology_bootstrap=0)
    outcome = run_typology(demo_design.design, seed=2017, settings=settings, names_file=path.name)
    ty = outcome.results
    by_code = {p.code: p for p in ty.profiles}
    assert by_code["P1"].name_fr == "Bâtisseurs d'alliances"
    assert by_code["P1"].name_source == "team"
    assert by_code["P3"].name_en == "Cautious mayors"
    assert by_code["P2"].name_source == "suggested"
    assert ty.names_file == "profils.yaml" and ty.stability is None
    assert outcome.model is not None and outcome.model.names[1] == "Bâtisseurs d'alliances"
    assert ("P1", "P1 — Bâtisseurs d'alliances", "P1 — Bâtisseurs d'alliances") in outcome.groups
    with pytest.raises(ValueError, match=r"profile_names: class\(es\) \[9\]"):
        run_typology(
            demo_design.design,
            seed=2017,
            settings=StudySettings(profile_names={9: {"fr": "X"}}, typology_bootstrap=0),
        )
    bad = tmp_path / "bad.yaml"
    bad.write_text("un: Nom\n", encoding="utf-8")
    with pytest.raises(ValueError, match="class number"):
        load_profile_names(bad)
    bad.write_text("1: {en: Name}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="class 1"):
        load_profile_names(bad)


def test_a_fixed_number_of_profiles_is_recorded(demo_design) -> None:
    outcome = run_typology(
        demo_design.design,
        seed=3,
        settings=StudySettings(typology_clusters=4, typology_bootstrap=0),
    )
    ty = outcome.results
    assert ty.n_clusters == 4 and ty.n_clusters_source == "settings"
    assert ty.n_clusters_suggested == 5
    assert set(outcome.design.data["profil"]) == {"P1", "P2", "P3", "P4"}
    assert all(re.fullmatch(r"P\d — .+", g[1]) for g in outcome.groups)


def _effect(variable: str, level: str, v: float) -> CategoryEffect:
    return CategoryEffect(
        variable=variable,
        level=level,
        share_in_profile=60.0,
        share_overall=20.0,
        profile_share_of_category=50.0,
        v_test=v,
        p_value=1e-6,
    )


def test_suggested_names_are_short_and_distinct() -> None:
    partner = [
        _effect("role_mairie", "3", 12),
        _effect("levier_outils", "2", 10),
        _effect("att_entreprises", "1", 9),
        _effect("frein_cultures", "4", 8),  # disagreeing with a brake: not a name
    ]
    short = [
        _effect("role_mairie", "3", 11),
        _effect("levier_outils", "1", 10),
        _effect("frein_connaissance", "1", 9),
    ]
    steer = [_effect("att_pilotage", "1", 15), _effect("role_mairie", "1", 14)]
    empty: list[CategoryEffect] = [_effect("frein_temps", "4", 5)]
    names = suggest_short_names({1: partner, 2: short, 3: steer, 4: empty})
    assert names[1] == ("Accompagner, entreprises contributrices", "Support, businesses contribute")
    assert names[2][0] == "Accompagner, acteurs mal connus"
    assert names[3][0] == "Impulser, piloter soi-même"
    assert names[4][0] == "Profil sans trait dominant"
    # a tie nothing can break keeps the profiles apart by their code
    tie = suggest_short_names({1: steer, 2: steer})
    assert tie[1][0] == "Impulser, piloter soi-même (P1)" and tie[2][0].endswith("(P2)")


def test_the_workbook_has_a_profiles_sheet(demo_results: WaveResults, tmp_path) -> None:
    from openpyxl import load_workbook

    from phare.publish import write_workbook

    path = write_workbook(demo_results, tmp_path / "t.xlsx", "2017-07-01")
    sheet = load_workbook(path)["Profils"]
    rows = [r for r in sheet.iter_rows(min_row=4, max_row=8, values_only=True)]
    profiles = demo_results.typology.profiles
    assert [r[0] for r in rows] == [p.code for p in profiles]
    assert [r[1] for r in rows] == [p.name_fr for p in profiles]
    assert all(0 < r[4] < 1 and r[8] is not None for r in rows)
    assert "5 profils (suggéré par les gains d'inertie)" in sheet["A1"].value
