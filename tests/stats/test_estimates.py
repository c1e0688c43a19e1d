"""Estimators: the result contract, domains without subsetting, warnings, input checks."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from _survey_core_golden import load_data

from phare.stats import (
    EstimateTable,
    EstimationError,
    SurveyDesign,
    calibrate,
    mean,
    proportion,
    ratio,
    total,
)


def strat() -> SurveyDesign:
    return SurveyDesign.from_frame(load_data("apistrat"), weights="pw", strata="stype", fpc="fpc")


def frame() -> SurveyDesign:
    return SurveyDesign.from_frame(
        load_data("frame_sample"), weights="w", strata="strate", fpc="N_h"
    )


def test_table_round_trips_through_json() -> None:
    table = proportion(frame(), "confiance", by=["region", "taille"], na_rm=True, ci_method="beta")
    text = table.model_dump_json()
    assert json.loads(text)["schema_version"] == "1.0"
    again = EstimateTable.model_validate_json(text)
    assert again == table
    assert again.metadata.options["na_rm"] is True
    assert again.metadata.design["strata"] == "strate"


def test_to_frame_has_one_column_per_domain_variable() -> None:
    frame_ = mean(strat(), ["api00", "enroll"], by=["sch.wide", "awards"]).to_frame()
    assert list(frame_.columns[:4]) == ["variable", "level", "sch.wide", "awards"]
    assert {"estimate", "se", "ci_low", "ci_high", "cv", "deff", "n", "df"} <= set(frame_.columns)
    assert frame_["n"].sum() == 2 * 200


def test_every_row_carries_the_result_contract() -> None:
    row = mean(strat(), "api00").rows[0]
    assert row.cv == pytest.approx(row.se / row.estimate)
    assert row.ci_low < row.estimate < row.ci_high
    assert (row.n, row.df) == (200, 197)
    assert row.deff is not None and row.deff > 0


def test_proportions_of_every_level_sum_to_one_in_each_domain() -> None:
    table = proportion(frame(), "confiance", by="region", na_rm=True)
    df = table.to_frame()
    sums = df.groupby("region")["estimate"].sum()
    np.testing.assert_allclose(sums, 1.0, rtol=1e-12)
    assert (df.groupby("region")["n_level"].sum() == df.groupby("region")["n"].first()).all()


def test_domain_estimates_use_the_whole_design() -> None:
    """by= is not subsetting: in a cluster sample the subset's own design is different."""
    data = load_data("apiclus1")
    design = SurveyDesign.from_frame(data, weights="pw", ids="dnum", fpc="fpc")
    by_domain = mean(design, "api00", by="stype").get("api00", stype="H")
    subset = SurveyDesign.from_frame(
        data[data["stype"] == "H"], weights="pw", ids="dnum", fpc="fpc"
    )
    alone = mean(subset, "api00").rows[0]
    assert by_domain.estimate == pytest.approx(alone.estimate)
    assert by_domain.se != pytest.approx(alone.se, rel=1e-3)


def test_totals_of_a_categorical_variable_are_counts() -> None:
    table = total(strat(), "stype")
    assert [r.estimate for r in table.rows] == pytest.approx([4421, 755, 1018], rel=1e-6)


def test_missing_values_raise_unless_na_rm() -> None:
    with pytest.raises(EstimationError) as info:
        mean(frame(), "age")
    assert (info.value.code, info.value.parameter) == ("estimate.missing_values", "age")
    assert mean(frame(), "age", na_rm=True).rows[0].n < frame().n


def test_unknown_variable_and_domain_are_named() -> None:
    with pytest.raises(Exception) as info:
        mean(strat(), "api01")
    assert getattr(info.value, "parameter", None) == "variables"
    assert getattr(info.value, "received", None) == "api01"
    with pytest.raises(Exception) as info:
        mean(strat(), "api00", by="districts")
    assert getattr(info.value, "parameter", None) == "by"


@pytest.mark.parametrize(
    ("call", "parameter"),
    [
        (lambda d: proportion(d, "awards", ci_method="wilson"), "ci_method"),
        (lambda d: mean(d, "api00", level=95), "level"),
        (lambda d: mean(d, []), "variables"),
        (lambda d: mean(d, "api00", variance="replicate"), "variance"),
    ],
)
def test_bad_options_are_refused(call, parameter: str) -> None:
    with pytest.raises(EstimationError) as info:
        call(strat())
    assert info.value.parameter == parameter


def test_design_warnings_travel_with_results() -> None:
    design = SurveyDesign.from_frame(
        load_data("lonely_sample"), weights="pw", ids="dnum", strata="lstr", lonely_psu="remove"
    )
    table = mean(design, "api00")
    assert [w.code for w in table.warnings] == ["lonely_psu"]
    pop = {"stype": {"E": 4421, "H": 755, "M": 1018}, "api99": 3914069}
    clus1 = SurveyDesign.from_frame(load_data("apiclus1"), weights="pw", ids="dnum", fpc="fpc")
    calibrated = calibrate(clus1, pop, bounds=(0.6, 1.6))
    assert "weights_at_bound" in [w.code for w in mean(calibrated, "api00").warnings]


def test_empty_domain_and_degenerate_interval_are_flagged() -> None:
    data = load_data("apistrat")
    design = SurveyDesign.from_frame(data, weights="pw", strata="stype", fpc="fpc")
    table = proportion(design, "awards", by="sch.wide")
    no = table.get("awards", "Yes", **{"sch.wide": "No"})
    assert no.estimate == 0.0 and no.ci_low is None
    assert "degenerate_ci" in [w.code for w in table.warnings]


def test_t_quantiles_on_request() -> None:
    normal = mean(strat(), "api00").rows[0]
    t = mean(strat(), "api00", ci_df="design").rows[0]
    assert t.ci_high - t.ci_low > normal.ci_high - normal.ci_low


def test_declared_categories_are_all_reported_like_r_factor_levels() -> None:
    data = load_data("apistrat")
    data["awards"] = pd.Categorical(data["awards"], categories=["Yes", "No", "Maybe"])
    design = SurveyDesign.from_frame(data, weights="pw", strata="stype", fpc="fpc")
    table = proportion(design, "awards", ci_method="wald")
    assert [r.level for r in table.rows] == ["Yes", "No", "Maybe"]
    maybe = table.get("awards", "Maybe")
    assert (maybe.estimate, maybe.se, maybe.n_level) == (0.0, 0.0, 0)


def test_domains_sort_numbers_numerically_and_label_them_like_r() -> None:
    data = load_data("apistrat")
    data["band"] = np.where(data["enroll"] > 600, 10.0, 2.0)
    data.loc[0, "band"] = np.nan
    design = SurveyDesign.from_frame(data, weights="pw", strata="stype", fpc="fpc")
    table = mean(design, "api00", by="band")
    assert [r.domain["band"] for r in table.rows] == ["2", "10"]
    assert "missing_domain" in [w.code for w in table.warnings]


def test_ratio_is_the_ratio_of_two_totals_and_needs_numbers() -> None:
    design = strat()
    row = ratio(design, "api00", "api99").rows[0]
    num = total(design, "api00").rows[0].estimate
    den = total(design, "api99").rows[0].estimate
    assert row.variable == "api00/api99" and row.estimate == pytest.approx(num / den, rel=1e-12)
    with pytest.raises(EstimationError) as info:
        ratio(design, "api00", "stype")
    assert (info.value.code, info.value.parameter) == ("estimate.not_numeric", "denominator")
