"""Typed, serialisable results of `phare.stats` (STYLE habit 3 and 8).

Every estimate is a row of an :class:`EstimateTable`: estimate, standard error, confidence
interval, coefficient of variation, design effect, unweighted n and degrees of freedom, with
the variable, the category (``level``) and the domain it belongs to. Warnings travel with the
table as coded :class:`ResultWarning` items; the options used are in :class:`EstimateMetadata`.
Missing statistics (e.g. an undefined CV) are ``None``, never NaN, so the JSON is standard.
"""

from __future__ import annotations

import math
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"

Statistic = Literal["mean", "total", "proportion", "ratio", "quantile", "other"]


def clean_float(value: float | None) -> float | None:
    """Return ``None`` for missing or non-finite values, a plain float otherwise."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


class ResultWarning(BaseModel):
    """A coded warning kept with a result (e.g. ``"lonely_psu"``, ``"weights_at_bound"``)."""

    model_config = ConfigDict(frozen=True)

    code: str
    message: str
    details: dict[str, Any] = Field(default_factory=dict)


class EstimateRow(BaseModel):
    """One estimate: a statistic of one variable (and level) in one domain.

    ``n`` is the unweighted number of units with a valid value in the domain; ``n_level`` the
    unweighted number of them in ``level`` (categorical variables only); ``df`` the design
    degrees of freedom of the domain (PSUs minus strata holding units of the domain).
    """

    model_config = ConfigDict(frozen=True)

    variable: str
    level: str | None = None
    domain: dict[str, str] = Field(default_factory=dict)
    estimate: float | None
    se: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    cv: float | None = None
    deff: float | None = None
    n: int
    n_level: int | None = None
    df: float | None = None


class EstimateMetadata(BaseModel):
    """How the estimates were computed: statistic, variance method, interval and options."""

    model_config = ConfigDict(frozen=True)

    statistic: Statistic
    variance_method: str = "taylor"
    ci_method: str = "wald"
    level: float = 0.95
    by: list[str] = Field(default_factory=list)
    design: dict[str, Any] = Field(default_factory=dict)
    options: dict[str, Any] = Field(default_factory=dict)


class EstimateTable(BaseModel):
    """A table of estimates with its metadata and warnings (schema ``SCHEMA_VERSION``)."""

    model_config = ConfigDict(frozen=True)

    schema_version: str = SCHEMA_VERSION
    metadata: EstimateMetadata
    rows: list[EstimateRow]
    warnings: list[ResultWarning] = Field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        """The rows as a data frame, one column per domain variable (in ``metadata.by`` order)."""
        records = []
        for row in self.rows:
            record: dict[str, Any] = {"variable": row.variable, "level": row.level}
            for name in self.metadata.by:
                record[name] = row.domain.get(name)
            for key in ("estimate", "se", "ci_low", "ci_high", "cv", "deff", "n", "n_level", "df"):
                record[key] = getattr(row, key)
            records.append(record)
        columns = [
            "variable",
            "level",
            *self.metadata.by,
            "estimate",
            "se",
            "ci_low",
            "ci_high",
            "cv",
            "deff",
            "n",
            "n_level",
            "df",
        ]
        return pd.DataFrame.from_records(records, columns=columns)

    def get(self, variable: str, level: str | None = None, **domain: str) -> EstimateRow:
        """The row of ``variable`` (and ``level``) in the domain given as keyword arguments."""
        for row in self.rows:
            if row.variable == variable and row.level == level and row.domain == domain:
                return row
        raise KeyError((variable, level, domain))


class MarginCheck(BaseModel):
    """One calibration target: the population total and the total reached by the weights."""

    model_config = ConfigDict(frozen=True)

    variable: str
    level: str | None
    target: float
    achieved: float


class CalibrationReport(BaseModel):
    """Diagnostics of a calibration: convergence, g-weights and weighting effects.

    ``kish_n`` is Kish's effective sample size :math:`(\\sum w)^2 / \\sum w^2`;
    ``deff_weighting`` is Kish's design effect due to weighting :math:`n \\sum w^2 / (\\sum w)^2
    = 1 + cv_w^2`, both computed on the calibrated weights.
    """

    model_config = ConfigDict(frozen=True)

    schema_version: str = SCHEMA_VERSION
    method: str
    bounds: tuple[float, float] | None = None
    trim: tuple[float, float] | None = None
    converged: bool
    iterations: int
    max_misfit: float
    tolerance: float
    n: int
    n_cells: int
    g_min: float
    g_max: float
    g_mean: float
    n_trimmed: int = 0
    n_at_bounds: int = 0
    kish_n: float
    deff_weighting: float
    margins: list[MarginCheck] = Field(default_factory=list)
    warnings: list[ResultWarning] = Field(default_factory=list)
