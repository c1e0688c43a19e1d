"""Replicate designs through the public API: calibrate, then estimate with replicate variance.

Checked against R ``survey`` 4.1 goldens (tests/reference/survey_variance/replicates.json):
a calibrated design given R's bootstrap factors, or phare's own jackknife, must give R's
recalibrated SEs, whether the calibration comes before or after the replicates.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from phare.stats import SurveyDesign, SurveyError
from phare.stats.calibration import calibrate
from phare.stats.estimates import mean, proportion
from phare.stats.replicates import (
    given_replicates,
    replicate_design,
    replicate_weights_of,
)

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "reference" / "survey_variance" / "replicates.json"
DATA = ROOT / "data" / "api"
RTOL = 1e-8
POPULATION = {
    "stype": {"E": 4421.0, "H": 755.0, "M": 1018.0},
    "sch.wide": {"No": 1072.0, "Yes": 5122.0},
}
BOUNDS = {"raking": None, "logit": (0.5, 2.5)}


@pytest.fixture(scope="module")
def golden() -> dict[str, Any]:
    with GOLDEN.open(encoding="utf-8") as handle:  # a missing golden fails, never skips
        return json.load(handle)


def _strat() -> SurveyDesign:
    data = pd.read_csv(DATA / "apistrat.csv", dtype={"cds": str})
    return SurveyDesign.from_frame(data, weights="pw", strata="stype", fpc="fpc")


def _calibrate(design: SurveyDesign, method: str) -> SurveyDesign:
    return calibrate(
        design, POPULATION, method=method, bounds=BOUNDS[method], tol=1e-13, max_iter=200
    )


def _compare(design: SurveyDesign, want: dict[str, Any]) -> None:
    m = mean(design, "api00")
    assert m.metadata.variance_method == "replicate"
    np.testing.assert_allclose(m.rows[0].estimate, want["mean_api00"]["estimate"], rtol=RTOL)
    np.testing.assert_allclose(m.rows[0].se, want["mean_api00"]["se"], rtol=RTOL)
    by = mean(design, "api00", by="stype")
    np.testing.assert_allclose([r.se for r in by.rows], want["domain_mean_api00"]["se"], rtol=RTOL)
    p = proportion(design, "sch.wide", by="stype")
    ses = {(r.domain["stype"], r.level): r.se for r in p.rows}
    r_names = want["domain_prop_sch_wide"]["names"]  # "E:sch.wideNo", ...
    r_ses = want["domain_prop_sch_wide"]["se"]
    for name, se in zip(r_names, r_ses, strict=True):
        dom, lev = name.split(":sch.wide")
        np.testing.assert_allclose(ses[(dom, lev)], se, rtol=RTOL)


@pytest.mark.parametrize("method", ["raking", "logit"])
def test_calibrate_then_jackknife_gives_r_recalibrated_ses(
    golden: dict[str, Any], method: str
) -> None:
    want = golden["cases"]["jkn_apistrat"]["calibrated"][method]["estimates"]
    design = replicate_design(_calibrate(_strat(), method), "jackknife")
    _compare(design, want)


@pytest.mark.parametrize("method", ["raking", "logit"])
def test_replicates_then_calibrate_gives_the_same_ses(golden: dict[str, Any], method: str) -> None:
    case = golden["cases"]["bootstrap_apistrat"]
    factors = np.asarray(case["repweights"], dtype=float)
    before = _calibrate(given_replicates(_strat(), factors, scale=case["scale"]), method)
    after = given_replicates(_calibrate(_strat(), method), factors, scale=case["scale"])
    np.testing.assert_allclose(replicate_weights_of(before), replicate_weights_of(after), rtol=1e-9)
    _compare(before, case["calibrated"][method]["estimates"])
    _compare(after, case["calibrated"][method]["estimates"])


def test_uncalibrated_replicates_would_overstate_the_raked_se(golden: dict[str, Any]) -> None:
    """Recalibration matters: without it the SE of a raked margin is not ~0."""
    case = golden["cases"]["bootstrap_apistrat"]
    factors = np.asarray(case["repweights"], dtype=float)
    raked = _calibrate(_strat(), "raking")
    good = proportion(given_replicates(raked, factors, scale=case["scale"]), "sch.wide")
    stale = given_replicates(_strat(), factors, scale=case["scale"])
    plain = proportion(stale, "sch.wide")
    assert max(r.se for r in good.rows) < 1e-8
    assert min(r.se for r in plain.rows) > 0.01


def test_bootstrap_design_records_method_seed_and_reproduces() -> None:
    one = replicate_design(_strat(), "rao_wu", replicates=30, seed=2017)
    two = replicate_design(_strat(), "rao_wu", replicates=30, seed=2017)
    assert one.replicates is not None and two.replicates is not None
    assert one.replicates.method == "rao_wu"
    assert one.replicates.options["seed"] == 2017
    np.testing.assert_array_equal(one.replicates.weights, two.replicates.weights)
    assert one.summary()["replicates"] == "rao_wu"
    assert mean(one, "api00").rows[0].se == mean(two, "api00").rows[0].se


def test_bootstrap_and_jackknife_agree_roughly_on_a_raked_mean() -> None:
    design = _calibrate(_strat(), "raking")
    jk = mean(replicate_design(design, "jackknife"), "api00").rows[0].se
    for method in ("rao_wu", "preston"):
        boot = mean(replicate_design(design, method, replicates=800, seed=1), "api00").rows[0].se
        assert boot == pytest.approx(jk, rel=0.12)


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"method": "brr"}, "method"),
        ({"method": "rao_wu"}, "seed"),
        ({"method": "rao_wu", "seed": 1, "replicates": 1}, "design"),
    ],
)
def test_replicate_design_arguments_are_validated(kwargs: dict[str, Any], parameter: str) -> None:
    with pytest.raises(SurveyError) as info:
        replicate_design(_strat(), **kwargs)
    assert info.value.parameter == parameter


def test_given_factors_of_the_wrong_size_are_refused() -> None:
    with pytest.raises(SurveyError) as info:
        given_replicates(_strat(), np.ones((10, 3)), scale=1.0)
    assert info.value.parameter == "factors"
