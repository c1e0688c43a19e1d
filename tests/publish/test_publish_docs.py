"""docs/report.md and docs/study.md document every option, setting and public name."""

from __future__ import annotations

from pathlib import Path

import typer

import phare.publish
import phare.study
from phare.cli.report_cmd import report
from phare.study.results import StudySettings

DOCS = Path(__file__).resolve().parents[2] / "docs"
REPORT = (DOCS / "report.md").read_text(encoding="utf-8")
STUDY = (DOCS / "study.md").read_text(encoding="utf-8")


def test_every_report_option_is_documented() -> None:
    app = typer.Typer(add_completion=False)
    app.command()(report)
    cmd = typer.main.get_command(app)
    options = [opt for param in cmd.params for opt in param.opts if opt.startswith("--")]
    assert len(options) >= 10
    for opt in options:
        assert f"`{opt}`" in REPORT, opt


def test_every_setting_is_documented() -> None:
    for name in StudySettings.model_fields:
        assert f"`{name}`" in STUDY, name


def test_public_names_are_documented() -> None:
    for name in phare.publish.__all__:
        if name[0].islower():
            assert f"`{name}" in REPORT, name
    for name in ("analyse_wave", "compare_waves", "check_claim", "WaveResults", "StudySettings"):
        assert name in phare.study.__all__
        assert name in STUDY, name
