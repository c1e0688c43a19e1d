"""Comparisons against R ``survey`` 4.1 (tests/reference/survey_variance/comparisons.R).

Difference of two domain proportions: svyby(covmat = TRUE) + svycontrast, so the covariance
between domains is included. Rao-Scott: svychisq(statistic = "Chisq") and "F". On a stratified
design, a cluster design (domains share PSUs, so the covariance is not zero) and a jackknife
replicate design. Tolerance 1e-8 relative; a missing golden file fails.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from phare.stats import SurveyDesign
from phare.stats.calibration import calibrate
from phare.stats.comparisons import difference_of_proportions, rao_scott_chisq
from phare.stats.replicates import replicate_design

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "reference" / "survey_variance" / "comparisons.json"
DATA = ROOT / "data" / "api"
RTOL = 1e-8


@pytest.fixture(scope="module")
def golden() -> dict[str, Any]:
    with GOLDEN.open(encoding="utf-8") as handle:  # a missing golden fails, never skips
        return json.load(handle)


def _design(name: str) -> SurveyDesign:
    if name == "taylor_apistrat":
        data = pd.read_csv(DATA / "apistrat.csv", dtype={"cds": str})
        spec: dict[str, Any] = {"weights": "pw", "strata": "stype", "fpc": "fpc"}
    else:
        data = pd.read_csv(DATA / "apiclus1.csv", dtype={"cds": str})
        spec = {"weights": "pw", "ids": "dnum", "fpc": "fpc"}
    data["yes"] = (data["sch.wide"] == "Yes").astype(float)
    data["api3"] = pd.cut(data["api00"], [0, 600, 750, 1000], labels=["low", "mid", "high"])
    design = SurveyDesign.from_frame(data, **spec)
    if name == "jk1_apiclus1":
        design = replicate_design(design, "jackknife")
    if name == "raked_apiclus1":
        margins = {"stype": {"E": 4421, "H": 755, "M": 1018}, "sch.wide": {"No": 1072, "Yes": 5122}}
        design = calibrate(design, margins, method="raking", tol=1e-13, max_iter=200)
    return design


CASES = ["taylor_apistrat", "taylor_apiclus1", "raked_apiclus1", "jk1_apiclus1"]


@pytest.mark.parametrize("name", CASES)
def test_difference_of_domain_proportions_matches_svycontrast(
    golden: dict[str, Any], name: str
) -> None:
    want = golden["cases"][name]["difference"]
    design = _design(name)
    got = difference_of_proportions(design, "yes", "stype", want["level_a"], want["level_b"])
    levels = ["E", "H", "M"]
    ia, ib = levels.index(want["level_a"]), levels.index(want["level_b"])
    np.testing.assert_allclose(
        [got.estimate_a, got.estimate_b], np.asarray(want["proportions"])[[ia, ib]], rtol=RTOL
    )
    np.testing.assert_allclose([got.se_a, got.se_b], np.asarray(want["se"])[[ia, ib]], rtol=RTOL)
    if "vcov" in want:  # svycontrast route (the svyglm route has no domain covariance matrix)
        vcov = np.asarray(want["vcov"])
        np.testing.assert_allclose(got.covariance, vcov[ia, ib], rtol=RTOL, atol=1e-15)
    np.testing.assert_allclose(got.difference, want["difference"], rtol=RTOL)
    np.testing.assert_allclose(got.se, want["difference_se"], rtol=RTOL)
    assert got.df == want["degf"]
    assert got.variance_method == ("replicate" if name.startswith("jk") else "taylor")


def test_categorical_level_route_equals_the_zero_one_route() -> None:
    """Two routes: proportion of level "Yes" of sch.wide, and the mean of a 0/1 column."""
    design = _design("taylor_apiclus1")
    by_level = difference_of_proportions(design, "sch.wide", "stype", "E", "M", level="Yes")
    by_binary = difference_of_proportions(design, "yes", "stype", "E", "M")
    assert by_level.difference == pytest.approx(by_binary.difference, rel=1e-12)
    assert by_level.se == pytest.approx(by_binary.se, rel=1e-12)


def test_cluster_design_has_a_non_zero_covariance_between_domains(golden: dict[str, Any]) -> None:
    got = difference_of_proportions(_design("taylor_apiclus1"), "yes", "stype", "E", "M")
    independent = np.sqrt(got.se_a**2 + got.se_b**2)
    assert got.covariance != 0
    assert abs(got.se / independent - 1) > 1e-3


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("table", [0, 1])
def test_rao_scott_first_and_second_order_match_svychisq(
    golden: dict[str, Any], name: str, table: int
) -> None:
    want = golden["cases"][name]["chisq"][table]
    rows, columns = want["formula"].lstrip("~").split(" + ")
    got = rao_scott_chisq(_design(name), rows, columns)
    np.testing.assert_allclose(got.pearson, want["chisq"]["statistic"], rtol=RTOL)
    assert got.df == want["chisq"]["df"]
    np.testing.assert_allclose(got.chisq_p_value, want["chisq"]["p_value"], rtol=RTOL)
    np.testing.assert_allclose(got.f, want["f"]["statistic"], rtol=RTOL)
    np.testing.assert_allclose(got.f_ndf, want["f"]["ndf"], rtol=RTOL)
    np.testing.assert_allclose(got.f_ddf, want["f"]["ddf"], rtol=RTOL)
    np.testing.assert_allclose(got.f_p_value, want["f"]["p_value"], rtol=RTOL)


def test_results_serialise_to_json() -> None:
    design = _design("taylor_apistrat")
    diff = difference_of_proportions(design, "yes", "stype", "E", "H")
    test = rao_scott_chisq(design, "sch.wide", "stype")
    assert json.loads(diff.model_dump_json())["difference"] == pytest.approx(diff.difference)
    assert json.loads(test.model_dump_json())["row_levels"] == ["No", "Yes"]


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"variable": "yes", "by": "stype", "domain_a": "E", "domain_b": "Z"}, "domain_b"),
        ({"variable": "yes", "by": "stype", "domain_a": "E", "domain_b": "E"}, "domain_b"),
        ({"variable": "api00", "by": "stype", "domain_a": "E", "domain_b": "H"}, "variable"),
        (
            {"variable": "sch.wide", "by": "stype", "domain_a": "E", "domain_b": "H", "level": "X"},
            "level",
        ),
        ({"variable": "yes", "by": "nope", "domain_a": "E", "domain_b": "H"}, "by"),
    ],
)
def test_difference_arguments_are_validated(kwargs: dict[str, Any], parameter: str) -> None:
    from phare.stats import SurveyError

    with pytest.raises(SurveyError) as info:
        difference_of_proportions(_design("taylor_apistrat"), **kwargs)
    assert info.value.parameter == parameter
