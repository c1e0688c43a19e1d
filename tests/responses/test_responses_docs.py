"""docs/intake.md documents every problem code and every `phare data` option."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from phare.cli.data_cmd import app

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "phare" / "responses"
INTAKE = (ROOT / "docs" / "intake.md").read_text(encoding="utf-8")
STORE = (ROOT / "docs" / "store.md").read_text(encoding="utf-8")

_CALLS = re.compile(r'(?:\berr|\bwarn|_refuse|IntakeError)\(\s*"([a-z0-9_]+)"|code="([a-z0-9_]+)"')
COMPLETION = ("--install-completion", "--show-completion")
DYNAMIC = [  # codes built at run time: f"commune_{status}", f"unreadable_{fmt}"
    "commune_padded",
    "commune_former",
    "commune_arrondissement",
    "commune_unknown",
    "unreadable_sav",
    "unreadable_dta",
]


def _codes() -> set[str]:
    found: set[str] = set(DYNAMIC)
    for path in SRC.glob("*.py"):
        for a, b in _CALLS.findall(path.read_text(encoding="utf-8")):
            found.add(a or b)
    return found


def test_every_problem_code_is_documented() -> None:
    codes = _codes()
    assert len(codes) > 25
    missing = sorted(c for c in codes if f"`{c}`" not in INTAKE)
    assert not missing, missing


def test_every_data_command_and_option_is_documented() -> None:
    root = typer.main.get_command(app)
    stack = [((), root)]
    seen = 0
    while stack:
        path, cmd = stack.pop()
        for name, sub in getattr(cmd, "commands", {}).items():
            stack.append(((*path, name), sub))
        if path:
            assert f"phare data {' '.join(path)}" in INTAKE, path
        for param in cmd.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt not in ("--help", *COMPLETION):
                    seen += 1
                    assert f"`{opt}`" in INTAKE, (path, opt)
    assert seen > 5


def test_store_doc_names_the_tables() -> None:
    from phare.responses.schema import metadata

    for table in metadata.tables:
        assert f"`{table}`" in STORE, table
