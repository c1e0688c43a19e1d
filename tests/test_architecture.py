"""The one-way dependency rule between phare's packages (docs/architecture.md)."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "phare"

ALLOWED: dict[str, set[str]] = {
    "frame": set(),
    "instrument": set(),
    "stats": set(),
    "typology": {"stats"},
    "responses": {"frame", "instrument"},
    "study": {"frame", "instrument", "stats", "typology", "responses"},
    "publish": {"study"},
    "web": {"responses", "study", "publish"},
    "demo": {"frame", "instrument"},
}


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "phare" and len(parts) > 1:
                found.add(parts[1])
    return found


def test_packages_import_only_what_the_rule_allows() -> None:
    violations = []
    for package, allowed in ALLOWED.items():
        for path in (SRC / package).rglob("*.py"):
            for imported in _imported_packages(path) - allowed - {package, "__init__"}:
                violations.append(f"{path.relative_to(SRC)} imports phare.{imported}")
    assert not violations, "\n".join(violations)
