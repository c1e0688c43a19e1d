"""`phare instrument` through the real command line."""

from typer.testing import CliRunner

from phare.cli.main import app
from phare.instrument import load_instrument, read_xlsform

runner = CliRunner()


def test_show() -> None:
    result = runner.invoke(app, ["instrument", "show"])
    assert result.exit_code == 0, result.output
    assert "Q6" in result.output
    assert "103 variables" in result.output


def test_codebook_and_xlsform_round_trip(tmp_path) -> None:
    md, html, form = tmp_path / "c.md", tmp_path / "c.html", tmp_path / "f.xlsx"
    assert runner.invoke(app, ["instrument", "codebook", "--out", str(md)]).exit_code == 0
    result = runner.invoke(app, ["instrument", "codebook", "--format", "html", "--out", str(html)])
    assert result.exit_code == 0
    assert md.read_text(encoding="utf-8").startswith("# PHARE-Institutions")
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert runner.invoke(app, ["instrument", "xlsform", "--out", str(form)]).exit_code == 0
    assert read_xlsform(form) == load_instrument()
    result = runner.invoke(app, ["instrument", "check-xlsform", str(form)])
    assert result.exit_code == 0, result.output
    assert "conforme" in result.output


def test_check_xlsform_refuses_a_missing_file(tmp_path) -> None:
    result = runner.invoke(app, ["instrument", "check-xlsform", str(tmp_path / "none.xlsx")])
    assert result.exit_code == 1
