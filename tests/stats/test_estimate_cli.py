"""`phare estimate` runs R survey's own api examples and reports bad input clearly."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from _survey_core_golden import API, REFERENCE, load_golden
from typer.testing import CliRunner

from phare.cli.main import app

runner = CliRunner()
STRAT = ["--weights", "pw", "--strata", "stype", "--fpc", "fpc"]
CLUS1 = ["--weights", "pw", "--ids", "dnum", "--fpc", "fpc"]


def _golden_row(file: str, case_id: str, variable: str, level=None, **domain: str) -> dict:
    case = next(c for c in load_golden(file)["cases"] if c["id"] == case_id)
    return next(
        r
        for r in case["rows"]
        if r["variable"] == variable and r["level"] == level and r["domain"] == domain
    )


def _run(*args: str) -> dict:
    result = runner.invoke(app, ["estimate", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_stratified_apistrat_mean_and_total() -> None:
    out = _run(str(API / "apistrat.csv"), *STRAT, "--mean", "api00", "--total", "enroll")
    mean_row = out["tables"][0]["rows"][0]
    ref = _golden_row("estimates.json", "strat_mean", "api00")
    assert mean_row["estimate"] == pytest.approx(ref["estimate"], rel=1e-8)
    assert mean_row["se"] == pytest.approx(ref["se"], rel=1e-8)
    ref_total = _golden_row("estimates.json", "strat_total", "enroll")
    assert out["tables"][1]["rows"][0]["se"] == pytest.approx(ref_total["se"], rel=1e-8)
    assert out["calibration"] is None


def test_cluster_apiclus1_proportions_by_domain_as_csv() -> None:
    result = runner.invoke(
        app,
        [
            "estimate",
            str(API / "apiclus1.csv"),
            *CLUS1,
            "--proportion",
            "sch.wide",
            "--by",
            "stype",
            "--ci-method",
            "beta",
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.stdout), dtype={"level": str})
    assert list(frame.columns[:4]) == ["statistic", "variable", "level", "stype"]
    row = frame[(frame.level == "Yes") & (frame.stype == "H")].iloc[0]
    ref = _golden_row("estimates.json", "clus1_prop_beta_by", "sch.wide", "Yes", stype="H")
    assert row.ci_low == pytest.approx(ref["ci_low"], rel=1e-8)
    assert row.ci_high == pytest.approx(ref["ci_high"], rel=1e-8)


def test_raking_apiclus1_to_apipop_margins() -> None:
    out = _run(
        str(API / "apiclus1.csv"),
        *CLUS1,
        "--margins",
        str(API / "apipop_margins.csv"),
        "--calibration",
        "raking",
        "--mean",
        "api00",
    )
    ref = _golden_row("calibration.json", "raking_margins_mean", "api00")
    row = out["tables"][0]["rows"][0]
    assert row["estimate"] == pytest.approx(ref["estimate"], rel=1e-8)
    assert row["se"] == pytest.approx(ref["se"], rel=1e-8)
    assert out["calibration"]["method"] == "raking" and out["calibration"]["converged"]


def test_ratio_by_domain() -> None:
    out = _run(str(API / "apiclus1.csv"), *CLUS1, "--ratio", "api00/api99", "--by", "stype")
    row = next(r for r in out["tables"][0]["rows"] if r["domain"] == {"stype": "E"})
    ref = _golden_row("estimates.json", "clus1_ratio_by", "api00/api99", stype="E")
    assert row["se"] == pytest.approx(ref["se"], rel=1e-8)
    assert out["tables"][0]["metadata"]["statistic"] == "ratio"


def test_designs_from_a_file_and_output_file(tmp_path: Path) -> None:
    designs = tmp_path / "designs.yaml"
    designs.write_text(
        "strat: {weights: pw, strata: stype, fpc: fpc}\nclus1: {weights: pw, ids: dnum, fpc: fpc}\n",
        encoding="utf-8",
    )
    target = tmp_path / "out.json"
    result = runner.invoke(
        app,
        [
            "estimate",
            str(API / "apiclus1.csv"),
            "--design-file",
            str(designs),
            "--design",
            "clus1",
            "--mean",
            "api00",
            "--output",
            str(target),
        ],
    )
    assert result.exit_code == 0, result.output
    row = json.loads(target.read_text(encoding="utf-8"))["tables"][0]["rows"][0]
    ref = _golden_row("estimates.json", "clus1_mean", "api00")
    assert row["se"] == pytest.approx(ref["se"], rel=1e-8)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--weights", "poids", "--mean", "api00"], "poids"),
        ([*CLUS1, "--mean", "api01"], "api01"),
        ([*CLUS1, "--mean", "api00", "--by", "region"], "region"),
        ([*CLUS1, "--mean", "api00", "--margins", str(REFERENCE / "frame_margins.csv")], "region"),
        ([*CLUS1], "--mean"),
        ([*CLUS1, "--ratio", "api00"], "--ratio"),
    ],
)
def test_bad_input_exits_with_a_clear_message(args: list[str], needle: str) -> None:
    result = runner.invoke(app, ["estimate", str(API / "apiclus1.csv"), *args])
    assert result.exit_code == 2
    assert needle in result.output
    assert "Erreur / error" in result.output
