"""SurveyDesign: construction from a data frame, derived quantities, validation, immutability."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from _survey_core_golden import REFERENCE, load_data

from phare.stats import DesignError, DesignSpec, LonelyPsuError, SurveyDesign, load_design_specs


def test_stratified_design_counts_strata_psus_and_degf() -> None:
    d = SurveyDesign.from_frame(load_data("apistrat"), weights="pw", strata="stype", fpc="fpc")
    assert (d.n, d.n_strata, d.n_psus, d.degf) == (200, 3, 200, 197)
    assert d.strata_labels == ("E", "H", "M")
    # f_h = (N_h - n_h) / N_h
    np.testing.assert_allclose(
        d.fpc_factor, [(4421 - 100) / 4421, (755 - 50) / 755, (1018 - 50) / 1018]
    )


def test_cluster_design_counts_psus() -> None:
    d = SurveyDesign.from_frame(load_data("apiclus1"), weights="pw", ids="dnum", fpc="fpc")
    assert (d.n_strata, d.n_psus, d.degf) == (1, 15, 14)


def test_weights_default_to_population_over_sample_size() -> None:
    data = load_data("apisrs")
    d = SurveyDesign.from_frame(data, fpc="fpc")
    np.testing.assert_allclose(d.weights, 6194 / 200)
    np.testing.assert_allclose(d.weights, data["pw"], rtol=1e-12)


def test_fpc_as_fraction_equals_fpc_as_population_size() -> None:
    data = load_data("apistrat")
    data["fraction"] = data.groupby("stype")["fpc"].transform(lambda s: len(s) / s)
    a = SurveyDesign.from_frame(data, weights="pw", strata="stype", fpc="fpc")
    b = SurveyDesign.from_frame(data, weights="pw", strata="stype", fpc="fraction")
    np.testing.assert_allclose(a.fpc_factor, b.fpc_factor, rtol=1e-12)


def test_design_is_immutable() -> None:
    d = SurveyDesign.from_frame(load_data("apiclus1"), weights="pw", ids="dnum")
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.weights = np.ones(d.n)  # type: ignore[misc]
    with pytest.raises(ValueError):
        d.weights[0] = 1.0
    e = d.with_weights(d.weights * 2)
    assert e is not d and float(d.weights.sum()) * 2 == pytest.approx(float(e.weights.sum()))


@pytest.mark.parametrize(
    ("kwargs", "parameter", "received"),
    [
        ({"weights": "poids"}, "weights", "poids"),
        ({"weights": "pw", "strata": "strate"}, "strata", "strate"),
        ({"weights": "pw", "ids": ["dnum", "nope"]}, "ids", "nope"),
        ({"weights": "pw", "fpc": "N"}, "fpc", "N"),
    ],
)
def test_unknown_design_column_is_named(kwargs: dict, parameter: str, received: str) -> None:
    with pytest.raises(DesignError) as info:
        SurveyDesign.from_frame(load_data("apiclus1"), **kwargs)
    err = info.value
    assert (err.code, err.parameter, err.received) == ("design.unknown_column", parameter, received)
    assert "dnum" in (err.expected or "")


@pytest.mark.parametrize("bad", [0.0, -3.0, np.nan])
def test_zero_negative_or_missing_weights_are_refused(bad: float) -> None:
    data = load_data("apistrat")
    data.loc[7, "pw"] = bad
    with pytest.raises(DesignError) as info:
        SurveyDesign.from_frame(data, weights="pw", strata="stype")
    assert info.value.code == "design.invalid_weights"
    assert info.value.parameter == "pw"
    assert "row 7" in (info.value.received or "")


def test_missing_stratum_is_refused() -> None:
    data = load_data("apistrat")
    data["stype"] = data["stype"].astype(object)
    data.loc[3, "stype"] = None
    with pytest.raises(DesignError, match="stype") as info:
        SurveyDesign.from_frame(data, weights="pw", strata="stype")
    assert info.value.code == "design.missing_strata"


def test_psus_not_nested_in_strata_need_nest() -> None:
    data = load_data("apiclus1")
    with pytest.raises(DesignError) as info:
        SurveyDesign.from_frame(data, weights="pw", strata="stype", ids="dnum")
    assert info.value.code == "design.psu_not_nested"
    nested = SurveyDesign.from_frame(
        data, weights="pw", strata="stype", ids="dnum", nest=True, lonely_psu="adjust"
    )
    assert nested.n_psus > 15


def test_fpc_must_be_constant_within_stratum_and_not_below_sample_size() -> None:
    data = load_data("apistrat")
    data.loc[0, "fpc"] = 5000
    with pytest.raises(DesignError, match="fpc"):
        SurveyDesign.from_frame(data, weights="pw", strata="stype", fpc="fpc")
    data["fpc"] = 10
    with pytest.raises(DesignError) as info:
        SurveyDesign.from_frame(data, weights="pw", strata="stype", fpc="fpc")
    assert "100%" in info.value.message


def test_lonely_psu_fails_by_default_and_names_the_stratum() -> None:
    data = load_data("lonely_sample")
    with pytest.raises(LonelyPsuError) as info:
        SurveyDesign.from_frame(data, weights="pw", ids="dnum", strata="lstr")
    assert info.value.parameter == "lonely_psu"
    assert "C" in (info.value.received or "")
    d = SurveyDesign.from_frame(data, weights="pw", ids="dnum", strata="lstr", lonely_psu="adjust")
    assert [w.code for w in d.warnings] == ["lonely_psu"]
    assert d.warnings[0].details["strata"] == ["C"]


def test_unknown_lonely_psu_policy_is_refused() -> None:
    with pytest.raises(DesignError) as info:
        SurveyDesign.from_frame(load_data("apiclus1"), weights="pw", lonely_psu="average")  # type: ignore[arg-type]
    assert info.value.parameter == "lonely_psu"


def test_census_stratum_with_one_unit_is_not_lonely() -> None:
    data = pd.DataFrame({"h": ["a", "a", "b"], "N": [10, 10, 1], "y": [1.0, 2.0, 3.0]})
    d = SurveyDesign.from_frame(data, strata="h", fpc="N")
    assert d.fpc_factor[1] == 0.0 and not d.warnings


def test_several_designs_in_one_file(tmp_path: Path) -> None:
    path = tmp_path / "designs.yaml"
    path.write_text(
        "designs:\n"
        "  strat: {weights: pw, strata: stype, fpc: fpc}\n"
        "  clus1: {weights: pw, ids: dnum, fpc: fpc, lonely_psu: adjust}\n",
        encoding="utf-8",
    )
    specs = load_design_specs(path)
    assert specs["clus1"] == DesignSpec(weights="pw", ids=["dnum"], fpc="fpc", lonely_psu="adjust")
    d = SurveyDesign.from_spec(load_data("apistrat"), specs["strat"])
    assert d.degf == 197
    path.write_text("strat: {weights: pw, stratum: stype}\n", encoding="utf-8")
    with pytest.raises(DesignError) as info:
        load_design_specs(path)
    assert info.value.code == "design.spec_file"


def test_lonely_psu_failure_matches_r() -> None:
    """R refuses the same design under survey.lonely.psu = "fail" (recorded by estimates.R)."""
    r_message = (REFERENCE / "lonely_fail_message.txt").read_text(encoding="utf-8")
    assert "Stratum (C) has only one PSU" in r_message
    with pytest.raises(LonelyPsuError, match="'C'"):
        SurveyDesign.from_frame(load_data("lonely_sample"), weights="pw", ids="dnum", strata="lstr")
