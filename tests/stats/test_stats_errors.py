"""The structured error hierarchy of phare.stats: code, parameter, expected, received."""

from __future__ import annotations

import pytest

from phare.stats import (
    CalibrationError,
    ConvergenceError,
    DesignError,
    EstimationError,
    LonelyPsuError,
    MarginsError,
    SurveyError,
    UnreachableMarginsError,
)


@pytest.mark.parametrize(
    ("cls", "parents", "code"),
    [
        (DesignError, (SurveyError, ValueError), "design.invalid"),
        (LonelyPsuError, (DesignError,), "design.lonely_psu"),
        (MarginsError, (SurveyError, ValueError), "calibration.margins"),
        (CalibrationError, (SurveyError, RuntimeError), "calibration.failed"),
        (ConvergenceError, (CalibrationError,), "calibration.not_converged"),
        (UnreachableMarginsError, (CalibrationError,), "calibration.unreachable_margins"),
        (EstimationError, (SurveyError, ValueError), "estimate.invalid"),
    ],
)
def test_hierarchy_and_default_codes(cls: type, parents: tuple[type, ...], code: str) -> None:
    err = cls("message")
    assert all(isinstance(err, p) for p in parents)
    assert err.code == code


def test_error_says_parameter_expected_and_received() -> None:
    err = MarginsError(
        "Modalité absente / level missing",
        code="calibration.missing_level",
        parameter="stype",
        expected="a count for E, H, M",
        received=["X"],
    )
    text = str(err)
    assert "stype" in text and "a count for E, H, M" in text and "['X']" in text
    assert err.to_dict() == {
        "code": "calibration.missing_level",
        "message": "Modalité absente / level missing",
        "parameter": "stype",
        "expected": "a count for E, H, M",
        "received": "['X']",
    }
