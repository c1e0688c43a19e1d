"""`phare data` through the command line (CliRunner, real SQLite file)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from phare.cli.main import app

runner = CliRunner()
BAD = Path(__file__).resolve().parents[1] / "data" / "bad_files"


def _run(*args: str):  # noqa: ANN202
    return runner.invoke(app, ["data", *args])


def test_import_report_waves_history_export(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    report_path = tmp_path / "r.json"
    res = _run(
        "import",
        str(BAD / "invalid_codes.csv"),
        "--wave",
        "2026",
        "--db",
        db,
        "--who",
        "cli",
        "--json",
        str(report_path),
    )
    assert res.exit_code == 0, res.output
    assert "commune_arrondissement" in res.output and "75101" in res.output
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert (report["rows_in"], report["n_accepted"], report["n_quarantined"]) == (9, 2, 7)
    assert all({"file", "row", "column", "value", "expected"} <= set(p) for p in report["errors"])

    again = _run("import", str(BAD / "invalid_codes.csv"), "--wave", "2026", "--db", db)
    assert again.exit_code == 0 and "déjà importé" in again.output

    waves = _run("waves", "--db", db)
    assert waves.exit_code == 0 and "2026" in waves.output
    hist = _run("history", "--db", db)
    assert hist.exit_code == 0 and "invalid_codes.csv" in hist.output and "cli" in hist.output
    q = _run("quarantine", "list", "--wave", "2026", "--db", db)
    assert q.exit_code == 0 and "(7)" in q.output

    qout = tmp_path / "q.csv"
    assert (
        _run("quarantine", "export", "--wave", "2026", "--out", str(qout), "--db", db).exit_code
        == 0
    )
    assert len(pd.read_csv(qout, sep=";", dtype=str, encoding="utf-8-sig")) == 7

    for fmt in ("csv", "xlsx", "sav", "dta"):
        out = tmp_path / f"w.{fmt}"
        res = _run("export", "--wave", "2026", "--format", fmt, "--out", str(out), "--db", db)
        assert res.exit_code == 0, res.output
        assert out.stat().st_size > 0


def test_refused_file_exits_2_with_an_actionable_message(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    out = tmp_path / "r.json"
    res = _run(
        "import",
        str(BAD / "no_commune_column.csv"),
        "--wave",
        "2026",
        "--db",
        db,
        "--json",
        str(out),
    )
    assert res.exit_code == 2
    assert "commune" in res.output
    assert json.loads(out.read_text())["refused"]["code"] == "missing_commune_column"


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    res = _run("import", str(BAD / "q6_not_asked.csv"), "--wave", "2026", "--db", db, "--dry-run")
    assert res.exit_code == 0 and "not_asked_blanked" in res.output
    assert "2026" not in _run("waves", "--db", db).output


def test_unknown_wave_and_format_are_errors(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    assert _run("upgrade", "--db", db).exit_code == 0
    res = _run("export", "--wave", "2030", "--out", str(tmp_path / "x.csv"), "--db", db)
    assert res.exit_code == 1 and "2030" in res.output
    res = _run("export", "--wave", "2030", "--format", "ods", "--out", "x.ods", "--db", db)
    assert res.exit_code == 2
