"""Analysis of the demo wave: calibration to the frame, estimates, tests, comparison."""

from __future__ import annotations

import math

import numpy as np
import pytest

from phare.demo import NATIONAL_TARGETS
from phare.frame import load_frame
from phare.study import WaveResults, compare_waves
from phare.study.multiplicity import benjamini_hochberg
from phare.study.results import NATIONAL, row_id
from phare.study.weighting import calibration_population


def test_calibrated_weights_meet_every_margin_of_the_frame(demo_results: WaveResults) -> None:
    w = demo_results.weighting
    population = calibration_population(load_frame())
    assert w.converged
    assert w.final.total == pytest.approx(len(population), rel=1e-9)
    for margin in w.margins:
        assert sum(lv.population for lv in margin.levels) == pytest.approx(len(population))
        for level in margin.levels:
            assert level.weighted_after == pytest.approx(level.population, rel=1e-6)
    low, high = w.bounds or (0, math.inf)
    assert low - 1e-9 <= (w.final.g_min or 1) and (w.final.g_max or 1) <= high + 1e-9


def test_the_crossing_region_by_size_is_left_out_with_a_reason_when_cells_are_thin(
    demo_results: WaveResults,
) -> None:
    w = demo_results.weighting
    names = [m.variable for m in w.margins]
    if w.crossing_used:
        assert "region_taille" in names
    else:
        assert names == ["region", "taille", "maire_sexe", "maire_age"]
        assert w.fallback_reason_fr and "moins de" in w.fallback_reason_fr


def test_every_indicator_has_a_national_estimate(demo_results: WaveResults) -> None:
    ids = {r.id for r in demo_results.estimates}
    for info in demo_results.indicators:
        if info.kind == "categorical":
            assert any(
                row_id(info.variable, NATIONAL, "ensemble", lv.code) in ids for lv in info.levels
            )
        else:
            assert row_id(info.variable, NATIONAL, "ensemble") in ids, info.variable


def test_published_2017_figures_are_reproduced_within_their_intervals(
    demo_results: WaveResults,
) -> None:
    for variable, target in NATIONAL_TARGETS.items():
        row = demo_results.get(variable)
        assert row.estimate is not None and row.se is not None
        assert abs(row.estimate - target) < 4 * row.se + 0.01, (variable, row.estimate)


def test_group_tests_are_benjamini_hochberg_adjusted_within_each_breakdown(
    demo_results: WaveResults,
) -> None:
    tests = demo_results.group_tests
    assert tests
    for by in {t.by for t in tests}:
        family = [t for t in tests if t.by == by]
        assert [t.q_value for t in family] == benjamini_hochberg([t.p_value for t in family])
        for t in family:
            if t.p_value is not None:
                assert t.q_value is not None and t.q_value >= t.p_value - 1e-15
                assert t.significant == (t.q_value <= demo_results.metadata.settings.alpha)


def test_benjamini_hochberg_matches_r_p_adjust() -> None:
    # R: p.adjust(c(0.001, 0.01, 0.04, 0.2, NA), "BH") -> 0.004 0.02 0.05333333 0.2 NA
    q = benjamini_hochberg([0.001, 0.01, 0.04, 0.2, None])
    assert q[:4] == pytest.approx([0.004, 0.02, 0.16 / 3, 0.2])
    assert q[4] is None
    # R: p.adjust(c(0.05, 0.04, 0.03, 0.02, 0.01), "BH") -> 0.05 for all
    assert benjamini_hochberg([0.05, 0.04, 0.03, 0.02, 0.01]) == pytest.approx([0.05] * 5)


def test_wave_comparison_adds_the_variances_of_independent_samples(
    demo_results: WaveResults,
) -> None:
    shifted = demo_results.model_copy(
        update={
            "estimates": [
                r.model_copy(update={"estimate": r.estimate - 0.05})
                if r.estimate is not None and r.estimate > 0.2
                else r
                for r in demo_results.estimates
            ]
        }
    )
    comparison = compare_waves(shifted, demo_results)
    change = next(c for c in comparison.changes if c.variable == "innov_agree" and c.by == NATIONAL)
    row = demo_results.get("innov_agree")
    assert change.difference == pytest.approx(0.05)
    assert change.se == pytest.approx(math.sqrt(2) * row.se)
    assert change.ci_low == pytest.approx(0.05 - 1.959963984540054 * change.se)
    assert change.significant == (change.q_value is not None and change.q_value <= 0.05)
    suppressed = [c for c in comparison.changes if c.estimate_to is None]
    assert all(c.difference is None and not c.significant for c in suppressed)


def test_estimates_by_profile_exist_once_the_typology_is_built(demo_results: WaveResults) -> None:
    typology = demo_results.typology
    assert typology.available and len(typology.profiles) == 5
    shares = [demo_results.row(p.share_row).estimate for p in typology.profiles if p.share_row]
    assert np.isclose(sum(s for s in shares if s is not None), 1.0)
    assert demo_results.rows("innov_agree", "profil")


def test_pair_tests_agree_with_the_published_domain_estimates(demo_results: WaveResults) -> None:
    """Two routes: the difference tested equals the difference of the two published rows."""
    assert demo_results.pair_tests
    for test in demo_results.pair_tests:
        a, b = demo_results.row(test.row_a), demo_results.row(test.row_b)
        if a.estimate is None or b.estimate is None or a.se is None or b.se is None:
            continue
        assert test.difference == pytest.approx(a.estimate - b.estimate, abs=1e-9)
        # the covariance of two domains is small next to their variances here
        assert test.se == pytest.approx(math.hypot(a.se, b.se), rel=0.25)
        assert test.ci_low < test.difference < test.ci_high


def test_the_crossing_is_used_when_every_populated_cell_has_enough_respondents() -> None:
    import pandas as pd

    from phare.study.results import StudySettings
    from phare.study.weighting import CROSS, choose_margins

    population = pd.DataFrame({CROSS: ["84|t1"] * 50 + ["84|t2"] * 30 + ["76|t1"] * 20})
    full = pd.DataFrame({CROSS: ["84|t1"] * 6 + ["84|t2"] * 5 + ["76|t1"] * 5})
    variables, reason_fr, _ = choose_margins(full, population, StudySettings())
    assert variables[0] == CROSS and reason_fr is None
    thin = pd.DataFrame({CROSS: ["84|t1"] * 6 + ["84|t2"] * 5 + ["76|t1"] * 2})
    variables, reason_fr, reason_en = choose_margins(thin, population, StudySettings())
    assert variables[:2] == ["region", "taille"]
    assert reason_fr is not None and "1 case(s) sur 3" in reason_fr and "(2)" in reason_fr
    assert reason_en is not None


def test_lessons_exist_in_english_with_the_same_figures(demo_results: WaveResults) -> None:
    import re

    for lesson in demo_results.lessons:
        for claim in lesson.claims:
            fr = re.findall(r"\d+", claim.text_fr)
            en = re.findall(r"\d+", claim.text_en)
            assert fr == en, (claim.claim.id, claim.text_fr, claim.text_en)
            assert bool(claim.text_fr) == bool(claim.text_en)
