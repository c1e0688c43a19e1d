"""Categorical encoding for MCA: levels, the missing-value level and ventilation of rare levels.

Every value is turned into a string level (integers stay ``"1"``; floats holding an integer, and
texts such as ``"1.0"``, give ``"1"``, so survey codes keep one name whichever way a CSV was
written or read). A missing value becomes its own
level, :data:`MISSING_LEVEL`, as FactoMineR's default ``na.method = "NA"``.

Ventilation (Benzécri; FactoMineR's ``level.ventil``): a level whose weighted share among the
answered rows is below the threshold is rare; its rows are reassigned at random to the other
levels of the same variable, with probabilities proportional to their weighted shares, so that
rare levels do not dominate the axes. Nothing is done when fewer than two levels would remain.
The missing level is not ventilated by default (FactoMineR ventilates before adding it); with
``missing="ventilate"`` the missing answers of an active variable are ventilated whatever their
share (listed with the rare levels as :data:`MISSING_LEVEL`), so that non-response never builds
an axis or a class of its own: in expectation the row takes the variable's average profile, as
FactoMineR's ``na.method = "Average"``, and a frozen model treats it as the variable's centre.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

MISSING_LEVEL = "NA"
"""Level given to missing values."""


_INTEGER_TEXT = re.compile(r"-?\d+\.0+")


def _level_name(value: object) -> str:
    if isinstance(value, str):
        # a code written by a spreadsheet or pandas as "1.0" is the code "1"
        return value.split(".", 1)[0] if _INTEGER_TEXT.fullmatch(value) else value
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, np.integer):
        return str(int(value))
    return str(value)


def level_codes(column: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes and sorted levels of a column (missing values as :data:`MISSING_LEVEL`, last).

    Vectorised: values are factorised first and only the distinct ones are converted.
    """
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    names = [_level_name(u) for u in uniques]
    if (codes < 0).any():
        names.append(MISSING_LEVEL)
        codes = np.where(codes < 0, len(names) - 1, codes)
    # distinct raw values may share a name (e.g. 1 and "1"): merge them
    levels = _sort_levels(list(dict.fromkeys(names)))
    position = {lv: i for i, lv in enumerate(levels)}
    remap = np.array([position[nm] for nm in names], dtype=np.int64)
    return (remap[codes] if len(remap) else codes.astype(np.int64)), levels


