"""Properties of the MCA that do not need R: identities, two routes, validation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _typology_golden import load_data

from phare.typology import MCA, TypologyError, planted_profiles


@pytest.fixture(scope="module")
def small() -> pd.DataFrame:
    data, _ = planted_profiles(400, n_questions=8, n_profiles=3, random_state=11)
    return data


def test_total_inertia_and_contributions(small: pd.DataFrame) -> None:
    q = [c for c in small.columns if c.startswith("q")]
    mca = MCA(4, active=q).fit(small)
    k = sum(small[c].nunique() for c in q)
    assert mca.eigenvalues_.sum() == pytest.approx(k / len(q) - 1, rel=1e-12)
    assert mca.total_inertia_ == pytest.approx(k / len(q) - 1)
    np.testing.assert_allclose(mca.column_contributions_.sum(axis=0), 100, rtol=1e-10)
    np.testing.assert_allclose(mca.row_contributions_.sum(axis=0), 100, rtol=1e-10)
    assert (mca.column_cos2_.sum(axis=1) <= 1 + 1e-12).all()


def test_transform_of_training_rows_gives_row_coordinates(small: pd.DataFrame) -> None:
    q = [c for c in small.columns if c.startswith("q")]
    mca = MCA(3, active=q).fit(small)
    np.testing.assert_allclose(mca.transform(small), mca.row_coordinates_, atol=1e-12)


def test_integer_weight_equals_duplicated_rows(small: pd.DataFrame) -> None:
    """Two routes: weight 3 on a row, or the row three times."""
    q = [c for c in small.columns if c.startswith("q")]
    w = np.ones(len(small))
    w[:50] = 3
    weighted = MCA(3, active=q).fit(small, sample_weight=w)
    repeated = pd.concat([small, small.iloc[:50], small.iloc[:50]], ignore_index=True)
    plain = MCA(3, active=q).fit(repeated)
    np.testing.assert_allclose(weighted.eigenvalues_[:3], plain.eigenvalues_[:3], rtol=1e-10)
    np.testing.assert_allclose(
        weighted.column_coordinates_.abs(), plain.column_coordinates_.abs(), atol=1e-10
    )
    np.testing.assert_allclose(weighted.column_vtest_.abs(), plain.column_vtest_.abs(), atol=1e-9)


def test_scaling_weights_changes_nothing_but_vtests(small: pd.DataFrame) -> None:
    q = [c for c in small.columns if c.startswith("q")]
    a = MCA(3, active=q).fit(small, sample_weight=np.full(len(small), 2.0))
    b = MCA(3, active=q).fit(small)
    np.testing.assert_allclose(a.eigenvalues_, b.eigenvalues_, rtol=1e-12)
    np.testing.assert_allclose(a.row_coordinates_, b.row_coordinates_, atol=1e-12)


def test_corrected_inertia_formulas() -> None:
    tea = load_data("tea")
    mca = MCA(5, active=list(tea.columns[:18])).fit(tea)
    j = 18
    lam = mca.eigenvalues_
    benz = mca.corrected_inertia("benzecri")
    keep = lam > 1 / j
    expected = (j / (j - 1) * (lam[keep] - 1 / j)) ** 2
    np.testing.assert_allclose(benz["corrected"].to_numpy()[keep], expected)
    assert benz["percent"].sum() == pytest.approx(100)
    assert (benz["corrected"].to_numpy()[~keep] == 0).all()
    green = mca.corrected_inertia("greenacre")
    k = int(mca.encoding_.n_levels.sum())
    total = j / (j - 1) * ((lam**2).sum() - (k - j) / j**2)
    np.testing.assert_allclose(green["percent"].to_numpy()[keep], 100 * expected / total)
    assert green["percent"].sum() < 100


def test_missing_values_form_their_own_level(small: pd.DataFrame) -> None:
    data = small.copy()
    data.loc[:9, "q01"] = np.nan
    mca = MCA(2, active=[c for c in data.columns if c.startswith("q")]).fit(data)
    assert ("q01", "NA") in mca.column_coordinates_.index


def test_numeric_codes_read_as_floats_keep_integer_levels() -> None:
    data = pd.DataFrame(
        {"a": [1.0, 2.0, np.nan, 1.0, 2.0, 9.0], "b": ["x", "y", "x", "y", "x", "y"]}
    )
    mca = MCA(2).fit(data)
    assert set(mca.column_coordinates_.loc["a"].index) == {"1", "2", "9", "NA"}


def test_ventilation_is_seeded_and_recorded(small: pd.DataFrame) -> None:
    data = small.copy()
    data.loc[:4, "q02"] = "rare"
    q = [c for c in data.columns if c.startswith("q")]
    a = MCA(2, active=q, level_ventil=0.05, random_state=3).fit(data)
    b = MCA(2, active=q, level_ventil=0.05, random_state=3).fit(data)
    assert a.ventilated_ == {"q02": ["rare"]}
    assert ("q02", "rare") not in a.column_coordinates_.index
    np.testing.assert_array_equal(a.eigenvalues_, b.eigenvalues_)
    # a ventilated level counts as the centre of its variable when projecting
    assert np.isfinite(a.transform(data.iloc[:5]).to_numpy()).all()


@pytest.mark.parametrize(
    ("kwargs", "fit_kwargs", "parameter"),
    [
        ({"active": ["nope"]}, {}, "active"),
        ({"n_components": 0}, {}, "n_components"),
        ({"level_ventil": 1.5}, {}, "level_ventil"),
        ({"active": ["q01"], "supplementary": ["q01"]}, {}, "supplementary"),
        ({}, {"sample_weight": [1.0, 2.0]}, "sample_weight"),
    ],
)
def test_errors_name_the_parameter(small, kwargs, fit_kwargs, parameter) -> None:
    with pytest.raises(TypologyError) as info:
        MCA(**kwargs).fit(small, **fit_kwargs)
    assert info.value.parameter == parameter


def test_negative_weight_is_refused(small: pd.DataFrame) -> None:
    w = np.ones(len(small))
    w[3] = -1
    with pytest.raises(TypologyError, match="sample_weight"):
        MCA().fit(small, sample_weight=w)


def test_codes_written_as_text_floats_are_the_same_level() -> None:
    data = pd.DataFrame({"a": ["1", "1.0", "2", "2.0", "9", None], "b": list("xyxyxy")})
    mca = MCA(2).fit(data)
    assert set(mca.column_coordinates_.loc["a"].index) == {"1", "2", "9", "NA"}


def test_constant_active_variable_is_refused(small: pd.DataFrame) -> None:
    data = small.assign(const="x")
    with pytest.raises(TypologyError, match="const") as info:
        MCA(2, active=["q01", "const"]).fit(data)
    assert info.value.parameter == "active"


def test_summary_lists_the_largest_contributions(small: pd.DataFrame) -> None:
    q = [c for c in small.columns if c.startswith("q")]
    mca = MCA(3, active=q, supplementary=["region"]).fit(small)
    summary = mca.summary(n_categories=5)
    assert set(summary) == {"eig", "corrected", "categories", "eta2", "supplementary"}
    cats = summary["categories"]
    assert len(cats) == 5
    best = mca.column_contributions_[["Dim 1", "Dim 2"]].max(axis=1).max()
    assert cats[("Dim 1", "ctr")].max() == best or cats[("Dim 2", "ctr")].max() == best
    assert ("Dim 2", "v_test") in summary["supplementary"].columns
