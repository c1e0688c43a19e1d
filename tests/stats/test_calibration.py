"""Calibration: two routes to the raking solution, exact cell collapsing, diagnostics, errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from _survey_core_golden import REFERENCE, load_data

from phare.stats import (
    ConvergenceError,
    Margins,
    MarginsError,
    SurveyDesign,
    UnreachableMarginsError,
    calibrate,
    rake,
    trim_weights,
)
from phare.stats.calibration.raking import ipf

FRAME_MARGINS = Margins.from_file(REFERENCE / "frame_margins.csv")


def unequal_frame_design() -> SurveyDesign:
    data = load_data("frame_sample")
    data["w"] = data["w"] * np.linspace(0.5, 1.5, len(data))
    return SurveyDesign.from_frame(data, weights="w", strata="strate", fpc="N_h")


def clus1() -> SurveyDesign:
    return SurveyDesign.from_frame(load_data("apiclus1"), weights="pw", ids="dnum", fpc="fpc")


def test_margins_are_met_and_reported() -> None:
    # the stratified weights already meet region x size margins: take unequal weights instead
    base = unequal_frame_design()
    design = rake(base, FRAME_MARGINS)
    report = design.calibration
    assert report is not None and report.converged and report.method == "raking"
    assert report.n_cells < design.n
    for check in report.margins:
        assert check.achieved == pytest.approx(check.target, rel=1e-9)
    w = design.weights
    assert report.kish_n == pytest.approx(w.sum() ** 2 / (w**2).sum())
    assert report.deff_weighting == pytest.approx(design.n / report.kish_n)
    assert report.g_min == pytest.approx(float(np.min(w / base.weights)))
    assert report.iterations > 1


def test_newton_raking_equals_iterative_proportional_fitting() -> None:
    """Two routes: raking distance by Newton on cells = Deming–Stephan IPF on units."""
    base = unequal_frame_design()
    raked = rake(base, FRAME_MARGINS)
    codes, targets = [], []
    for name, levels in FRAME_MARGINS.categorical.items():
        ordered = sorted(levels)
        codes.append(np.array([ordered.index(str(v)) for v in base.data[name]]))
        targets.append(np.array([levels[k] for k in ordered]))
    g, _ = ipf(codes, base.weights, targets, tol=1e-14)
    np.testing.assert_allclose(raked.weights, base.weights * g, rtol=1e-9)


@pytest.mark.parametrize(
    ("method", "bounds"), [("linear", None), ("raking", None), ("logit", (0.4, 2.5))]
)
def test_collapsing_to_cells_is_exact(method: str, bounds: tuple[float, float] | None) -> None:
    """Same g on cells and on units (a numeric margin forces the unit-level route)."""
    data = load_data("frame_sample")
    data["w"] = data["w"] * np.linspace(0.5, 1.5, len(data))
    data["one"] = 1.0
    base = SurveyDesign.from_frame(data, weights="w", strata="strate", fpc="N_h")
    on_cells = calibrate(base, FRAME_MARGINS, method=method, bounds=bounds)
    units = Margins(categorical=FRAME_MARGINS.categorical, numeric={"one": 4000.0})
    on_units = calibrate(base, units, method=method, bounds=bounds)
    assert on_units.calibration is not None and on_units.calibration.n_cells == base.n
    np.testing.assert_allclose(on_cells.weights, on_units.weights, rtol=1e-9)


def test_logit_weights_stay_within_bounds() -> None:
    base = unequal_frame_design()
    design = calibrate(base, FRAME_MARGINS, method="logit", bounds=(0.7, 1.4))
    g = design.weights / base.weights
    assert g.min() > 0.7 and g.max() < 1.4


def test_bounded_linear_reports_weights_at_bounds() -> None:
    pop = {"stype": {"E": 4421, "H": 755, "M": 1018}, "api99": 3914069}
    design = calibrate(clus1(), pop, bounds=(0.6, 1.6))
    assert design.calibration is not None and design.calibration.n_at_bounds > 0
    assert "weights_at_bound" in [w.code for w in design.warnings]


def test_calibration_returns_a_new_design() -> None:
    base = clus1()
    before = base.weights.copy()
    new = calibrate(base, {"stype": {"E": 4421, "H": 755, "M": 1018}})
    assert new is not base and not base.calibrations and len(new.calibrations) == 1
    np.testing.assert_array_equal(base.weights, before)


def test_margins_from_csv_yaml_and_mapping_agree(tmp_path: Path) -> None:
    path = tmp_path / "margins.yaml"
    path.write_text(
        "region: {'11': 416, '24': 508, '27': 752, '32': 747, '76': 873, '84': 704}\n"
        "taille: {t1: 2139, t2: 1168, t3: 497, t4: 128, t5: 68}\n",
        encoding="utf-8",
    )
    assert Margins.from_file(path) == FRAME_MARGINS
    assert Margins.from_mapping(FRAME_MARGINS.categorical) == FRAME_MARGINS


def test_missing_margin_level_is_named() -> None:
    margins = {"stype": {"E": 4421, "H": 755}}
    with pytest.raises(MarginsError) as info:
        calibrate(clus1(), margins)
    assert (info.value.code, info.value.parameter) == ("calibration.missing_level", "stype")
    assert "M" in (info.value.received or "")


def test_margins_with_different_totals_are_refused() -> None:
    margins = {"stype": {"E": 4421, "H": 755, "M": 1018}, "sch.wide": {"No": 1000, "Yes": 5122}}
    with pytest.raises(MarginsError) as info:
        calibrate(clus1(), margins, method="raking")
    assert info.value.code == "calibration.inconsistent_totals"
    assert info.value.parameter == "margins['sch.wide']"
    assert "6122" in (info.value.received or "")


def test_level_without_sampled_unit_is_unreachable() -> None:
    margins = {"stype": {"E": 4000, "H": 755, "M": 1018, "X": 421}}
    with pytest.raises(UnreachableMarginsError) as info:
        calibrate(clus1(), margins)
    assert info.value.parameter == "stype" and "X" in (info.value.received or "")


def test_bounds_too_tight_are_unreachable() -> None:
    pop = {"stype": {"E": 4421, "H": 755, "M": 1018}, "api99": 3914069}
    with pytest.raises(UnreachableMarginsError) as info:
        calibrate(clus1(), pop, method="logit", bounds=(0.95, 1.05))
    assert info.value.parameter == "bounds"


def test_non_convergence_raises_or_is_recorded_with_force() -> None:
    margins = {"stype": {"E": 4421, "H": 755, "M": 1018}, "sch.wide": {"No": 1072, "Yes": 5122}}
    with pytest.raises(ConvergenceError) as info:
        rake(clus1(), margins, max_iter=1)
    assert info.value.parameter == "max_iter"
    design = rake(clus1(), margins, max_iter=1, force=True)
    assert "calibration_not_converged" in [w.code for w in design.warnings]


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"method": "calmar"}, "method"),
        ({"method": "logit"}, "bounds"),
        ({"method": "logit", "bounds": (1.2, 3.0)}, "bounds"),
    ],
)
def test_invalid_method_or_bounds(kwargs: dict, parameter: str) -> None:
    with pytest.raises(MarginsError) as info:
        calibrate(clus1(), {"stype": {"E": 4421, "H": 755, "M": 1018}}, **kwargs)
    assert info.value.parameter == parameter


def test_unknown_margin_variable_is_named() -> None:
    with pytest.raises(Exception) as info:
        calibrate(clus1(), {"typ": {"E": 1.0}})
    assert getattr(info.value, "parameter", None) == "margins"
    assert getattr(info.value, "received", None) == "typ"


def test_trim_weights_keeps_the_total_and_the_bounds() -> None:
    base = calibrate(clus1(), {"stype": {"E": 4421, "H": 755, "M": 1018}, "api99": 3914069})
    trimmed = trim_weights(base, lower=20, upper=50, strict=True)
    assert trimmed.weights.sum() == pytest.approx(base.weights.sum())
    assert trimmed.weights.min() >= 20 - 1e-9 and trimmed.weights.max() <= 50 + 1e-9
    assert trimmed.calibrations == base.calibrations


def test_raking_a_million_units_collapses_to_cells() -> None:
    rng = np.random.default_rng(20261126)
    n = 1_000_000
    data = pd.DataFrame(
        {v: rng.integers(0, k, n) for v, k in zip("abcd", (18, 5, 2, 6), strict=True)}
    )
    data["w"] = rng.uniform(1, 3, n)
    design = SurveyDesign.from_frame(data, weights="w")
    margins = {v: {str(k): 2e6 * c / n for k, c in enumerate(np.bincount(data[v]))} for v in "abcd"}
    raked = rake(design, margins)
    assert raked.calibration is not None and raked.calibration.n_cells == 1080
    achieved = np.bincount(data["a"], weights=raked.weights)
    np.testing.assert_allclose(achieved, [margins["a"][str(k)] for k in range(18)], rtol=1e-9)