def map_levels(
    column: pd.Series, levels: list[str], offset: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Position (+ `offset`) of each value of `column` among `levels`, -1 when absent.

    Also returns the level name of each value (object array), for reporting.
    """
    codes, seen = level_codes(column)
    position = {lv: offset + i for i, lv in enumerate(levels)}
    remap = np.array([position.get(lv, -1) for lv in seen], dtype=np.int64)
    names = np.asarray(seen, dtype=object)
    return (remap[codes] if len(remap) else codes), (names[codes] if len(names) else names)


def as_levels(column: pd.Series) -> pd.Series:
    """Return `column` as strings (object dtype), missing values as :data:`MISSING_LEVEL`."""
    codes, levels = level_codes(column)
    return pd.Series(np.asarray(levels, dtype=object)[codes], index=column.index, dtype=object)


@dataclass
class EncodedTable:
    """Integer codes of categorical variables, the building block of the indicator matrix.

    Attributes
    ----------
    variables : list of str
        Variable names, in order.
    levels : list of list of str
        Levels of each variable, sorted (the missing level last).
    codes : ndarray of shape (n_rows, n_variables)
        Code of each row's level within its variable.
    ventilated : dict
        For each variable, the rare levels that were ventilated (empty when none).
    """

    variables: list[str]
    levels: list[list[str]]
    codes: np.ndarray
    ventilated: dict[str, list[str]] = field(default_factory=dict)

    @property
    def n_levels(self) -> np.ndarray:
        """Number of levels of each variable."""
        return np.array([len(lv) for lv in self.levels], dtype=int)

    @property
    def offsets(self) -> np.ndarray:
        """Column of the first level of each variable in the indicator matrix."""
        return np.concatenate([[0], np.cumsum(self.n_levels)[:-1]]).astype(int)

    @property
    def category_index(self) -> pd.MultiIndex:
        """The (variable, level) index of the columns of the indicator matrix."""
        tuples = [
            (v, lv) for v, lvls in zip(self.variables, self.levels, strict=True) for lv in lvls
        ]
        return pd.MultiIndex.from_tuples(tuples, names=["variable", "level"])

    def global_codes(self) -> np.ndarray:
        """Codes shifted by the variable offsets: columns of the indicator matrix."""
        return self.codes + self.offsets[None, :]

    def indicator(self) -> np.ndarray:
        """The complete disjunctive table Z (n_rows × n_categories), as floats."""
        n = self.codes.shape[0]
        z = np.zeros((n, int(self.n_levels.sum())))
        rows = np.repeat(np.arange(n), len(self.variables))
        z[rows, self.global_codes().ravel()] = 1.0
        return z


def _sort_levels(values: list[str]) -> list[str]:
    present = sorted(v for v in values if v != MISSING_LEVEL)
    if MISSING_LEVEL in values:
        present.append(MISSING_LEVEL)
    return present


def encode(
    frame: pd.DataFrame,
    variables: list[str],
    *,
    weights: np.ndarray,
    level_ventil: float = 0.0,
    missing: str = "level",
    rng: np.random.Generator | None = None,
) -> EncodedTable:
    """Encode `variables` of `frame` as integer codes, ventilating rare levels if asked.

    Parameters
    ----------
    frame : DataFrame
        The data; the columns named in `variables` are read.
    variables : list of str
        Categorical variables to encode.
    weights : ndarray of shape (n_rows,)
        Row weights, used for the shares compared with `level_ventil`.
    level_ventil : float, default 0
        Share under which a level is ventilated (0 = no ventilation).
    missing : {"level", "ventilate"}, default "level"
        Missing values as a level of their own (FactoMineR's default) or ventilated whatever
        their share.
    rng : numpy Generator, optional
        Source of the random reassignment (required when ventilating).
    """
    if missing not in ("level", "ventilate"):
        raise ValueError(f'missing: expected "level" or "ventilate", got {missing!r}')
    ventilate_missing = missing == "ventilate"
    levels: list[list[str]] = []
    codes = np.empty((len(frame), len(variables)), dtype=np.int64)
    ventilated: dict[str, list[str]] = {}
    for j, name in enumerate(variables):
        col_codes, lvls = level_codes(frame[name])
        if level_ventil > 0 or (ventilate_missing and MISSING_LEVEL in lvls):
            if rng is None:
                raise ValueError("rng is required when ventilating")
            values = np.asarray(lvls, dtype=object)[col_codes]
            values, rare = _ventilate(values, weights, level_ventil, rng, ventilate_missing)
            if rare:
                ventilated[name] = rare
                col_codes, lvls = level_codes(pd.Series(values))
        codes[:, j] = col_codes
        levels.append(lvls)
    return EncodedTable(list(variables), levels, codes, ventilated)


def _ventilate(
    values: np.ndarray,
    weights: np.ndarray,
    threshold: float,
    rng: np.random.Generator,
    ventilate_missing: bool = False,
) -> tuple[np.ndarray, list[str]]:
    answered = values != MISSING_LEVEL
    uniq, inverse = np.unique(values[answered], return_inverse=True)
    if len(uniq) <= 1:
        return values, []
    share = np.bincount(inverse, weights=weights[answered], minlength=len(uniq))
    total = share.sum()
    if total <= 0:
        return values, []
    share = share / total
    rare = share < threshold
    if rare.all() or (~rare).sum() == 1:
        rare[:] = False  # ventilating would leave fewer than two levels
    with_missing = ventilate_missing and not answered.all()
    if not rare.any() and not with_missing:
        return values, []
    kept = uniq[~rare]
    proba = share[~rare] / share[~rare].sum()
    out = values.copy()
    rare_levels = [str(v) for v in uniq[rare]]
    target = np.isin(out, uniq[rare])
    if with_missing:
        target |= ~answered
        rare_levels.append(MISSING_LEVEL)
    out[target] = rng.choice(kept, size=int(target.sum()), replace=True, p=proba)
    return out, rare_levels
