"""Replicate variance against R ``survey`` 4.1 (goldens in tests/reference/survey_variance/).

Bootstrap replicates are random, so phare is given R's own replicate factors and must find
R's estimates and SEs, plain and recalibrated (raking, linear, bounded logit). Jackknife
replicates are deterministic, so phare's own generator is checked against R directly.
Tolerance: 1e-8 relative on estimates and SEs. A missing golden file fails.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from phare.stats import LinearStatistic, SurveyDesign
from phare.stats.estimates.kernel import categorical_block, numeric_block, stack
from phare.stats.replicates import (
    calibrate_columns,
    collapse_cells,
    given_replicates,
    jackknife,
    rake_margins,
    replicate_covariance,
    replicate_design,
    replicate_df,
    replicate_vcov,
)

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "reference" / "survey_variance" / "replicates.json"
DATA = ROOT / "data" / "api"
RTOL = 1e-8
#: Absolute floor for SEs that are zero in theory (a raked margin), where both sides are noise.
ATOL_SE = 1e-10

DESIGNS: dict[str, dict[str, Any]] = {
    "svydesign(id=~dnum, weights=~pw, fpc=~fpc)": {"weights": "pw", "ids": "dnum", "fpc": "fpc"},
    "svydesign(id=~dnum, weights=~pw)": {"weights": "pw", "ids": "dnum"},
    "svydesign(id=~1, strata=~stype, weights=~pw, fpc=~fpc)": {
        "weights": "pw",
        "strata": "stype",
        "fpc": "fpc",
    },
}


@pytest.fixture(scope="module")
def golden() -> dict[str, Any]:
    with GOLDEN.open(encoding="utf-8") as handle:  # a missing golden fails, never skips
        return json.load(handle)


def _data(name: str) -> pd.DataFrame:
    if name == "apistrat_census":  # stratum H sampled exhaustively (50 of 50)
        data = _data("apistrat")
        data.loc[data["stype"] == "H", "fpc"] = float((data["stype"] == "H").sum())
        return data
    return pd.read_csv(DATA / f"{name}.csv", dtype={"cds": str})


def _design(case: dict[str, Any]) -> SurveyDesign:
    return SurveyDesign.from_frame(_data(case["data"]), **DESIGNS[case["design"]])


def _statistics(data: pd.DataFrame) -> dict[str, tuple[LinearStatistic, list[int]]]:
    """The five statistics of the golden, each with the permutation to R's order."""
    n = len(data)
    whole = np.zeros(n, dtype=np.int64)
    stype = pd.factorize(data["stype"], sort=True)[0].astype(np.int64)
    sch = pd.factorize(data["sch.wide"], sort=True)[0].astype(np.int64)  # No, Yes
    api00 = data["api00"].to_numpy(float)
    enroll = data["enroll"].to_numpy(float)
    # kernel order is domain-major (E:No, E:Yes, H:No, ...); R's svyby is level-major
    by_level = [0, 2, 4, 1, 3, 5]
    return {
        "mean_api00": (stack([numeric_block("api00", api00, whole, 1, ratio=True)]), [0]),
        "total_enroll": (stack([numeric_block("enroll", enroll, whole, 1, ratio=False)]), [0]),
        "prop_sch_wide": (
            stack([categorical_block("sch.wide", sch, ["No", "Yes"], whole, 1, ratio=True)]),
            [0, 1],
        ),
        "domain_mean_api00": (
            stack([numeric_block("api00", api00, stype, 3, ratio=True)]),
            [0, 1, 2],
        ),
        "domain_prop_sch_wide": (
            stack([categorical_block("sch.wide", sch, ["No", "Yes"], stype, 3, ratio=True)]),
            by_level,
        ),
    }


def _check(design: SurveyDesign, expected: dict[str, Any], names: list[str] | None = None) -> None:
    stats = _statistics(design.data)
    for name in names or list(expected):
        statistic, order = stats[name]
        want = expected[name]
        estimate = np.asarray(statistic.estimate(np.asarray(design.weights)))[order]
        se = np.sqrt(replicate_covariance(design, statistic))[order]
        np.testing.assert_allclose(estimate, np.atleast_1d(want["estimate"]), rtol=RTOL)
        np.testing.assert_allclose(
            se, np.atleast_1d(want["se"]), rtol=RTOL, atol=ATOL_SE, err_msg=name
        )


