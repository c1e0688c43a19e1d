"""phare.study — the PHARE-Institutions study: weighting a wave, indicators, lessons, results.

Public API
----------
``analyse_wave(responses, *, wave, sample=None, settings=None, simulated=False, seed=None,
previous=None, typology=True, fieldwork=None) -> WaveResults``
    Calibrate the wave to the frame (region, size band, mayor's sex and age band; region × size
    band when every cell allows it), estimate every indicator nationally and by breakdown,
    test differences between groups (Rao–Scott, Benjamini–Hochberg), build the typology, the
    technical sheet, the comparison with ``previous`` and the seven key lessons (checked).
``estimate_wave(responses, *, sample=None, settings=None, breakdowns=("national",)) ->
WaveEstimates``
    The same weighting and estimation for some breakdowns only (no tests, typology or
    lessons): the rows equal those of ``analyse_wave``.
``WaveResults`` (in :mod:`phare.study.results`)
    The typed, versioned, JSON-serialisable results everything downstream reads.
``StudySettings``
    Every option (publication thresholds, tests, calibration) in one object.
``compare_waves(earlier, later)``
    Change of each indicator between two waves (independent samples).
``build_lessons(results)``, ``check_claim(results, claim)``, ``Claim``
    The key lessons and the claim checker.
"""

from phare.study.analysis import (
    WaveEstimates,
    analyse_wave,
    estimate_wave,
    prepare_responses,
    with_lessons,
)
from phare.study.claims import check_claim, check_claims, render
from phare.study.comparison import compare_waves
from phare.study.lessons import build_lessons
from phare.study.results import (
    SCHEMA_VERSION,
    Claim,
    ClaimStatus,
    EstimateRow,
    Flag,
    StudySettings,
    WaveResults,
)

__all__ = [
    "SCHEMA_VERSION",
    "Claim",
    "ClaimStatus",
    "EstimateRow",
    "Flag",
    "StudySettings",
    "WaveEstimates",
    "WaveResults",
    "analyse_wave",
    "build_lessons",
    "check_claim",
    "check_claims",
    "compare_waves",
    "estimate_wave",
    "prepare_responses",
    "render",
    "with_lessons",
]
