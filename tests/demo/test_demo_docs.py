"""docs/demo.md documents every `phare demo` option and the public API of phare.demo."""

from pathlib import Path

import typer

import phare.demo
from phare.cli.demo_cmd import DEFAULT_DB, demo

DOC = (Path(__file__).resolve().parents[2] / "docs" / "demo.md").read_text(encoding="utf-8")


def test_every_option_is_documented_with_its_default() -> None:
    app = typer.Typer(add_completion=False)
    app.command()(demo)
    cmd = typer.main.get_command(app)
    for param in cmd.params:
        for opt in param.opts:
            if opt.startswith("--"):
                assert f"`{opt}`" in DOC, opt
    assert DEFAULT_DB in DOC


def test_public_functions_are_documented() -> None:
    for name in ("simulate_wave", "published_2017", "demo_model"):
        assert name in phare.demo.__all__
        assert f"`{name}(" in DOC, name
    assert "SIMULÉ / SIMULATED" in DOC