def _model_matrix(data: pd.DataFrame, formula: str) -> np.ndarray:
    stype = data["stype"].to_numpy()
    columns = [np.ones(len(data)), stype == "H", stype == "M"]
    if formula == "~stype + sch.wide":
        columns.append(data["sch.wide"].to_numpy() == "Yes")
    elif formula == "~stype + api99":
        columns.append(data["api99"].to_numpy(float))
    else:  # pragma: no cover - a new golden formula needs a new branch here
        raise AssertionError(formula)
    return np.column_stack(columns).astype(float)


MATRIX_CASES = [
    "jk1_apiclus1",
    "jk1_apiclus1_nofpc",
    "bootstrap_apistrat",
    "subbootstrap_apistrat",
    "mrbbootstrap_apistrat",
]


@pytest.mark.parametrize("name", MATRIX_CASES)
def test_given_r_replicate_weights_phare_finds_r_estimates_and_ses(
    golden: dict[str, Any], name: str
) -> None:
    case = golden["cases"][name]
    design = given_replicates(
        _design(case),
        np.asarray(case["repweights"], dtype=float),
        scale=case["scale"],
        rscales=np.atleast_1d(case["rscales"]),
        mse=case["mse"],
        method=case["type"],
    )
    np.testing.assert_allclose(design.weights, case["pweights"], rtol=RTOL)
    _check(design, case["estimates"])
    assert replicate_df(design) == case["degf"]


def test_multistage_mrb_replicates_from_r_give_r_ses(golden: dict[str, Any]) -> None:
    case = golden["cases"]["mrbbootstrap_apiclus2"]
    data = _data("apiclus2")
    design = given_replicates(
        SurveyDesign.from_frame(data, weights="pw", ids="dnum"),
        np.asarray(case["repweights"], dtype=float),
        scale=case["scale"],
        rscales=np.atleast_1d(case["rscales"]),
    )
    np.testing.assert_allclose(design.weights, case["pweights"], rtol=RTOL)
    _check(design, case["estimates"])


@pytest.mark.parametrize("name", [*MATRIX_CASES, "jkn_apistrat", "jkn_apistrat_census"])
@pytest.mark.parametrize("calibration", ["raking", "linear", "logit"])
def test_recalibrating_every_replicate_gives_r_calibrated_ses(
    golden: dict[str, Any], name: str, calibration: str
) -> None:
    case = golden["cases"][name]
    spec = case["calibrated"][calibration]
    design = _design(case)
    if "repweights" in case:
        factors = np.asarray(case["repweights"], dtype=float)
    else:
        factors = jackknife(
            design.psu, design.stratum, 1 - design.fpc_factor[design.stratum]
        ).factors
    x = _model_matrix(design.data, spec["formula"])
    population = np.array(list(spec["population"].values()), dtype=float)
    x_cells, cell = collapse_cells(x)
    base = np.asarray(design.weights)
    columns = np.column_stack([base, base[:, None] * factors])
    bounds = tuple(spec.get("bounds", (-np.inf, np.inf)))
    result = calibrate_columns(
        columns, x_cells, cell, population, method=calibration, bounds=bounds, epsilon=1e-13
    )
    assert result.converged.all()
    calibrated = columns * result.g
    stats = _statistics(design.data)
    census = np.asarray(design.fpc_factor)[design.stratum] == 0
    for key, want in spec["estimates"].items():
        statistic, order = stats[key]
        values = np.asarray(statistic.estimate(calibrated))  # (m, 1 + R)
        if key == "total_enroll" and census.any():
            # R's svytotal on a replicate design leaves the units of exhaustively sampled
            # strata out of the replicate totals, even after calibration has made their
            # replicate weights vary; svymean does not. phare keeps them (consistent with its
            # means and with Taylor linearisation); R's figure is reproduced here by leaving
            # them out, and phare's own differs from it.
            kept = calibrated * ~census[:, None]
            r_style = np.asarray(statistic.estimate(kept))
            ours = replicate_vcov(
                values[:, 1:].T,
                values[:, 0],
                scale=case["scale"],
                rscales=np.atleast_1d(case["rscales"]),
            )
            assert abs(np.sqrt(ours[0, 0]) / want["se"] - 1) > 1e-6
            values = np.column_stack([values[:, 0], r_style[:, 1:]])
        v = replicate_vcov(
            values[:, 1:].T,
            values[:, 0],
            scale=case["scale"],
            rscales=np.atleast_1d(np.asarray(case["rscales"], dtype=float)),
            mse=case["mse"],
        )
        np.testing.assert_allclose(values[order, 0], np.atleast_1d(want["estimate"]), rtol=RTOL)
        se = np.sqrt(np.diag(v))[order]
        want_se = np.atleast_1d(want["se"])
        if census.any() and key.startswith("domain_"):
            # A domain made only of census units has a zero SE in R (svyby subsets it and
            # every unit is self-representing), although calibration on variables that
            # cross the strata makes the calibrated estimator vary with the sample of the
            # other strata. phare reports that variance: positive where R says 0.
            names = np.atleast_1d(want["names"])
            r_zero = np.array([str(name).split(":")[0] == "H" for name in names])
            assert (want_se[r_zero] == 0).all() and (se[r_zero] > 0).all()
            se, want_se = se[~r_zero], want_se[~r_zero]
        np.testing.assert_allclose(se, want_se, rtol=RTOL, atol=ATOL_SE, err_msg=key)


