"""Writers of a wave in the contract format: CSV, XLSX, SPSS ``.sav``, Stata ``.dta``.

Every writer goes through `atomic_write` (temporary file, then ``os.replace``). XLSX cells
holding text are written as strings, never as formulas or links: a verbatim
``=HYPERLINK(...)`` stays the text it was.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from phare.instrument import Instrument
from phare.responses.atomic import atomic_write

EXPORT_FORMATS = ("csv", "xlsx", "sav", "dta")
STATA_LABEL_MAX = 80
SPSS_LABEL_MAX = 250


def _numeric_columns(df: pd.DataFrame, instrument: Instrument) -> list[str]:
    out = []
    for name in df.columns:
        try:
            var = instrument.variable(name)
        except KeyError:
            continue
        if var.type in ("binary", "code", "integer"):
            out.append(name)
    return out


def write_wave(
    df: pd.DataFrame,
    fmt: str,
    path: str | os.PathLike[str],
    instrument: Instrument,
    *,
    csv_separator: str = ";",
) -> Path:
    """Write `df` (contract columns, as `Store.load_wave` returns) to `path` in `fmt`.

    Parameters
    ----------
    df : DataFrame
        One row per respondent, contract columns.
    fmt : {"csv", "xlsx", "sav", "dta"}
        CSV is UTF-8 with BOM (so that spreadsheets read accents) and `csv_separator`;
        SPSS and Stata files carry variable labels and value labels (French).
    path : path-like
        Target file, replaced atomically.
    instrument : Instrument
        Source of labels and of which columns are codes.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"fmt: expected one of {EXPORT_FORMATS}, got {fmt!r}")
    if csv_separator not in (";", ",", "\t"):
        raise ValueError(f"csv_separator: expected ';', ',' or tab, got {csv_separator!r}")
    writers = {"csv": _csv, "xlsx": _xlsx, "sav": _sav, "dta": _dta}
    return atomic_write(path, lambda tmp: writers[fmt](df, tmp, instrument, csv_separator))


def _csv(df: pd.DataFrame, path: Path, instrument: Instrument, sep: str) -> None:
    df.to_csv(path, sep=sep, index=False, encoding="utf-8-sig", na_rep="")


def _xlsx(df: pd.DataFrame, path: Path, instrument: Instrument, sep: str) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(
        str(path),
        {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    try:
        bold = wb.add_format({"bold": True})
        text = wb.add_format({"num_format": "@"})
        ws = wb.add_worksheet("reponses")
        for j, name in enumerate(df.columns):
            ws.write_string(0, j, str(name), bold)
        numeric = set(_numeric_columns(df, instrument))
        for j, name in enumerate(df.columns):
            values = df[name].tolist()
            is_num = name in numeric
            if not is_num:
                ws.set_column(j, j, None, text)
            for i, v in enumerate(values, start=1):
                if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
                    continue
                if is_num:
                    ws.write_number(i, j, float(v))
                else:
                    ws.write_string(i, j, str(v))
        ws.freeze_panes(1, 0)
        info = wb.add_worksheet("variables")
        for j, head in enumerate(["variable", "question", "libellé", "label", "codes"]):
            info.write_string(0, j, head, bold)
        for i, name in enumerate(df.columns, start=1):
            try:
                var = instrument.variable(name)
            except KeyError:
                info.write_string(i, 0, str(name))
                continue
            codes = "; ".join(f"{c} = {lab.fr}" for c, lab in var.codes.items())
            for j, cell in enumerate([name, var.question or "", var.label.fr, var.label.en, codes]):
                info.write_string(i, j, cell)
    finally:
        wb.close()


def _stat_frame(
    df: pd.DataFrame, instrument: Instrument
) -> tuple[pd.DataFrame, dict[str, dict[float, str]]]:
    numeric = set(_numeric_columns(df, instrument))
    columns: dict[str, object] = {}
    value_labels: dict[str, dict[float, str]] = {}
    for name in df.columns:
        col = df[name]
        if name in numeric:
            columns[name] = pd.to_numeric(col, errors="raise").astype("float64").to_numpy()
            var = instrument.variable(name)
            if var.codes:
                value_labels[name] = {float(c): lab.fr for c, lab in var.codes.items()}
        else:
            # "" is the missing string of SPSS and Stata
            columns[name] = np.array(
                ["" if (v is None or v is pd.NA or v != v) else str(v) for v in col], dtype=object
            )
    return pd.DataFrame(columns, index=range(len(df))), value_labels


def _labels(df: pd.DataFrame, instrument: Instrument, limit: int) -> list[str | None]:
    labels: list[str | None] = []
    for name in df.columns:
        try:
            text = instrument.variable(name).label.fr
        except KeyError:
            text = str(name)
        labels.append(text if len(text) <= limit else text[: limit - 1] + "…")
    return labels


def _sav(df: pd.DataFrame, path: Path, instrument: Instrument, sep: str) -> None:
    import pyreadstat

    data, value_labels = _stat_frame(df, instrument)
    pyreadstat.write_sav(
        data,
        str(path),
        column_labels=_labels(df, instrument, SPSS_LABEL_MAX),
        variable_value_labels=value_labels,
    )


def _dta(df: pd.DataFrame, path: Path, instrument: Instrument, sep: str) -> None:
    # pandas' writer (Stata 14+, UTF-8) names each value-label set after its variable;
    # pyreadstat appends a counter, which overflows Stata's 32-character names here.
    data, value_labels = _stat_frame(df, instrument)
    labels = dict(zip(df.columns, _labels(df, instrument, STATA_LABEL_MAX), strict=True))
    text = [
        name
        for name in df.columns
        if name in {v.name for v in instrument.all_variables if v.type == "text"}
    ]
    data.to_stata(
        path,
        write_index=False,
        version=118,
        value_labels={k: {int(c): lab for c, lab in v.items()} for k, v in value_labels.items()},
        variable_labels={k: v for k, v in labels.items() if v is not None},
        convert_strl=text,
    )
