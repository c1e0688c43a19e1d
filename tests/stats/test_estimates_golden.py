"""Estimators against R ``survey`` 4.1 (tests/reference/survey_core/estimates.R).

Every case of estimates.json (svymean, svytotal, svyby domains, factor proportions,
svyciprop logit/beta, deff, lonely PSU policies, missing values) is rebuilt with phare.stats and
compared row by row at relative tolerance 1e-8.
"""

from __future__ import annotations

import pytest
from _survey_core_golden import compare_rows, load_golden, run_case

GOLDEN = load_golden("estimates.json")


def test_golden_file_records_versions() -> None:
    assert GOLDEN["survey"].startswith("4.1")
    assert len(GOLDEN["cases"]) >= 30


@pytest.mark.parametrize("case", GOLDEN["cases"], ids=lambda c: c["id"])
def test_matches_r_survey(case: dict) -> None:
    table = run_case(case)
    compare_rows(table, case["rows"], ci_method=case["ci_method"])
