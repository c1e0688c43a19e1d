"""Calibration margins and the model matrix they define, collapsed to cells.

Margins are population counts of the levels of categorical variables and population totals of
numeric variables. The model matrix is R's ``model.matrix(~ a + b + x)``: an intercept
(population size), treatment dummies of every categorical margin except its first (sorted)
level, and the numeric variables. Units with the same categorical levels (and no numeric margin)
share one row of the matrix: calibration runs on these cells, which is exact because the
g-weight depends only on the row of the model matrix.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field

from phare.stats.design import SurveyDesign
from phare.stats.errors import MarginsError, UnreachableMarginsError
from phare.stats.estimates.kernel import label

INTERCEPT = "(Intercept)"
TOTAL_TOLERANCE = 1e-6


class Margins(BaseModel):
    """Population margins for calibration.

    Attributes
    ----------
    categorical : dict
        ``{variable: {level: population count}}``; levels are matched to the data as strings.
    numeric : dict
        ``{variable: population total}``.
    population_size : float, optional
        Population size; implied by the categorical margins when absent (they must all sum to
        the same total).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    categorical: dict[str, dict[str, float]] = Field(default_factory=dict)
    numeric: dict[str, float] = Field(default_factory=dict)
    population_size: float | None = None

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Any]) -> Margins:
        """From ``{variable: {level: count}}`` and ``{variable: total}`` entries in one mapping
        (the key ``"(Intercept)"`` gives the population size)."""
        categorical: dict[str, dict[str, float]] = {}
        numeric: dict[str, float] = {}
        size = None
        for name, value in mapping.items():
            if name == INTERCEPT:
                size = float(value)
            elif isinstance(value, Mapping):
                categorical[str(name)] = {str(k): float(v) for k, v in value.items()}
            elif isinstance(value, int | float):
                numeric[str(name)] = float(value)
            else:
                raise MarginsError(
                    "Marge illisible / unreadable margin",
                    parameter=f"margins[{name!r}]",
                    expected="a mapping level -> count, or a number (total)",
                    received=value,
                )
        return cls(categorical=categorical, numeric=numeric, population_size=size)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Margins:
        """From a long table with columns ``variable``, ``level`` (empty for numeric totals)
        and ``total``."""
        missing = {"variable", "level", "total"} - set(frame.columns)
        if missing:
            raise MarginsError(
                "Table de marges incomplète / margins table lacks columns",
                parameter="margins",
                expected="columns variable, level, total",
                received=sorted(frame.columns),
            )
        mapping: dict[str, Any] = {}
        for row in frame.itertuples(index=False):
            variable = str(row.variable)
            level = row.level
            total = float(row.total)
            if level is None or (isinstance(level, float) and np.isnan(level)) or level == "":
                mapping[variable] = total
            else:
                mapping.setdefault(variable, {})
                if not isinstance(mapping[variable], dict):
                    raise MarginsError(
                        "Variable à la fois numérique et catégorielle / variable both numeric"
                        " and categorical",
                        parameter="margins",
                        expected="either levels or one total per variable",
                        received=variable,
                    )
                mapping[variable][str(level)] = total
        return cls.from_mapping(mapping)

    @classmethod
    def from_file(cls, path: str | Path) -> Margins:
        """From a CSV (``variable,level,total``), or a YAML/JSON mapping."""
        path = Path(path)
        if path.suffix.lower() == ".csv":
            frame = pd.read_csv(path, dtype={"variable": str, "level": str}, keep_default_na=False)
            frame["total"] = pd.to_numeric(frame["total"])
            return cls.from_frame(frame)
        text = path.read_text(encoding="utf-8")
        raw = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
        if not isinstance(raw, Mapping):
            raise MarginsError(
                "Fichier de marges illisible / unreadable margins file",
                parameter=str(path),
                expected="a mapping of variables to margins",
                received=type(raw).__name__,
            )
        return cls.from_mapping(raw)


