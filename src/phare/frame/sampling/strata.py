"""Strata of a frame: validation of the strata columns and stratum labels."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

STRATUM_SEPARATOR = "|"


def normalise_strata(strata: str | Sequence[str]) -> tuple[str, ...]:
    """Return the strata columns as a tuple, refusing an empty or repeated list."""
    cols = (strata,) if isinstance(strata, str) else tuple(strata)
    if not cols or not all(isinstance(c, str) and c for c in cols):
        raise ValueError(
            f"strata: expected a column name or a non-empty list of column names, got {strata!r}"
        )
    if len(set(cols)) != len(cols):
        raise ValueError(f"strata: expected distinct column names, got {list(cols)!r}")
    return cols


def check_frame(frame: object, strata: tuple[str, ...]) -> pd.DataFrame:
    """Check that ``frame`` is a DataFrame with unique ``commune`` codes and the strata columns."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame: expected a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in ("commune", *strata) if c not in frame.columns]
    if missing:
        raise ValueError(
            f"frame: missing column(s) {missing!r}; strata must name columns of the frame, "
            f"available: {sorted(map(str, frame.columns))!r}"
        )
    if frame["commune"].isna().any() or not frame["commune"].is_unique:
        raise ValueError("frame: column 'commune' must hold unique, non-missing codes")
    return frame


def stratum_labels(frame: pd.DataFrame, strata: tuple[str, ...]) -> pd.Series:
    """Return one label per row: the strata values joined by ``|`` (NA if any is missing)."""
    values = frame.loc[:, list(strata)].astype("string")
    labels = values.iloc[:, 0]
    for col in values.columns[1:]:
        labels = labels.str.cat(values[col], sep=STRATUM_SEPARATOR)  # NA if either is NA
    return labels.astype("string")
