"""docs/instrument.md documents every `phare instrument` command and option, and the API."""

from pathlib import Path

import typer.main

import phare.instrument
from phare.cli.instrument_cmd import app
from phare.instrument import load_instrument

DOC = (Path(__file__).resolve().parents[2] / "docs" / "instrument.md").read_text(encoding="utf-8")


def test_every_command_and_option_is_documented() -> None:
    group = typer.main.get_command(app)
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        assert f"phare instrument {name}" in DOC, name
        for param in cmd.params:
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert opt in DOC, (name, opt)


def test_public_api_and_indicators_are_documented() -> None:
    for name in phare.instrument.__all__:
        if name[0].islower():
            assert f"{name}(" in DOC, name
    for ind in load_instrument().indicators:
        assert f"`{ind.name}`" in DOC, ind.name
