"""Find communes by code or by name, ignoring accents, case and punctuation."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from phare.frame.register import _frame
from phare.frame.resolve import resolve_commune


def normalise_name(text: str) -> str:
    """Fold ``text`` for matching: no accents, lower case, hyphens/apostrophes as spaces."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    folded = folded.replace("œ", "oe").replace("æ", "ae")
    return re.sub(r"[^a-z0-9]+", " ", folded).strip()


def find_communes(query: str, *, limit: int = 20) -> pd.DataFrame:
    """Return the frame rows matching ``query``: a code (resolved) or a name.

    A query that resolves as a code (current, padded or former) gives that commune. Otherwise
    names are matched accent- and case-insensitively: exact matches first, then names starting
    with the query, then names containing it; at most ``limit`` rows.
    """
    if limit < 1:
        raise ValueError(f"limit: expected a positive integer, got {limit!r}")
    frame = _frame()
    res = resolve_commune(query)
    if res.code is not None:
        return frame.loc[frame["commune"] == res.code].copy()
    needle = normalise_name(query)
    if not needle:
        return frame.iloc[0:0].copy()
    folded = frame["nom"].map(normalise_name)
    exact = folded == needle
    starts = folded.str.startswith(needle) & ~exact
    contains = folded.str.contains(needle, regex=False) & ~exact & ~starts
    parts = [frame.loc[mask] for mask in (exact, starts, contains)]
    return pd.concat(parts).head(limit).copy()
