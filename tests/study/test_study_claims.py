"""The claim checker catches unsupported statements; every figure of a lesson is a result."""

from __future__ import annotations

import re

import pytest

from phare.study import Claim, ClaimStatus, WaveResults, build_lessons, check_claim
from phare.study.results import NBSP, Flag, percent_value, round_half_up, row_id

NUMBER = re.compile(r"(\d+)(?:\u00a0%| maires sur 10)")


def _plant_region(results: WaveResults, region: str, n: int, estimate: float) -> WaveResults:
    """A copy of the results where one region's innov_agree row has base ``n`` and share 100 %."""
    s = results.metadata.settings
    flag = (
        Flag.SUPPRESSED
        if n < s.min_base_suppress
        else (Flag.LOW_BASE if n < s.min_base_flag else Flag.OK)
    )
    rid = row_id("innov_agree", "region", region)
    keep = flag != Flag.SUPPRESSED
    rows = [
        r.model_copy(
            update={
                "n": n,
                "flag": flag,
                "estimate": estimate if keep else None,
                "ci_low": 0.7 if keep else None,
                "ci_high": 1.0 if keep else None,
                "se": 0.05 if keep else None,
            }
        )
        if r.id == rid
        else r
        for r in results.estimates
    ]
    return results.model_copy(update={"estimates": rows})


def _highest_region_claim(region: str, results: WaveResults) -> Claim:
    return Claim(
        id="planted_highest_region",
        kind="extreme_high",
        template_fr="{0} est la région la plus convaincue ({1}).",
        template_en="{0} is the most convinced region ({1}).",
        refs=[row_id("innov_agree", "region", region)] * 2,
        formats=["group_label", "percent"],
        scope=[r.id for r in results.rows("innov_agree", "region")],
        test_ref="innov_agree|region",
    )


@pytest.mark.parametrize("n", [4, 20])
def test_a_planted_regional_extreme_on_a_tiny_base_is_flagged(
    demo_results: WaveResults, n: int
) -> None:
    planted = _plant_region(demo_results, "94", n, 1.0)
    checked = check_claim(planted, _highest_region_claim("94", planted))
    assert checked.status == ClaimStatus.FLAGGED
    assert checked.text_fr == ""
    assert any("94" in reason for reason in checked.reasons_fr)


def test_a_true_extreme_on_a_large_base_passes_only_if_regions_differ(
    demo_results: WaveResults,
) -> None:
    eligible = [
        r
        for r in demo_results.rows("innov_agree", "region")
        if r.estimate is not None and r.n >= demo_results.metadata.settings.extreme_base
    ]
    top = max(eligible, key=lambda r: r.estimate or 0.0)
    checked = check_claim(demo_results, _highest_region_claim(top.group, demo_results))
    test = demo_results.group_test("innov_agree", "region")
    assert test is not None
    expected = ClaimStatus.OK if test.significant else ClaimStatus.FLAGGED
    assert checked.status == expected
    second = sorted(eligible, key=lambda r: -(r.estimate or 0.0))[1]
    wrong = check_claim(demo_results, _highest_region_claim(second.group, demo_results))
    assert wrong.status == ClaimStatus.FLAGGED


def test_a_difference_that_is_not_significant_is_reworded(demo_results: WaveResults) -> None:
    tests = [t for t in demo_results.group_tests if t.by == "taille" and t.level is None]
    calm = next(t for t in tests if t.p_value is not None and not t.significant)
    rows = demo_results.rows(calm.variable, "taille")
    claim = Claim(
        id="planted_difference",
        kind="difference",
        template_fr="Les petites communes ({0}) diffèrent des grandes ({1}).",
        template_en="Small communes ({0}) differ from large ones ({1}).",
        refs=[rows[0].id, rows[-1].id],
        formats=["percent", "percent"],
        test_ref=f"{calm.variable}|taille",
        fallback_fr="Pas d'écart significatif selon la taille.",
        fallback_en="No significant difference by size.",
        fallback_refs=[],
        fallback_formats=[],
    )
    checked = check_claim(demo_results, claim)
    assert checked.status == ClaimStatus.REWORDED
    assert checked.text_fr == "Pas d'écart significatif selon la taille."
    assert "non significatif" in checked.reasons_fr[0]


def test_a_no_difference_claim_against_a_significant_test_is_flagged(
    demo_results: WaveResults,
) -> None:
    loud = next(t for t in demo_results.group_tests if t.significant)
    claim = Claim(
        id="planted_no_difference",
        kind="no_difference",
        template_fr="Aucune différence.",
        template_en="No difference.",
        test_ref=f"{loud.variable}|{loud.by}",
    )
    assert check_claim(demo_results, claim).status == ClaimStatus.FLAGGED


def test_a_ranking_that_skips_the_leader_is_flagged(demo_results: WaveResults) -> None:
    variables = [i.variable for i in demo_results.indicators if i.variable.startswith("part_")][:16]
    rows = sorted((demo_results.get(v) for v in variables), key=lambda r: -(r.estimate or 0.0))
    claim = Claim(
        id="planted_ranking",
        kind="ranking",
        template_fr="{0} et {1} en tête.",
        template_en="{0} and {1} lead.",
        refs=[rows[1].id, rows[2].id],
        formats=["percent", "percent"],
        scope=[r.id for r in rows],
    )
    assert check_claim(demo_results, claim).status == ClaimStatus.FLAGGED


def test_every_number_in_the_lessons_is_the_rounded_value_of_its_result_row(
    demo_results: WaveResults,
) -> None:
    checked = [c for lesson in demo_results.lessons for c in lesson.claims]
    assert len(demo_results.lessons) == 7
    quoted = 0
    for claim in checked:
        found = [int(x) for x in NUMBER.findall(claim.text_fr)]
        expected = []
        for ref, fmt in zip(claim.used_refs, claim.used_formats, strict=True):
            row = demo_results.row(ref)
            if fmt == "percent":
                assert row.estimate is not None and row.ci_low is not None and row.n > 0
                expected.append(int(percent_value(row.estimate)))
            elif fmt == "out_of_ten":
                assert row.estimate is not None and row.ci_low is not None
                expected.append(int(round_half_up(10 * row.estimate)))
        assert found == expected, (claim.claim.id, claim.text_fr)
        # no other digit anywhere in the sentence
        stripped = NUMBER.sub("", claim.text_fr)
        assert not re.search(r"\d", stripped), (claim.claim.id, claim.text_fr)
        quoted += len(found)
    assert quoted >= 15


def test_the_lessons_are_rebuilt_identically_from_the_results(demo_results: WaveResults) -> None:
    assert build_lessons(demo_results) == demo_results.lessons


def test_flagged_claims_are_listed(demo_results: WaveResults) -> None:
    listed = demo_results.flagged_claims()
    all_claims = [c for lesson in demo_results.lessons for c in lesson.claims]
    assert listed == [c for c in all_claims if c.status != ClaimStatus.OK]
    for c in listed:
        assert c.reasons_fr


def test_percent_signs_use_a_no_break_space(demo_results: WaveResults) -> None:
    text = " ".join(lesson.text_fr for lesson in demo_results.lessons)
    assert f"{NBSP}%" in text
    assert " %" not in text.replace(f"{NBSP}%", "")
