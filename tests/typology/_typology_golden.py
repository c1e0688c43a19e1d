"""Helpers of the typology tests: FactoMineR goldens and data (a missing file FAILS)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

TESTS = Path(__file__).resolve().parents[1]
GOLDEN_DIR = TESTS / "reference" / "factominer"
DATA_DIR = TESTS / "data" / "factominer"


def load_golden(name: str) -> dict[str, Any]:
    """The golden JSON written by tests/reference/factominer/make_goldens.R."""
    path = GOLDEN_DIR / f"{name}.json"
    if not path.exists():
        pytest.fail(f"missing golden file {path}: run Rscript make_goldens.R in {GOLDEN_DIR}")
    return json.loads(path.read_text(encoding="utf-8"))


def load_data(name: str) -> pd.DataFrame:
    """FactoMineR's example data exported by tests/data/factominer/export_data.R."""
    path = DATA_DIR / f"{name}.csv"
    if not path.exists():
        pytest.fail(f"missing data file {path}: run Rscript export_data.R in {DATA_DIR}")
    return pd.read_csv(path, dtype=str, keep_default_na=False)
