"""`phare report` through the command line: two stored waves compared with --previous, progress.

Two simulated waves (two seeds) are stored in one database as waves 2017 and 2022; the report
of 2022 is built with ``--previous`` the results JSON of 2017. The comparison rows must be
those of independent samples (SE of the difference from the two waves' own SEs, its 95 %
interval and z test), recomputed here from the two JSON files. The second run forces a
terminal so the progress bar is drawn: it must go to stderr only.
"""

from __future__ import annotations

import math
from pathlib import Path

import scipy.stats as sps
from typer.testing import CliRunner

from phare.cli.main import app
from phare.study import WaveResults
from phare.study.results import NATIONAL, row_id

DATE = "2026-01-01"


def _report(tmp_path: Path, wave: str, seed: int, *extra: str, env: dict | None = None):
    out = tmp_path / wave
    result = CliRunner().invoke(
        app,
        [
            "report",
            "--demo",
            "--wave",
            wave,
            "--seed",
            str(seed),
            "--db",
            str(tmp_path / "phare.sqlite"),
            "--out",
            str(out),
            "--date",
            DATE,
            "--formats",
            "json",
            "--no-typology",
            *extra,
        ],
        env=env,
    )
    assert result.exit_code == 0, result.output
    return result, out / f"phare-{wave}-resultats.json"


def test_report_with_previous_compares_two_stored_waves(tmp_path: Path) -> None:
    _, first_json = _report(tmp_path, "2017", 11)
    result, second_json = _report(
        tmp_path,
        "2022",
        22,
        "--previous",
        str(first_json),
        env={"FORCE_COLOR": "1", "COLUMNS": "120"},
    )
    earlier = WaveResults.from_json(first_json.read_text(encoding="utf-8"))
    later = WaveResults.from_json(second_json.read_text(encoding="utf-8"))
    comparison = later.comparison
    assert comparison is not None
    assert (comparison.wave_from, comparison.wave_to) == ("2017", "2022")
    assert comparison.test_fr and comparison.test_en
    before = {r.id: r for r in earlier.estimates}
    after = {r.id: r for r in later.estimates}
    z = sps.norm.ppf(0.975)
    checked = 0
    for change in comparison.changes:
        if change.difference is None:
            continue
        key = row_id(change.variable, change.by, change.group, change.level)
        old, new = before[key], after[key]
        assert old.estimate is not None and new.estimate is not None
        assert old.se is not None and new.se is not None
        assert math.isclose(change.difference, new.estimate - old.estimate, abs_tol=1e-12)
        se = math.hypot(old.se, new.se)
        assert change.se is not None and math.isclose(change.se, se, rel_tol=1e-9)
        assert change.ci_low is not None and change.ci_high is not None
        assert math.isclose(change.ci_low, change.difference - z * se, abs_tol=1e-9)
        assert math.isclose(change.ci_high, change.difference + z * se, abs_tol=1e-9)
        if se > 0:
            p = 2 * sps.norm.sf(abs(change.difference) / se)
            assert change.p_value is not None and math.isclose(change.p_value, p, abs_tol=1e-9)
        checked += 1
    assert checked > 50  # every indicator, nationally and by domain
    national = [c for c in comparison.changes if c.by == NATIONAL and c.difference is not None]
    assert national, "no national row in the comparison"
    # progress on stderr only: stdout lists the written files and nothing else
    assert "━" not in result.stdout
    assert [Path(line) for line in result.stdout.splitlines()] == [second_json], result.stdout
    for label in ("Pondération", "Estimations", "Comparaison des vagues", "Résultats JSON"):
        assert label in result.stderr, label
    # 8 steps: simulate, load, weighting, estimates, tests, comparison, lessons, json; the
    # bar shows 7/8 as the last one begins, so the command counted its steps right
    assert "7/8" in result.stderr and "8/9" not in result.stderr
