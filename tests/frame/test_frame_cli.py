"""`phare frame` commands, run through Typer's CliRunner."""

import json
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from phare.cli.main import app
from phare.frame import load_frame

runner = CliRunner()


def test_summary_shows_regions_size_bands_and_totals() -> None:
    result = runner.invoke(app, ["frame", "summary"])
    assert result.exit_code == 0, result.output
    assert "Auvergne-Rhône-Alpes" in result.output
    assert "t5" in result.output
    n = len(load_frame())
    assert f"{n:,}".replace(",", "\u202f") in result.output
    assert "sans maire / without a mayor" in result.output


def test_lookup_by_name_without_accents() -> None:
    result = runner.invoke(app, ["frame", "lookup", "saint etienne", "--limit", "2"])
    assert result.exit_code == 0, result.output
    assert "42218" in result.output


def test_lookup_of_nothing_exits_one() -> None:
    result = runner.invoke(app, ["frame", "lookup", "qqqqzzzz"])
    assert result.exit_code == 1
    assert "no commune found" in result.output


def test_resolve_prints_status_and_exit_code() -> None:
    result = runner.invoke(app, ["frame", "resolve", "1001", "75056"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].split("\t")[:3] == ["1001", "padded", "01001"]
    assert lines[1].split("\t")[:3] == ["75056", "current", "75056"]
    bad = runner.invoke(app, ["frame", "resolve", "75101"])
    assert bad.exit_code == 1
    assert "arrondissement" in bad.output


def test_allocate_prints_the_allocation_and_writes_csv(tmp_path) -> None:
    out = tmp_path / "alloc.csv"
    result = runner.invoke(
        app,
        [
            "frame",
            "allocate",
            "--n",
            "400",
            "--strata",
            "region,taille",
            "--min-per-region",
            "5",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out, dtype={"region": str})
    assert table["n_h"].sum() == 400
    assert "n = 400" in result.output


def test_allocate_reports_bad_input_without_a_traceback() -> None:
    result = runner.invoke(app, ["frame", "allocate", "--n", "100", "--strata", "nope"])
    assert result.exit_code == 2
    assert "nope" in result.output
    result = runner.invoke(app, ["frame", "allocate", "--n", "100", "--method", "neyman"])
    assert result.exit_code == 2
    assert "expected_p" in result.output


def test_draw_writes_invitations_and_design(tmp_path) -> None:
    out = tmp_path / "invitations.csv"
    args = [
        "frame",
        "draw",
        "--n",
        "60",
        "--seed",
        "11",
        "--out",
        str(out),
        "--method",
        "neyman",
        "--expected-p",
        "t1=0.1,t2=0.2,t3=0.4,t4=0.5,t5=0.5",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    units = pd.read_csv(out, dtype=str)
    assert len(units) == 60 and units["token"].is_unique
    assert {"commune", "mairie_email", "token", "stratum", "N_h", "prob", "weight"} <= set(
        units.columns
    )
    meta = json.loads(out.with_suffix(".json").read_text())
    assert meta["seed"] == 11 and meta["method"] == "neyman"
    again = runner.invoke(app, args)
    assert again.exit_code == 2  # never overwrites an invitation list by accident
    forced = runner.invoke(app, [*args, "--force"])
    assert forced.exit_code == 0
    assert list(pd.read_csv(out, dtype=str)["commune"]) == list(units["commune"])


def test_every_frame_command_and_option_is_documented() -> None:
    import typer.main

    from phare.cli import frame_cmd

    docs = (Path(__file__).resolve().parents[2] / "docs" / "frame.md").read_text(encoding="utf-8")
    group = typer.main.get_command(frame_cmd.app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert f"phare frame {name}" in docs, name
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert opt in docs, f"{name} {opt}"