@dataclass(frozen=True, eq=False)
class ModelMatrix:
    """Calibration model matrix on cells: ``x_cells[cell]`` is the row of each unit."""

    cell: np.ndarray
    x_cells: np.ndarray
    targets: np.ndarray
    columns: list[tuple[str, str | None]]
    margin_names: list[str]
    cell_codes: list[np.ndarray]
    margin_levels: list[list[str]]
    margin_targets: list[np.ndarray]
    categorical_only: bool


def _codes(series: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes of the values present and their labels (fast paths: categorical, small ints)."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy()
        present = np.flatnonzero(np.bincount(codes, minlength=len(series.cat.categories)))
        labels = [label(c) for c in series.cat.categories]
        return _compact(codes, present, [labels[i] for i in present])
    if pd.api.types.is_integer_dtype(series) and len(series):
        values = series.to_numpy()
        low = int(values.min())
        if int(values.max()) - low <= 10_000_000:
            shifted = values - low
            present = np.flatnonzero(np.bincount(shifted))
            return _compact(shifted, present, [str(v + low) for v in present])
    codes, uniques = pd.factorize(series, sort=False)
    return codes, [label(u) for u in uniques]


def _compact(
    codes: np.ndarray, present: np.ndarray, labels: list[str]
) -> tuple[np.ndarray, list[str]]:
    if len(present) and present[-1] == len(present) - 1:
        return codes, labels
    lookup = np.zeros(int(present[-1]) + 1 if len(present) else 1, dtype=np.int64)
    lookup[present] = np.arange(len(present))
    return lookup[codes], labels


def build_model_matrix(design: SurveyDesign, margins: Margins, *, positive: bool) -> ModelMatrix:
    """Check the margins against the sample and build the (collapsed) model matrix.

    Parameters
    ----------
    positive : bool
        The method only gives positive weights (raking, logit): a level with a zero population
        count that is present in the sample cannot be reached.
    """
    if not margins.categorical and not margins.numeric:
        raise MarginsError(
            "Aucune marge / no margins",
            parameter="margins",
            expected="at least one categorical or numeric margin",
            received="{}",
        )
    n = design.n
    sums = {name: sum(levels.values()) for name, levels in margins.categorical.items()}
    reference = margins.population_size
    if reference is None and sums:
        reference = next(iter(sums.values()))
    if reference is not None:
        for name, total in sums.items():
            if abs(total - reference) > TOTAL_TOLERANCE * max(abs(reference), 1.0):
                raise MarginsError(
                    "Les marges n'ont pas le même total / margins do not sum to the same total",
                    code="calibration.inconsistent_totals",
                    parameter=f"margins[{name!r}]",
                    expected=f"a total of {reference:g} (population size)",
                    received=f"{total:g} ({', '.join(f'{k}: {v:g}' for k, v in sums.items())})",
                )

    raw_codes_list: list[np.ndarray] = []
    remaps: list[np.ndarray] = []
    margin_levels: list[list[str]] = []
    margin_targets: list[np.ndarray] = []
    for name, levels in margins.categorical.items():
        series = design.column(name, parameter="margins")
        if series.isna().any():
            raise MarginsError(
                f"Valeurs manquantes dans la variable de calage « {name} » / missing values in"
                f" calibration variable '{name}'",
                code="calibration.missing_values",
                parameter=name,
                expected="no missing values",
                received=f"{int(series.isna().sum())} missing",
            )
        raw_codes, sample_levels = _codes(series)
        unknown = [lev for lev in sample_levels if lev not in levels]
        if unknown:
            raise MarginsError(
                f"Modalité absente des marges pour « {name} » / level missing from the margins"
                f" of '{name}'",
                code="calibration.missing_level",
                parameter=name,
                expected=f"a population count for every level in the sample ({sorted(levels)})",
                received=unknown[:10],
            )
        present = set(sample_levels)
        absent = [lev for lev, count in levels.items() if lev not in present and count != 0]
        if absent:
            raise UnreachableMarginsError(
                f"Modalité sans aucune unité dans l'échantillon pour « {name} » / level of '{name}'"
                " with no sampled unit",
                parameter=name,
                expected="at least one sampled unit in each level with a positive count",
                received=absent[:10],
            )
        if positive:
            zero = [lev for lev in sample_levels if levels[lev] == 0]
            if zero:
                raise UnreachableMarginsError(
                    f"Effectif nul pour une modalité présente de « {name} » / zero count for a"
                    f" sampled level of '{name}'",
                    parameter=name,
                    expected="positive counts (this method keeps weights positive)",
                    received=zero[:10],
                )
        ordered = sorted(present)
        position = {lev: i for i, lev in enumerate(ordered)}
        remaps.append(np.array([position[lev] for lev in sample_levels], dtype=np.int64))
        raw_codes_list.append(raw_codes)
        margin_levels.append(ordered)
        margin_targets.append(np.array([levels[lev] for lev in ordered], dtype=float))

    numeric_values = []
    for name in margins.numeric:
        series = design.column(name, parameter="margins")
        values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        if not np.isfinite(values).all():
            raise MarginsError(
                f"Variable de calage numérique invalide « {name} » / invalid numeric calibration"
                f" variable '{name}'",
                code="calibration.missing_values",
                parameter=name,
                expected="finite numbers",
                received=f"{int((~np.isfinite(values)).sum())} missing or non-numeric values",
            )
        numeric_values.append(values)

    # cells: combine the raw codes, keep the combinations present, decode them per cell
    categorical_only = not numeric_values
    if categorical_only:
        sizes = [len(remap) for remap in remaps]
        combined = np.zeros(n, dtype=np.int64)
        for code, size in zip(raw_codes_list, sizes, strict=True):
            combined *= size
            combined += code
        n_combos = int(np.prod(sizes, dtype=np.int64))
        if n_combos <= 50_000_000:
            used = np.flatnonzero(np.bincount(combined, minlength=n_combos))
            lookup = np.zeros(n_combos, dtype=np.int64)
            lookup[used] = np.arange(len(used))
            cell = lookup[combined]
        else:
            used, cell = np.unique(combined, return_inverse=True)
        cell_codes = []
        rest = used.copy()
        for size, remap in zip(reversed(sizes), reversed(remaps), strict=True):
            cell_codes.append(remap[rest % size])
            rest //= size
        cell_codes.reverse()
    else:
        cell = np.arange(n, dtype=np.int64)
        cell_codes = [remap[code] for code, remap in zip(raw_codes_list, remaps, strict=True)]

    columns: list[tuple[str, str | None]] = []
    blocks = []
    targets: list[float] = []
    n_cells = len(cell_codes[0]) if cell_codes else n
    has_intercept = bool(margins.categorical) or margins.population_size is not None
    if has_intercept:
        blocks.append(np.ones((n_cells, 1)))
        columns.append((INTERCEPT, None))
        targets.append(float(reference))  # type: ignore[arg-type]
    for name, code, level_names, target in zip(
        margins.categorical, cell_codes, margin_levels, margin_targets, strict=True
    ):
        if len(level_names) > 1:
            dummies = (code[:, None] == np.arange(1, len(level_names))[None, :]).astype(float)
            blocks.append(dummies)
            columns.extend((name, lev) for lev in level_names[1:])
            targets.extend(target[1:].tolist())
    for name, values in zip(margins.numeric, numeric_values, strict=True):
        blocks.append(values[:, None])
        columns.append((name, None))
        targets.append(margins.numeric[name])
    return ModelMatrix(
        cell=cell,
        x_cells=np.hstack(blocks),
        targets=np.array(targets, dtype=float),
        columns=columns,
        margin_names=list(margins.categorical),
        cell_codes=cell_codes,
        margin_levels=margin_levels,
        margin_targets=margin_targets,
        categorical_only=categorical_only,
    )
