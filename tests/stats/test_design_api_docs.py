"""The public API of phare.stats and `phare estimate` is documented (STYLE habit 12)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
import typer.main

import phare.stats as stats
from phare.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS = [
    stats.SurveyDesign.from_frame,
    stats.calibrate,
    stats.rake,
    stats.post_stratify,
    stats.trim_weights,
    stats.mean,
    stats.total,
    stats.proportion,
    stats.ratio,
    stats.taylor_covariance,
    stats.load_design_specs,
]


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: f.__qualname__)
def test_every_parameter_is_documented(function) -> None:
    doc = inspect.getdoc(function) or ""
    for name in inspect.signature(function).parameters:
        if name in {"self", "cls"}:
            continue
        assert re.search(rf"\b{name}\b", doc), f"{function.__qualname__}: {name} undocumented"


def test_facade_docstring_lists_the_public_names() -> None:
    doc = stats.__doc__ or ""
    for name in (
        "SurveyDesign",
        "calibrate",
        "rake",
        "trim_weights",
        "mean",
        "total",
        "proportion",
        "EstimateTable",
        "LinearStatistic",
        "SurveyError",
    ):
        assert name in doc and name in stats.__all__


def test_every_estimate_option_has_help() -> None:
    command = typer.main.get_command(app).commands["estimate"]  # type: ignore[attr-defined]
    for param in command.params:
        if param.param_type_name == "option":
            assert param.help and " / " in param.help, param.name


@pytest.mark.parametrize("page", ["calibration.md", "taylor.md", "estimates.md"])
def test_method_pages_point_to_existing_tests(page: str) -> None:
    text = (ROOT / "docs" / "methods" / page).read_text(encoding="utf-8")
    cited = re.findall(r"`(tests/[\w/]+\.(?:py|R))`", text)
    assert cited, page
    for path in cited:
        assert (ROOT / path).exists(), f"{page} cites missing {path}"
    for section in ("## Purpose", "## Validation", "## References"):
        assert section in text
