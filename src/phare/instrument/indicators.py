"""Derived 0/1 indicators of a response table (the published figures are these).

Three-valued logic, so that every share keeps the contract's bases ("Bases of the shares":
a share is computed over the respondents who answered; an empty cell is out of the base):

- ``in_codes``: 1 if the variable is in the codes, 0 if it is answered otherwise ("ne sait
  pas" 9 included, it counts in the base), empty (NaN) if it is empty.
- ``all_in`` (``part_all16``): 1 if every listed item is in the codes; 0 as soon as one answered
  item is not; NaN otherwise (no answer contradicts it but some items are empty, so "all 16" is
  unknown). The base is thus the respondents who answered the grid.
- ``any_in`` (``part_any_social5``): 1 if one listed item is in the codes; 0 if every item is
  answered and none is; NaN otherwise.
- ``among``: restricts the base; rows where the condition does not hold (or its variable is
  empty) are NaN. ``coco_ne_sait_pas_animer`` is thus computed over the respondents with
  ``coco_ancree`` in {1, 2} who answered ``coco_savoir``.

This is Kleene's strong three-valued logic for AND (``all_in``) and OR (``any_in``) with empty
as "unknown".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from phare.instrument.model import Indicator, Instrument


def _numeric(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return df[columns].apply(pd.to_numeric, errors="coerce").astype(float)


def evaluate_indicator(df: pd.DataFrame, indicator: Indicator) -> pd.Series:
    """One indicator as a float Series of 1.0, 0.0 or NaN, on the index of `df`."""
    values = _numeric(df, list(indicator.variables)).to_numpy()
    answered = ~np.isnan(values)
    hit = np.isin(values, indicator.codes) & answered
    miss = answered & ~hit
    out = np.full(len(df), np.nan)
    if indicator.kind == "in_codes":
        out[miss[:, 0]] = 0.0
        out[hit[:, 0]] = 1.0
    elif indicator.kind == "all_in":
        out[hit.all(axis=1)] = 1.0
        out[miss.any(axis=1)] = 0.0
    elif indicator.kind == "any_in":
        out[miss.all(axis=1)] = 0.0
        out[hit.any(axis=1)] = 1.0
    else:  # pragma: no cover - excluded by the model's Literal
        raise ValueError(f"indicator {indicator.name}: unknown kind {indicator.kind!r}")
    if indicator.among is not None:
        cond = pd.to_numeric(df[indicator.among.variable], errors="coerce").to_numpy(float)
        out[~np.isin(cond, indicator.among.in_)] = np.nan
    return pd.Series(out, index=df.index, name=indicator.name)


def compute_indicators(
    df: pd.DataFrame,
    instrument: Instrument | None = None,
    names: list[str] | None = None,
) -> pd.DataFrame:
    """Compute the derived indicators of a response table.

    Parameters
    ----------
    df : DataFrame
        Responses in the contract format (one row per respondent, columns named as the
        instrument's variables, codes as numbers or numeric strings, empty = NaN).
    instrument : Instrument, optional
        Defaults to ``load_instrument()`` (PHARE-Institutions).
    names : list of str, optional
        Only these indicators (default: all, in the instrument's order).

    Returns
    -------
    DataFrame
        Same index as `df`, one float column per indicator holding 1.0, 0.0 or NaN (out of the
        base); the mean of a column over its non-NaN rows is the published share.

    Raises
    ------
    ValueError
        If a column an indicator needs is missing from `df` (named in the message).
    """
    if instrument is None:
        from phare.instrument.loader import load_instrument

        instrument = load_instrument()
    indicators = list(instrument.indicators)
    if names is not None:
        unknown = sorted(set(names) - {i.name for i in indicators})
        if unknown:
            raise ValueError(f"names: unknown indicators {unknown}")
        indicators = [i for i in indicators if i.name in names]
    needed: list[str] = []
    for ind in indicators:
        needed += list(ind.variables)
        if ind.among is not None:
            needed.append(ind.among.variable)
    missing = sorted(set(needed) - set(df.columns))
    if missing:
        raise ValueError(f"df: missing columns {missing} needed by the indicators")
    return pd.DataFrame({ind.name: evaluate_indicator(df, ind) for ind in indicators})
