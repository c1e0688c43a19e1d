"""Every test file named in a docstring of ``src/phare`` or in ``docs/methods`` exists.

Docstrings and method pages say where a method is checked (``tests/typology/…py``); a renamed
test file must not leave them pointing nowhere. Quoted or not, every ``tests/….py`` counts.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "src" / "phare").rglob("*.py"))
METHOD_PAGES = sorted((ROOT / "docs" / "methods").glob("*.md"))
TEST_PATH = re.compile(r"(?<![\w/])tests/[\w/.-]*?\.py\b")


def _docstrings(source: Path) -> list[str]:
    """Module, class and function docstrings and attribute docstrings (bare strings)."""
    tree = ast.parse(source.read_text(encoding="utf-8"))
    return [
        node.value.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    ]


def _missing(text: str) -> list[str]:
    return sorted({p for p in TEST_PATH.findall(text) if not (ROOT / p).is_file()})


def test_the_pattern_finds_test_paths() -> None:
    found = TEST_PATH.findall("see ``tests/typology/test_x.py`` and (tests/test_y.py).")
    assert found == ["tests/typology/test_x.py", "tests/test_y.py"]
    assert _missing("tests/no_such_dir/test_nothing.py") == ["tests/no_such_dir/test_nothing.py"]


def test_every_test_path_in_a_docstring_exists() -> None:
    named = 0
    missing = {}
    for source in SOURCES:
        text = "\n".join(_docstrings(source))
        named += len(TEST_PATH.findall(text))
        if bad := _missing(text):
            missing[str(source.relative_to(ROOT))] = bad
    assert named > 0  # the docstrings do name test files: the scan is not empty
    assert not missing, f"no such test file: {missing}"


@pytest.mark.parametrize("page", METHOD_PAGES, ids=lambda p: p.name)
def test_every_test_path_in_a_method_page_exists(page: Path) -> None:
    missing = _missing(page.read_text(encoding="utf-8"))
    assert not missing, f"{page.name}: no such test file {missing}"
