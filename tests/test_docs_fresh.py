"""docs/cli.md and docs/api.md are what scripts/gen_docs.py generates now (not stale)."""

from __future__ import annotations

import difflib
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "gen_docs.py"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_docs", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated() -> dict[Path, str]:
    pages: dict[Path, str] = _generator().generated()
    return pages


def test_the_generator_makes_the_two_reference_pages(generated: dict[Path, str]) -> None:
    assert set(generated) == {ROOT / "docs" / "cli.md", ROOT / "docs" / "api.md"}
    assert all(text.strip() for text in generated.values())


@pytest.mark.parametrize("name", ["cli.md", "api.md"])
def test_the_committed_page_is_fresh(generated: dict[Path, str], name: str) -> None:
    path = ROOT / "docs" / name
    committed = path.read_text(encoding="utf-8")
    fresh = generated[path]
    if committed != fresh:
        diff = "".join(
            list(
                difflib.unified_diff(
                    committed.splitlines(keepends=True),
                    fresh.splitlines(keepends=True),
                    f"docs/{name} (committed)",
                    f"docs/{name} (generated)",
                )
            )[:40]
        )
        pytest.fail(f"docs/{name} is stale: run scripts/gen_docs.py\n{diff}")
