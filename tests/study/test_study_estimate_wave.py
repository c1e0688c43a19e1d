"""`estimate_wave`: the weighting and estimation of `analyse_wave`, for some breakdowns only."""

from __future__ import annotations

import pytest

from phare.demo import simulate_wave
from phare.study import WaveResults, estimate_wave
from phare.study.results import NATIONAL

FIELDS = ("estimate", "se", "ci_low", "ci_high", "cv", "deff")
ROUND_OFF = 1e-12
"""The same computation on a design with one more column (the profile) may differ in the last bit."""


def test_rows_equal_the_rows_of_the_full_analysis(demo_wave, demo_results: WaveResults) -> None:
    estimated = estimate_wave(
        demo_wave.responses, sample=demo_wave.design, breakdowns=(NATIONAL, "taille")
    )
    variables = {i.variable for i in estimated.indicators}
    full = {r.id: r for r in demo_results.estimates if r.variable in variables}
    assert {r.by for r in estimated.estimates} == {NATIONAL, "taille"}
    assert len(estimated.estimates) == sum(1 for r in full.values() if r.by in (NATIONAL, "taille"))
    for row in estimated.estimates:
        expected = full[row.id]
        assert (row.n, row.flag) == (expected.n, expected.flag), row.id
        for field in FIELDS:
            value, reference = getattr(row, field), getattr(expected, field)
            if reference is None:
                assert value is None, (row.id, field)
            else:
                assert value == pytest.approx(reference, rel=ROUND_OFF, abs=0), (row.id, field)
    assert estimated.weighted.diagnostics == demo_results.weighting


def test_unknown_breakdown_is_refused_by_name(demo_wave) -> None:
    with pytest.raises(ValueError, match="breakdowns: unknown \\['canton'\\]"):
        estimate_wave(demo_wave.responses, sample=demo_wave.design, breakdowns=("canton",))


def test_a_tiny_wave_pools_its_sparse_regions_within_the_bounds() -> None:
    wave = simulate_wave(seed=1, n_target=50)
    estimated = estimate_wave(wave.responses, sample=wave.design)
    diagnostics = estimated.weighted.diagnostics
    assert diagnostics.converged
    assert "calibration.sparse_regions_pooled" in {n.code for n in diagnostics.notes}
    region = next(m for m in diagnostics.margins if m.variable == "region")
    assert "autres" in {lv.code for lv in region.levels}
    for margin in diagnostics.margins:
        for level in margin.levels:
            assert level.weighted_after == pytest.approx(level.population, rel=1e-6)
    low, high = diagnostics.bounds or (0.0, float("inf"))
    assert (
        low - 1e-9
        <= (diagnostics.final.g_min or 1)
        <= (diagnostics.final.g_max or 1)
        <= high + 1e-9
    )
