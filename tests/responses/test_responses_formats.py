"""Every import format, with the quirks of the tools that produce them, gives the same wave;
every export format imports back to identical data (both store backends)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from phare.instrument import Instrument
from phare.responses import Store, read_file

FORMAT_CASES = ["csv_bom_semicolon_decimal_comma", "csv_cp1252_comma", "xlsx", "sav", "dta"]


def _cells(df: pd.DataFrame) -> list[list[object]]:
    return [[None if pd.isna(v) else v for v in row] for row in df.astype(object).to_numpy()]


def _csv_bom_semicolon_decimal_comma(df: pd.DataFrame, path: Path, inst: Instrument) -> None:
    """French Excel "CSV UTF-8": BOM, `;`, CRLF, numbers shown as "1,0"."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(df.columns)
    for row in _cells(df):
        w.writerow(["" if v is None else (f"{v},0" if isinstance(v, int) else v) for v in row])
    path.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))


def _csv_cp1252_comma(df: pd.DataFrame, path: Path, inst: Instrument) -> None:
    """Old Excel "CSV": Windows-1252, `,`, leading zeros of commune codes lost."""
    out = df.copy()
    out["commune"] = out["commune"].str.lstrip("0")
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=",", lineterminator="\r\n")
    w.writerow(out.columns)
    for row in _cells(out):
        w.writerow(["" if v is None else v for v in row])
    path.write_bytes(buf.getvalue().encode("cp1252"))


def _xlsx(df: pd.DataFrame, path: Path, inst: Instrument) -> None:
    """A workbook typed by hand: columns in another order, commune codes as numbers, codes
    as floats, a verbatim typed as a formula (=HYPERLINK...), a second sheet."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    cols = list(reversed(df.columns))
    ws.append(cols)
    for row in _cells(df[cols]):
        cells = []
        for name, v in zip(cols, row, strict=True):
            if name == "commune" and isinstance(v, str) and v.isdigit():
                cells.append(int(v))
            elif isinstance(v, int):
                cells.append(float(v))
            else:
                cells.append(v)
        ws.append(cells)
    wb.create_sheet("notes").append(["à ignorer"])
    wb.save(path)


def _sav(df: pd.DataFrame, path: Path, inst: Instrument) -> None:
    """SPSS with its own coding of "ne sait pas" (5 instead of 9), honoured through labels."""
    out: dict[str, object] = {}
    labels: dict[str, dict[float, str]] = {}
    for name in df.columns:
        var = inst.variable(name)
        if var.codes:
            values = df[name].astype("float64")
            mapping = {float(c): lab.fr for c, lab in var.codes.items()}
            if var.code_list == "agree4":
                values = values.replace(9.0, 5.0)
                mapping = {(5.0 if c == 9.0 else c): lab for c, lab in mapping.items()}
            out[name] = values.to_numpy()
            labels[name] = mapping
        else:
            out[name] = ["" if pd.isna(v) else v for v in df[name]]
    pyreadstat.write_sav(pd.DataFrame(out), str(path), variable_value_labels=labels)


def _dta(df: pd.DataFrame, path: Path, inst: Instrument) -> None:
    """Stata 14 written by pandas, English value labels, text as strL."""
    out: dict[str, object] = {}
    labels: dict[str, dict[int, str]] = {}
    for name in df.columns:
        var = inst.variable(name)
        if var.codes:
            out[name] = df[name].astype("float64").to_numpy()
            labels[name] = {c: lab.en for c, lab in var.codes.items()}
        else:
            out[name] = np.array(["" if pd.isna(v) else v for v in df[name]], dtype=object)
    pd.DataFrame(out).to_stata(
        path, write_index=False, version=118, value_labels=labels, convert_strl=["verbatim"]
    )


WRITERS = {
    "csv_bom_semicolon_decimal_comma": (_csv_bom_semicolon_decimal_comma, "csv"),
    "csv_cp1252_comma": (_csv_cp1252_comma, "csv"),
    "xlsx": (_xlsx, "xlsx"),
    "sav": (_sav, "sav"),
    "dta": (_dta, "dta"),
}


@pytest.mark.parametrize("case", FORMAT_CASES)
def test_each_format_gives_the_same_stored_wave(
    case: str, store: Store, reference_wave: pd.DataFrame, instrument: Instrument, tmp_path: Path
) -> None:
    writer, ext = WRITERS[case]
    path = tmp_path / f"wave.{ext}"
    writer(reference_wave, path, instrument)
    outcome = store.import_file(path, "2026", who="test")
    report = outcome.report
    assert report.rows_in == len(reference_wave)
    assert report.n_quarantined == 0, [p.model_dump() for p in report.errors]
    pd.testing.assert_frame_equal(store.load_wave("2026"), reference_wave)
    codes = {p.code for p in report.warnings}
    if case in ("csv_cp1252_comma", "xlsx"):
        assert "commune_padded" in codes
    if case == "sav":
        assert "recoded_by_label" in codes
    if case == "csv_cp1252_comma":
        assert read_file(path).encoding == "windows-1252"


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "sav", "dta"])
def test_export_then_import_gives_identical_data(
    fmt: str, store: Store, reference_wave: pd.DataFrame, tmp_path: Path
) -> None:
    store.save_wave(reference_wave, "2026", source="reference")
    exported = store.export_wave("2026", fmt, tmp_path / f"export.{fmt}")
    fresh = Store(tmp_path / "fresh.db")
    fresh.upgrade()
    outcome = fresh.import_file(exported, "2026")
    assert outcome.report.n_quarantined == 0
    assert not [p for p in outcome.report.warnings if p.severity == "warning"]
    pd.testing.assert_frame_equal(fresh.load_wave("2026"), store.load_wave("2026"))
    pd.testing.assert_frame_equal(fresh.load_wave("2026"), reference_wave)
    fresh.dispose()


def test_save_wave_goes_through_intake(store: Store, reference_wave: pd.DataFrame) -> None:
    broken = reference_wave.copy()
    broken["innov"] = broken["innov"].astype("float64")
    broken.loc[0, "innov"] = 7
    outcome = store.save_wave(broken, "2026", source="demo")
    assert outcome.report.n_quarantined == 1
    assert outcome.report.errors[0].column == "innov"
    assert outcome.report.errors[0].value == "7"
    assert len(store.load_wave("2026")) == len(reference_wave) - 1
    again = store.save_wave(broken, "2026", source="demo")
    assert again.already_imported and again.import_id == outcome.import_id
