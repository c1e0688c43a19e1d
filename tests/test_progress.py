"""The progress bar shared by the long commands, and the steps the libraries report to it."""

from __future__ import annotations

import io

from rich.console import Console

from phare.cli._common import progress_steps
from phare.cli.report_cmd import REPORT_STEPS
from phare.publish import LANGS
from phare.study.analysis import ANALYSIS_STEPS


def _console(terminal: bool) -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=terminal, width=100), buffer


def test_the_bar_shows_each_step_label_and_ends_full_on_a_terminal() -> None:
    console, buffer = _console(terminal=True)
    labels = {"a": "Étape A / step A", "b": "Étape B / step B"}
    with progress_steps("Début / start", 3, labels=labels, console=console) as steps:
        steps.step("a")
        steps.step("b")
        steps.step("c")  # no label: the name itself
    text = buffer.getvalue()
    assert "Étape A / step A" in text and "Étape B / step B" in text
    assert "3/3" in text


def test_the_bar_counts_rows_and_grows() -> None:
    console, buffer = _console(terminal=True)
    with progress_steps("Lignes / rows", 10, console=console) as steps:
        steps.advance(4)
        steps.add_total(5)
        steps.advance(11, description="Fin / end")
    assert "15/15" in buffer.getvalue()


def test_no_bar_when_not_a_terminal_or_disabled() -> None:
    for terminal, enabled in ((False, True), (True, False)):
        console, buffer = _console(terminal=terminal)
        with progress_steps("x", 2, enabled=enabled, console=console) as steps:
            steps.step("a")
            steps.step("b")
        assert buffer.getvalue() == ""


def test_every_step_name_has_a_bilingual_label_in_phare_report() -> None:
    documents = ("html", "report_pdf", "summary_pdf", "xlsx")
    editions = [
        f"{name}{'' if lang == 'fr' else '_' + lang}" for lang in LANGS for name in documents
    ]
    names = (*ANALYSIS_STEPS, *editions, "json", "specs")
    for name in names:
        assert " / " in REPORT_STEPS[name], name
