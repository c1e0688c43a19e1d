"""The methods pages document every setting and every option of `phare typology`."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from phare.cli.typology_cmd import app
from phare.typology import PHARE_ACTIVE_DEFAULT, TypologySettings

DOCS = Path(__file__).resolve().parents[2] / "docs" / "methods"


def _settings_table() -> dict[str, str]:
    text = (DOCS / "profiles.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \| `([^`]*)` \|", text, flags=re.MULTILINE)
    return dict(rows)


def test_every_setting_is_documented_with_its_default() -> None:
    table = _settings_table()
    assert set(table) == set(TypologySettings.model_fields)
    for name, field in TypologySettings.model_fields.items():
        default = field.default_factory() if field.default_factory else field.default
        if name == "active":
            assert default == list(PHARE_ACTIVE_DEFAULT)
            assert table[name] == "PHARE_ACTIVE_DEFAULT"
        else:
            assert table[name] == repr(default), name


def test_every_cli_option_is_documented() -> None:
    text = (DOCS / "profiles.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        assert f"phare typology {name}" in text
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--"):
                    assert opt in text, (name, opt)


def test_methods_pages_cite_their_references_and_tests() -> None:
    for page in ("mca.md", "hcpc.md", "profiles.md"):
        text = (DOCS / page).read_text(encoding="utf-8")
        assert "## References" in text and "## Validation" in text
        for path in re.findall(r"`(tests/[\w/.]+\.py)`", text):
            assert (DOCS.parents[1] / path).exists(), path
