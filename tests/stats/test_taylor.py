"""Taylor linearisation: two computation routes, textbook formulas, calibration residuals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _survey_core_golden import load_data
from hypothesis import given, settings
from hypothesis import strategies as st

from phare.stats import SurveyDesign, calibrate, mean, rake, total
from phare.stats.estimates.core import build_statistic
from phare.stats.estimates.kernel import domain_codes, weighted
from phare.stats.variance.taylor import taylor_covariance


def _designs() -> dict[str, SurveyDesign]:
    strat = SurveyDesign.from_frame(load_data("apistrat"), weights="pw", strata="stype", fpc="fpc")
    clus1 = SurveyDesign.from_frame(load_data("apiclus1"), weights="pw", ids="dnum", fpc="fpc")
    pop = {"stype": {"E": 4421, "H": 755, "M": 1018}, "api99": 3914069}
    lonely = SurveyDesign.from_frame(
        load_data("lonely_sample"), weights="pw", ids="dnum", strata="lstr", lonely_psu="adjust"
    )
    frame = SurveyDesign.from_frame(
        load_data("frame_sample"), weights="w", strata="strate", fpc="N_h"
    )
    twice = calibrate(
        rake(clus1, {"sch.wide": {"No": 1072, "Yes": 5122}, "stype": pop["stype"]}),
        pop,
        method="logit",
        bounds=(0.5, 2.0),
    )
    return {
        "strat": strat,
        "clus1_linear": calibrate(clus1, pop),
        "clus1_twice": twice,
        "lonely_adjust": lonely,
        "frame": frame,
    }


@pytest.mark.parametrize("name", ["strat", "clus1_linear", "clus1_twice", "lonely_adjust", "frame"])
def test_dense_and_quadratic_routes_agree(name: str) -> None:
    design = _designs()[name]
    variables = ["stype", "api00"] if "frame" not in name else ["taille", "budget"]
    by = "sch.wide" if "frame" not in name else "region"
    domain, labels = domain_codes(design.data, [by])
    stat, _ = build_statistic(design, variables, domain, len(labels), ratio=True)
    _, u = stat.influence(design.weights)
    x = weighted(u, design.weights)
    dense = taylor_covariance(design, x, method="dense")
    quad = taylor_covariance(design, x, method="quadratic")
    np.testing.assert_allclose(quad, dense, rtol=1e-8, atol=1e-12 * float(np.max(dense)))
    full_dense = taylor_covariance(design, x, full=True, method="dense")
    full_quad = taylor_covariance(design, x, full=True, method="quadratic")
    scale = float(np.max(np.abs(full_dense)))
    np.testing.assert_allclose(full_quad, full_dense, rtol=1e-7, atol=1e-10 * scale)
    np.testing.assert_allclose(np.diag(full_dense), dense, rtol=1e-10, atol=1e-14 * scale)


def test_stratified_total_matches_the_textbook_formula() -> None:
    """V(Y) = sum_h N_h^2 (1 - n_h/N_h) s_h^2 / n_h (Cochran 1977, 5.10)."""
    data = load_data("apistrat")
    design = SurveyDesign.from_frame(data, strata="stype", fpc="fpc")  # weights N_h / n_h
    by_stratum = data.groupby("stype").agg(
        N=("fpc", "first"), n=("enroll", "size"), s2=("enroll", "var")
    )
    v = (by_stratum.N**2 * (1 - by_stratum.n / by_stratum.N) * by_stratum.s2 / by_stratum.n).sum()
    row = total(design, "enroll").rows[0]
    assert row.se == pytest.approx(np.sqrt(v), rel=1e-12)


def test_domain_mean_is_the_ratio_of_two_totals() -> None:
    """Two routes: the domain mean equals total(y 1_dom) / total(1_dom), with the ratio SE."""
    data = load_data("apiclus1")
    data["y_dom"] = data["api00"] * (data["stype"] == "H")
    data["in_dom"] = (data["stype"] == "H").astype(float)
    design = SurveyDesign.from_frame(data, weights="pw", ids="dnum", fpc="fpc")
    row = mean(design, "api00", by="stype").get("api00", stype="H")
    ty = total(design, "y_dom").rows[0].estimate
    tn = total(design, "in_dom").rows[0].estimate
    assert row.estimate == pytest.approx(ty / tn, rel=1e-12)
    # the ratio's linearisation by hand: u = (y_dom - R in_dom) / tn, PSU totals, centred
    r = ty / tn
    u = (data["y_dom"] - r * data["in_dom"]) * data["pw"] / tn
    t = u.groupby(data["dnum"]).sum().to_numpy()
    n_psu = len(t)
    v = (1 - n_psu / 757) * n_psu / (n_psu - 1) * ((t - t.mean()) ** 2).sum()
    assert row.se == pytest.approx(np.sqrt(v), rel=1e-10)


def test_calibrated_margins_have_no_sampling_variance() -> None:
    clus1 = SurveyDesign.from_frame(load_data("apiclus1"), weights="pw", ids="dnum", fpc="fpc")
    pop = {"stype": {"E": 4421, "H": 755, "M": 1018}, "api99": 3914069}
    table = total(calibrate(clus1, pop, method="raking"), ["api99", "stype"])
    for row in table.rows:
        assert row.se == pytest.approx(0.0, abs=1e-6 * abs(row.estimate or 1.0))
    assert table.get("api99").estimate == pytest.approx(3914069, rel=1e-10)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    policy=st.sampled_from(["remove", "adjust", "certainty"]),
    with_fpc=st.booleans(),
    method=st.sampled_from([None, "linear", "raking"]),
)
def test_routes_agree_on_random_designs(
    seed: int, policy: str, with_fpc: bool, method: str | None
) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(30, 150))
    data = pd.DataFrame(
        {
            "h": rng.integers(0, 4, n),
            "psu": rng.integers(0, 6, n),
            "w": rng.uniform(1, 20, n),
            "y": rng.normal(10, 3, n),
            "c": rng.choice(["a", "b", "c"], n),
            "dom": rng.choice(["x", "y"], n),
        }
    )
    n_psu = data.groupby("h")["psu"].transform("nunique")
    data["N"] = n_psu * rng.integers(1, 4)
    design = SurveyDesign.from_frame(
        data,
        weights="w",
        strata="h",
        ids="psu",
        nest=True,
        lonely_psu=policy,  # type: ignore[arg-type]
        fpc="N" if with_fpc else None,
    )
    if method is not None:
        counts = data.groupby("c")["w"].sum() * rng.uniform(0.9, 1.1, data["c"].nunique())
        design = calibrate(design, {"c": counts.to_dict()}, method=method)  # type: ignore[arg-type]
    domain, labels = domain_codes(design.data, ["dom"])
    stat, _ = build_statistic(design, ["y", "c"], domain, len(labels), ratio=True)
    _, u = stat.influence(design.weights)
    x = weighted(u, design.weights)
    dense = taylor_covariance(design, x, full=True, method="dense")
    quad = taylor_covariance(design, x, full=True, method="quadratic")
    scale = max(float(np.max(np.abs(dense))), 1e-300)
    np.testing.assert_allclose(quad, dense, rtol=1e-6, atol=1e-9 * scale)
    assert np.all(np.diag(dense) >= -1e-12 * scale)
