"""The intake report: every problem with file, row, column, value and what was expected.

Typed and JSON-serialisable (pydantic). Rendering as a table is the CLI's job
(`phare.cli.data_cmd`); this module only holds data.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["error", "warning", "info"]
VALUE_SHOWN = 200
"""Longest value kept in a report line; longer values are cut, with their length."""


def shown(value: str | None) -> str | None:
    """A value as a report shows it: at most `VALUE_SHOWN` characters, length given if cut."""
    if value is None or len(value) <= VALUE_SHOWN:
        return value
    return f"{value[:VALUE_SHOWN]}… [{len(value):,} caractères / characters]"


class Problem(BaseModel):
    """One finding of intake.

    `severity` is ``"error"`` (the row goes to quarantine), ``"warning"`` (the row is accepted,
    possibly corrected: padded code, former code, Q6 blanked) or ``"info"`` (a fact about the
    file). `row` is the row as a spreadsheet shows it (header = row 1), None for the whole
    file. `value` is cut at 200 characters (with its length).
    """

    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity
    file: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    expected: str | None = None
    message: str = ""


class AcceptedRow(BaseModel):
    """A valid row, normalised: contract values (codes as int) and unknown columns apart."""

    row: int
    values: dict[str, int | str | None]
    extras: dict[str, str | None] = Field(default_factory=dict)
    annotations: dict[str, str | None] = Field(default_factory=dict)
    commune_input: str | None = None


class QuarantinedRow(BaseModel):
    """A row kept aside with its reasons; `raw` holds every cell exactly as read."""

    row: int
    raw: dict[str, str | None]
    reasons: list[Problem]
    commune: str | None = None
    respondent_id: str | None = None


class IntakeReport(BaseModel):
    """What intake did with one file: accepted rows, quarantined rows and why, warnings.

    The invariant ``rows_in == n_accepted + n_quarantined`` always holds: no row is dropped.
    The JSON form (`to_json`) carries counts and problems; accepted rows and raw cells stay
    out of it (they are in the store).
    """

    file: str
    format: str
    wave: str
    sha256: str
    instrument: str
    encoding: str | None = None
    separator: str | None = None
    rows_in: int
    unknown_columns: list[str] = Field(default_factory=list)
    accepted: list[AcceptedRow] = Field(default_factory=list, exclude=True)
    quarantined: list[QuarantinedRow] = Field(default_factory=list, exclude=True)
    warnings: list[Problem] = Field(default_factory=list)
    errors: list[Problem] = Field(default_factory=list)
    n_accepted: int = 0
    n_quarantined: int = 0

    @property
    def problems(self) -> list[Problem]:
        """Errors and warnings together, file-level first, then by row."""
        allp = [*self.warnings, *self.errors]
        return sorted(allp, key=lambda p: (p.row is not None, p.row or 0))

    def to_json(self, **kwargs: Any) -> str:
        """JSON of the report (counts, unknown columns, every problem)."""
        return self.model_dump_json(**kwargs)
