"""`phare demo` end to end: simulated wave, stored, weighted as the report, compared (one seed)."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phare.cli.demo_cmd import compare_with_published, estimate_simulated
from phare.cli.main import app
from phare.demo import NATIONAL_TARGETS, simulate_wave
from phare.responses import Store
from phare.study import WaveResults
from phare.study.results import ALL, NATIONAL, row_id

runner = CliRunner()


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "phare.sqlite"
    out = runner.invoke(app, ["demo", "--json", "--db", str(db)])
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout), db


def test_demo_json_says_simulated_and_stores_the_wave(result) -> None:
    data, db = result
    assert data["label"] == "SIMULÉ / SIMULATED"
    assert "SIMULÉES" in data["notice"]
    assert data["wave"] == "2017-simule-s2017"
    assert data["n_stored"] == data["n_respondents"]
    assert data["n_quarantined"] == 0
    store = Store(db)
    try:
        stored = store.load_wave(data["wave"])
    finally:
        store.dispose()
    assert len(stored) == data["n_respondents"]


def test_demo_single_run_reproduces_the_published_figures(result) -> None:
    data, _ = result
    figures = data["figures"]
    assert len(figures) == 11
    assert data["inside_ci"] >= 10
    assert all(r["holds"] for r in data["rankings"])
    assert {r["figure"] for r in data["rankings"]} == {"P10", "P11"}
    for f in figures:
        assert f["n"] > 0
        if f["ci_low"] is not None:
            assert f["ci_low"] <= f["estimate"] <= f["ci_high"]


def test_weighting_matters(result) -> None:
    data, _ = result
    by = {f["indicator"]: f for f in data["figures"] if f["region"] is None}
    # the sample over-represents large communes, whose mayors answer differently
    gaps = [abs(by[k]["estimate"] - by[k]["unweighted"]) for k in NATIONAL_TARGETS]
    assert max(gaps) > 0.03


def test_rerun_is_idempotent(result) -> None:
    data, db = result
    again = runner.invoke(app, ["demo", "--json", "--db", str(db)])
    assert again.exit_code == 0, again.output
    second = json.loads(again.stdout)
    assert second["already_imported"] is True
    assert second["figures"] == data["figures"]


def test_human_output_is_french_first_and_labelled(tmp_path) -> None:
    out = runner.invoke(app, ["demo", "--n", "200", "--seed", "3", "--db", str(tmp_path / "x.db")])
    assert out.exit_code == 0, out.output
    assert "DONNÉES SIMULÉES" in out.output
    assert out.output.index("DONNÉES SIMULÉES") < out.output.index("SIMULATED DATA")
    assert "publié" in out.output


def test_bad_n_is_refused(tmp_path) -> None:
    out = runner.invoke(app, ["demo", "--n", "5", "--db", str(tmp_path / "x.db")])
    assert out.exit_code == 2
    assert "--n" in out.output


def test_comparison_without_the_store() -> None:
    wave = simulate_wave(seed=11, n_target=600)
    estimated = estimate_simulated(wave.responses, wave.design)
    figures, rankings = compare_with_published(estimated.estimates, estimated.data)
    assert list(figures["figure"]) == [
        "P1",
        "P2",
        "P3",
        "P4",
        "P5",
        "P6",
        "P6",
        "P6",
        "P7",
        "P8",
        "P9",
    ]
    assert (figures["n"] > 0).all()


def test_tiny_sample_still_runs(tmp_path) -> None:
    out = runner.invoke(
        app, ["demo", "--json", "--n", "50", "--seed", "1", "--db", str(tmp_path / "t.db")]
    )
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["n_respondents"] < 80


FIELDS = ("estimate", "se", "ci_low", "ci_high")
ROUND_OFF = 1e-12
"""Equal to round-off: the report's design has more columns (the profile), same weights."""


def _assert_figures_equal_rows(data: dict, results: WaveResults) -> None:
    """Every figure and ranking share of `phare demo` is the results' row of the same id."""
    rows = {r.id: r for r in results.estimates}
    for f in data["figures"]:
        by, group = (NATIONAL, ALL) if f["region"] is None else ("region", f["region"])
        row = rows[row_id(f["indicator"], by, group)]
        assert f["n"] == row.n, f["figure"]
        for field in FIELDS:
            reference = getattr(row, field)
            if reference is None:
                assert f[field] is None, (f["figure"], field)
            else:
                assert f[field] == pytest.approx(reference, rel=ROUND_OFF, abs=0), f["figure"]
    for ranking in data["rankings"]:
        for variable, share in ranking["estimates"].items():
            reference = rows[row_id(variable, NATIONAL, ALL)].estimate
            assert share == pytest.approx(reference, rel=ROUND_OFF, abs=0), variable
    assert data["calibration"]["method"] == results.weighting.method
    assert data["calibration"]["margins"] == [m.variable for m in results.weighting.margins]


def test_demo_figures_equal_the_report_rows_for_the_same_seed(result, tmp_path) -> None:
    data, _ = result
    out = runner.invoke(
        app,
        [
            "report",
            "--demo",
            "--seed",
            str(data["seed"]),
            "--db",
            str(tmp_path / "report.sqlite"),
            "--out",
            str(tmp_path / "out"),
            "--formats",
            "json",
        ],
    )
    assert out.exit_code == 0, out.output
    text = (tmp_path / "out" / f"phare-{data['wave']}-resultats.json").read_text(encoding="utf-8")
    _assert_figures_equal_rows(data, WaveResults.from_json(text))


def test_demo_report_option_writes_the_full_simulated_report(tmp_path) -> None:
    report_dir = tmp_path / "rapport"
    out = runner.invoke(
        app,
        [
            "demo",
            "--json",
            "--n",
            "400",
            "--seed",
            "4",
            "--db",
            str(tmp_path / "r.sqlite"),
            "--report",
            str(report_dir),
        ],
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    stem = f"phare-{data['wave']}"
    written = {Path(p).name for p in data["report_files"]}
    suffixes = ("rapport.html", "rapport.pdf", "en-quelques-mots.pdf", "tableaux.xlsx")
    english = ("report-en.html", "report-en.pdf", "in-brief-en.pdf", "tables-en.xlsx")
    for suffix in suffixes + english:
        assert f"{stem}-{suffix}" in written
        assert (report_dir / f"{stem}-{suffix}").stat().st_size > 0
    html = (report_dir / f"{stem}-rapport.html").read_text(encoding="utf-8")
    assert "simulées" in html
    html_en = (report_dir / f"{stem}-report-en.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html_en and "Simulated data" in html_en
    results = WaveResults.from_json(
        (report_dir / f"{stem}-resultats.json").read_text(encoding="utf-8")
    )
    assert results.metadata.simulated
    _assert_figures_equal_rows(data, results)
