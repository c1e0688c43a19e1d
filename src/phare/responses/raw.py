"""`RawTable`: a file as read, before any validation — every cell kept as text."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

Cell = str | None


@dataclass(frozen=True)
class RawTable:
    """The content of one import file, cells as text, nothing interpreted yet.

    Attributes
    ----------
    source : str
        File name (or a label such as ``"dataframe:demo"``) used in every report line.
    format : str
        ``"csv"``, ``"xlsx"``, ``"sav"``, ``"dta"`` or ``"dataframe"``.
    header : tuple of str
        Column names as found in the file (surrounding spaces and BOM removed).
    rows : list of tuple
        One tuple of cells per data row; a cell is the text of the value or ``None`` when
        empty. A CSV row may have more or fewer cells than the header (reported by
        validation, never dropped).
    row_numbers : list of int
        The row number of each data row as a spreadsheet shows it (header = row 1).
    sha256 : str
        Hash of the file bytes (of a canonical CSV for a DataFrame): the idempotence key.
    encoding, separator : str or None
        What the CSV reader detected.
    value_labels : dict
        Value labels found in a SPSS/Stata file: ``{column: {value text: label}}``.
    notes : list of str
        Facts about the reading worth telling (ignored empty rows, other sheets, ...).
    """

    source: str
    format: str
    header: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    row_numbers: list[int]
    sha256: str
    encoding: str | None = None
    separator: str | None = None
    value_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        """Number of data rows (empty rows excluded)."""
        return len(self.rows)


def cell_text(value: Any) -> Cell:
    """The text of one cell read from a typed source (XLSX, SPSS, Stata, DataFrame).

    Integral floats lose their ``.0`` (``1.0`` → ``"1"``, so 0/1 codes and commune codes typed
    as numbers read the same as in a CSV); NaN, None and pandas NA are empty; dates are ISO.
    Strings are kept exactly, except that an empty string is empty.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value if value != "" else None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return None
    except ImportError:  # pragma: no cover
        pass
    if hasattr(value, "item"):  # numpy scalar
        return cell_text(value.item())
    return str(value)
