"""The committed corpus of good files (tests/data/good_files): one wave saved by several real
tools imports to the same stored wave, with the warnings each quirk deserves."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from phare.responses import Store

GOOD = Path(__file__).resolve().parents[1] / "data" / "good_files"
QUIRKS = {
    "excel_fr_utf8_bom.csv": set(),
    "excel_windows_1252.csv": {"commune_padded"},
    "tab_separated.csv": set(),
    "typed_by_hand.xlsx": {"commune_padded"},
    "spss_labels.sav": {"recoded_by_label"},
    "stata_labels.dta": set(),
}


@pytest.fixture(scope="module")
def expected() -> pd.DataFrame:
    store = Store("sqlite://")
    store.upgrade()
    report = store.import_file(GOOD / "expected.csv", "2026").report
    assert report.n_quarantined == 0
    assert not [p for p in report.warnings if p.severity == "warning"]
    df = store.load_wave("2026")
    row = df.set_index("commune").loc["2A004"]
    assert (row["innov"], row["verbatim"]) == (9, '=HYPERLINK("http://exemple.invalid","x")')
    assert df.set_index("commune").loc["97101", "verbatim"] == "Ligne 1\nLigne 2 — œuvre, 5 €"
    return df


def test_corpus_is_complete() -> None:
    names = {p.name for p in GOOD.iterdir() if p.suffix != ".py"}
    assert names == set(QUIRKS) | {"expected.csv"}


@pytest.mark.parametrize("name", sorted(QUIRKS))
def test_good_file_gives_the_expected_wave(name: str, store: Store, expected: pd.DataFrame) -> None:
    report = store.import_file(GOOD / name, "2026").report
    assert report.n_quarantined == 0, [p.model_dump() for p in report.errors]
    warnings = {p.code for p in report.warnings if p.severity == "warning"}
    assert warnings == QUIRKS[name]
    pd.testing.assert_frame_equal(store.load_wave("2026"), expected)
