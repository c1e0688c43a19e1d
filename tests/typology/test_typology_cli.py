"""`phare typology fit | assign | describe` through Typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from phare.cli.main import app
from phare.typology import TypologyModel, planted_profiles

runner = CliRunner()


@pytest.fixture(scope="module")
def wave(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data, _ = planted_profiles(600, n_questions=8, n_profiles=3, strength=0.7, random_state=2)
    data["poids"] = np.random.default_rng(1).uniform(0.5, 2, len(data)).round(3)
    data["commune"] = [f"{i:05d}" for i in range(len(data))]
    path = tmp_path_factory.mktemp("typology") / "wave.csv"
    data.to_csv(path, index=False, sep=";")
    return path


def test_fit_assign_describe(wave: Path, tmp_path: Path) -> None:
    model = tmp_path / "model.json"
    desc = tmp_path / "desc.json"
    names = tmp_path / "names.yaml"
    names.write_text("1: Premier profil\n", encoding="utf-8")
    active = ",".join(f"q{i:02d}" for i in range(1, 9))
    result = runner.invoke(
        app,
        [
            "typology", "fit", str(wave), "--model", str(model), "--description", str(desc),
            "--active", active, "--supplementary", "region,taille", "--weights", "poids",
            "--names", str(names), "--seed", "3", "--bootstrap", "2",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "taille" in result.output  # the absent supplementary variable is reported
    assert "Jaccard" in result.output and "overall ARI" in result.output
    frozen = TypologyModel.load(model)
    assert frozen.names[1] == "Premier profil"
    assert frozen.metadata["params"]["random_state"] == 3
    description = json.loads(desc.read_text(encoding="utf-8"))
    assert len(description["profiles"]) == frozen.n_clusters

    out = tmp_path / "assigned.csv"
    result = runner.invoke(
        app, ["typology", "assign", str(model), str(wave), "-o", str(out), "--keep", "commune"]
    )
    assert result.exit_code == 0, result.output
    assigned = pd.read_csv(out, dtype={"commune": str})
    assert list(assigned.columns[:3]) == ["commune", "cluster", "name"]
    assert len(assigned) == 600

    result = runner.invoke(
        app, ["typology", "describe", str(model), str(wave), "--weights", "poids", "-o", str(desc)]
    )
    assert result.exit_code == 0, result.output
    again = json.loads(desc.read_text(encoding="utf-8"))
    assert again["profiles"][0]["name"] == "Premier profil"


def test_errors_are_reported_in_french_and_english(wave: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["typology", "fit", str(wave), "--active", "nope", "-m", str(tmp_path / "m.json")]
    )
    assert result.exit_code == 2
    assert "Typologie impossible / typology failed" in result.output
    result = runner.invoke(app, ["typology", "fit", str(wave), "--weights", "absent"])
    assert result.exit_code == 2
    assert "weights column not found" in result.output
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    result = runner.invoke(app, ["typology", "assign", str(bad), str(wave)])
    assert result.exit_code == 2
    assert "Modèle illisible / unreadable model" in result.output


def test_fit_bootstrap_advances_the_bar_per_draw(wave: Path, tmp_path: Path) -> None:
    active = ",".join(f"q{i:02d}" for i in range(1, 9))
    result = runner.invoke(
        app,
        [
            "typology", "fit", str(wave), "--model", str(tmp_path / "model.json"),
            "--active", active, "--seed", "3", "--bootstrap", "2",
        ],
        env={"TTY_COMPATIBLE": "1"},  # stderr counts as a terminal: the bar is drawn
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    # read, fit, write, then one unit per draw; the last label names the last draw
    assert "Stabilité (bootstrap) / stability (bootstrap) 2/2" in result.stderr
    assert "5/5" in result.stderr
