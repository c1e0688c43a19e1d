"""`phare` starts fast: the CLI and every command's --help import no heavy package.

A command imports what it needs when it runs; the few constants its options show (lists of
formats or methods, the default store) are copied into the CLI modules and pinned here to
their source.
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pandas", "scipy", "sqlalchemy", "sklearn", "vl_convert")

_WALK_HELP = """
import json, sys
import typer.main
from typer.testing import CliRunner
from phare.cli.main import app

paths, stack = [], [((), typer.main.get_command(app))]
while stack:
    prefix, cmd = stack.pop()
    paths.append(prefix)
    subs = getattr(cmd, "commands", {})
    stack.extend((prefix + (name,), sub) for name, sub in subs.items())
runner = CliRunner()
codes = {" ".join(p): runner.invoke(app, [*p, "--help"]).exit_code for p in paths}
codes["version"] = runner.invoke(app, ["version"]).exit_code
print(json.dumps({"codes": codes, "heavy": [m for m in HEAVY if m in sys.modules]}))
"""


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", f"HEAVY = {HEAVY!r}\n{code}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_importing_the_cli_imports_no_heavy_package() -> None:
    out = _run("import sys\nimport phare.cli.main\nprint([m for m in HEAVY if m in sys.modules])")
    assert out.strip() == "[]", f"imported at start-up: {out.strip()}"


def test_every_help_and_version_import_no_heavy_package() -> None:
    result = json.loads(_run(_WALK_HELP))
    codes = result["codes"]
    assert len(codes) > 20, codes  # the walk reached every group and command
    assert all(code == 0 for code in codes.values()), codes
    assert result["heavy"] == [], f"imported by --help: {result['heavy']}"


def test_constants_copied_into_the_cli_equal_their_source() -> None:
    from phare.cli import data_cmd, demo_cmd, frame_cmd, report_cmd
    from phare.frame.sampling import METHODS
    from phare.publish import FORMATS
    from phare.responses import EXPORT_FORMATS
    from phare.responses.engine import DEFAULT_DB
    from phare.study.results import NATIONAL

    assert data_cmd.EXPORT_FORMATS == EXPORT_FORMATS
    assert frame_cmd.METHODS == METHODS
    assert report_cmd.FORMATS == FORMATS
    assert demo_cmd.DEFAULT_DB == DEFAULT_DB
    assert demo_cmd.NATIONAL == NATIONAL