@pytest.mark.parametrize(
    ("name", "mse"),
    [
        ("jk1_apiclus1", False),
        ("jkn_apistrat", False),
        ("jkn_apistrat_mse", True),
        ("jkn_apistrat_census", False),
    ],
)
def test_phare_jackknife_generator_reproduces_r(
    golden: dict[str, Any], name: str, mse: bool
) -> None:
    case = golden["cases"][name]
    design = replicate_design(_design(case), "jackknife", mse=mse)
    rw = design.replicates
    assert rw is not None
    assert rw.method == case["type"]
    assert rw.weights.shape[1] == case["replicates"]
    np.testing.assert_allclose(rw.scale, case["scale"], rtol=RTOL)
    np.testing.assert_allclose(np.sort(rw.rscales), np.sort(case["rscales"]), rtol=RTOL)
    _check(design, case["estimates"])
    assert replicate_df(design) == case["degf"]


def test_jk1_factor_matrix_equals_r(golden: dict[str, Any]) -> None:
    case = golden["cases"]["jk1_apiclus1"]
    design = _design(case)
    ours = jackknife(design.data["dnum"], None, design.data["fpc"]).factors
    theirs = np.asarray(case["repweights"], dtype=float)
    # same replicates, possibly in another column order
    key = lambda m: np.array(sorted(map(tuple, np.round(m.T, 12))))  # noqa: E731
    np.testing.assert_allclose(key(ours), key(theirs), rtol=RTOL)


def test_raking_by_proportional_fitting_equals_newton_raking(golden: dict[str, Any]) -> None:
    """Two routes to the raking solution: IPF on margins and Newton on the model matrix."""
    case = golden["cases"]["bootstrap_apistrat"]
    design = _design(case)
    base = np.asarray(design.weights)
    columns = np.column_stack([base, base[:, None] * np.asarray(case["repweights"], float)])
    spec = case["calibrated"]["raking"]
    total = spec["population"]["(Intercept)"]
    h, m, yes = (spec["population"][k] for k in ("stypeH", "stypeM", "sch.wideYes"))
    stype = pd.factorize(design.data["stype"], sort=True)[0]
    sch = pd.factorize(design.data["sch.wide"], sort=True)[0]
    ipf = rake_margins(
        columns,
        [stype, sch],
        [np.array([total - h - m, h, m], float), np.array([total - yes, yes], float)],
        epsilon=1e-13,
    )
    x_cells, cell = collapse_cells(_model_matrix(design.data, "~stype + sch.wide"))
    newton = calibrate_columns(
        columns,
        x_cells,
        cell,
        np.array([total, h, m, yes], float),
        method="raking",
        epsilon=1e-13,
    )
    assert ipf.converged.all() and newton.converged.all()
    np.testing.assert_allclose(ipf.g, newton.g, rtol=1e-10)
