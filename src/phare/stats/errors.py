"""Structured errors of `phare.stats`.

Every error raised at a public entry point says which parameter (or column) was wrong, what was
received and what was expected, and carries a stable machine-readable ``code``. Messages are
French first, then English.
"""

from __future__ import annotations

from typing import Any


class SurveyError(Exception):
    """Base class of the errors of `phare.stats`.

    Parameters
    ----------
    message : str
        Human-readable message (French, then English).
    code : str
        Stable identifier, e.g. ``"design.unknown_column"``.
    parameter : str, optional
        The parameter or column at fault.
    expected : str, optional
        What was expected.
    received : object, optional
        What was received (rendered with ``repr`` when not a string).
    """

    default_code = "stats.error"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        parameter: str | None = None,
        expected: str | None = None,
        received: Any = None,
    ) -> None:
        self.code = code or self.default_code
        self.parameter = parameter
        self.expected = expected
        self.received = (
            received if received is None or isinstance(received, str) else repr(received)
        )
        parts = [message]
        if parameter is not None:
            parts.append(f"paramètre/parameter: {parameter}")
        if expected is not None:
            parts.append(f"attendu/expected: {expected}")
        if self.received is not None:
            parts.append(f"reçu/received: {self.received}")
        super().__init__(" | ".join(parts))
        self.message = message

    def to_dict(self) -> dict[str, str | None]:
        """The error as a JSON-ready mapping (code, message, parameter, expected, received)."""
        return {
            "code": self.code,
            "message": self.message,
            "parameter": self.parameter,
            "expected": self.expected,
            "received": self.received,
        }


class DesignError(SurveyError, ValueError):
    """Invalid survey design: unknown column, bad weights, strata or fpc."""

    default_code = "design.invalid"


class LonelyPsuError(DesignError):
    """A stratum holds a single PSU and the policy is ``"fail"``."""

    default_code = "design.lonely_psu"


class MarginsError(SurveyError, ValueError):
    """Invalid calibration margins: missing level, inconsistent totals, unknown variable."""

    default_code = "calibration.margins"


class CalibrationError(SurveyError, RuntimeError):
    """Calibration could not produce weights meeting the margins."""

    default_code = "calibration.failed"


class ConvergenceError(CalibrationError):
    """The calibration iterations did not converge."""

    default_code = "calibration.not_converged"


class UnreachableMarginsError(CalibrationError):
    """No weights of the requested form can reach the margins (empty cell, bounds too tight)."""

    default_code = "calibration.unreachable_margins"


class EstimationError(SurveyError, ValueError):
    """Invalid request to an estimator: unknown variable, missing values, bad level."""

    default_code = "estimate.invalid"
