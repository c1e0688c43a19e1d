"""The results model: JSON round trip, versioning, settings, French number formatting."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from phare.study.results import (
    SCHEMA_VERSION,
    Flag,
    StudySettings,
    WaveResults,
    number_fr,
    out_of_ten_fr,
    percent_fr,
    percent_value,
    round_half_up,
)


def test_demo_results_round_trip_through_json(demo_results: WaveResults) -> None:
    text = demo_results.to_json()
    again = WaveResults.from_json(text)
    assert again == demo_results
    assert again.to_json() == text
    assert json.loads(text)["metadata"]["schema_version"] == SCHEMA_VERSION


def test_another_major_schema_version_is_refused(demo_results: WaveResults) -> None:
    data = json.loads(demo_results.to_json())
    data["metadata"]["schema_version"] = "2.0"
    with pytest.raises(ValidationError, match="schema_version"):
        WaveResults.model_validate(data)


def test_settings_refuse_a_suppression_threshold_above_the_flag_threshold() -> None:
    with pytest.raises(ValidationError, match="min_base_suppress"):
        StudySettings(min_base_flag=10, min_base_suppress=30)
    with pytest.raises(ValidationError, match="calibration_bounds"):
        StudySettings(calibration_bounds=(1.5, 3.0))


def test_french_formatting_rounds_half_up_and_uses_no_break_spaces() -> None:
    assert percent_fr(0.865) == "87\u00a0%"
    assert percent_fr(0.125) == "13\u00a0%"  # banker's rounding would give 12
    assert round_half_up(2.5) == 3.0
    assert percent_value(0.4649999) == 46.0
    assert number_fr(1234.56, 1) == "1\u202f234,6"
    assert number_fr(-3.5) == "-4"
    assert out_of_ten_fr(0.67) == "7 maires sur 10"


def test_flags_follow_the_settings(demo_results: WaveResults) -> None:
    s = demo_results.metadata.settings
    for row in demo_results.estimates:
        if row.n < s.min_base_suppress:
            assert row.flag == Flag.SUPPRESSED and row.estimate is None and row.ci_low is None
        elif row.n < s.min_base_flag:
            assert row.flag == Flag.LOW_BASE and row.estimate is not None
        else:
            assert row.flag == Flag.OK
            assert row.ci_low is not None and row.ci_high is not None
            assert row.ci_low <= row.estimate <= row.ci_high
