"""Second route: the same estimates and Taylor SEs from svy (samplics-org), an independent
Python implementation (ARCHITECTURE: svy kept as a second route in tests)."""

from __future__ import annotations

import polars as pl
import pytest
import svy  # a locked dev dependency: missing, the test fails rather than skips
from _survey_core_golden import API, load_data

from phare.stats import SurveyDesign, mean, proportion, total


def _svy_sample(name: str, **design: str):
    frame = pl.read_csv(API / f"{name}.csv", infer_schema_length=10_000)
    return svy.Sample(data=frame, design=svy.Design(**design))


def _compare(ours, theirs, by: list[str], level_column: str | None = None) -> None:
    rows = theirs.to_polars().to_dicts()
    assert len(rows) == len(ours.rows)
    for ref in rows:
        domain = {b: str(ref[b]) for b in by}
        level = str(ref[level_column]) if level_column else None
        row = ours.get(ours.rows[0].variable, level, **domain)
        assert row.estimate == pytest.approx(ref["est"], rel=1e-10)
        assert row.se == pytest.approx(ref["se"], rel=1e-8)
        assert row.df == ref["df"]


def test_stratified_mean_matches_svy() -> None:
    design = SurveyDesign.from_frame(load_data("apistrat"), weights="pw", strata="stype", fpc="fpc")
    theirs = _svy_sample("apistrat", stratum="stype", wgt="pw", pop_size="fpc")
    _compare(mean(design, "api00"), theirs.estimation.mean("api00"), [])


def test_cluster_domain_means_totals_and_proportions_match_svy() -> None:
    design = SurveyDesign.from_frame(load_data("apiclus1"), weights="pw", ids="dnum", fpc="fpc")
    theirs = _svy_sample("apiclus1", psu="dnum", wgt="pw", pop_size="fpc")
    _compare(
        mean(design, "api00", by="stype"), theirs.estimation.mean("api00", by="stype"), ["stype"]
    )
    _compare(total(design, "enroll"), theirs.estimation.total("enroll"), [])
    _compare(
        proportion(design, "sch.wide", by="stype"),
        theirs.estimation.prop("sch.wide", by="stype"),
        ["stype"],
        level_column="sch.wide",
    )
