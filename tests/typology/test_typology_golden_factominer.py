"""MCA, HCPC and catdes against FactoMineR 2.7 on its own example data (tea, poison).

Goldens: tests/reference/factominer/make_goldens.R (versions recorded in each JSON). Axes are
compared up to sign; partitions up to the numbering of classes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from _typology_golden import load_data, load_golden
from sklearn.metrics import adjusted_rand_score

from phare.typology import HCPC, MCA, catdes, paragons

EIG_RTOL = 1e-8
COORD_TOL = 1e-8
STAT_RTOL = 1e-8

CASES = {"poison": "poison", "tea": "tea", "tea_weighted": "tea"}


def _fit(case: str) -> tuple[dict[str, Any], pd.DataFrame, MCA]:
    golden = load_golden(case)
    data = load_data(CASES.get(case, "tea"))
    cols = list(data.columns)
    active = [cols[i - 1] for i in np.atleast_1d(golden["call"]["active"])]
    sup_idx = golden["call"]["quali_sup"]
    sup = [cols[i - 1] for i in np.atleast_1d(sup_idx)] if sup_idx is not None else []
    qn_idx = golden["call"].get("quanti_sup")
    quanti = [cols[i - 1] for i in np.atleast_1d(qn_idx)] if qn_idx is not None else []
    mca = MCA(5, active=active, supplementary=sup, quantitative_supplementary=quanti)
    mca.fit(data, sample_weight=golden.get("row_w"))
    return golden, data, mca


def _signs(ours: np.ndarray, theirs: np.ndarray) -> np.ndarray:
    s = np.sign((ours * theirs).sum(axis=0))
    return np.where(s == 0, 1.0, s)


@pytest.fixture(scope="module", params=list(CASES))
def fitted(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any], pd.DataFrame, MCA]:
    golden, data, mca = _fit(request.param)
    return request.param, golden, data, mca


def test_versions_are_recorded() -> None:
    for case in [*CASES, "tea_ventil", "tea_indsup", "catdes_weighted"]:
        assert load_golden(case)["versions"]["FactoMineR"] == "2.7"


def test_eigenvalues(fitted) -> None:
    _, golden, _, mca = fitted
    eig = np.asarray(golden["eig"])
    assert len(mca.eigenvalues_) == eig.shape[0]
    np.testing.assert_allclose(mca.eigenvalues_, eig[:, 0], rtol=EIG_RTOL)
    np.testing.assert_allclose(mca.eig_["percent"], eig[:, 1], rtol=EIG_RTOL)
    np.testing.assert_allclose(mca.eig_["cumulative"], eig[:, 2], rtol=EIG_RTOL)


def test_categories(fitted) -> None:
    _, golden, _, mca = fitted
    var = golden["var"]
    key = list(zip(var["variable"], var["level"], strict=True))
    coord = mca.column_coordinates_.loc[key].to_numpy()
    theirs = np.asarray(var["coord"])
    s = _signs(coord, theirs)
    np.testing.assert_allclose(coord * s, theirs, atol=COORD_TOL)
    np.testing.assert_allclose(
        mca.column_contributions_.loc[key].to_numpy(), var["contrib"], rtol=STAT_RTOL, atol=1e-10
    )
    np.testing.assert_allclose(mca.column_cos2_.loc[key].to_numpy(), var["cos2"], atol=1e-10)
    np.testing.assert_allclose(mca.column_vtest_.loc[key].to_numpy() * s, var["v_test"], atol=1e-8)
    np.testing.assert_allclose(
        mca.eta2_.loc[var["eta2_variable"]].to_numpy(), var["eta2"], atol=1e-10
    )


def test_individuals(fitted) -> None:
    _, golden, _, mca = fitted
    ind = golden["ind"]
    coord = mca.row_coordinates_.to_numpy()
    s = _signs(coord, np.asarray(ind["coord"]))
    np.testing.assert_allclose(coord * s, ind["coord"], atol=COORD_TOL)
    np.testing.assert_allclose(mca.row_contributions_.to_numpy(), ind["contrib"], atol=1e-10)
    np.testing.assert_allclose(mca.row_cos2_.to_numpy(), ind["cos2"], atol=1e-10)


def test_supplementary_categories(fitted) -> None:
    _, golden, _, mca = fitted
    qs = golden["quali_sup"]
    key = list(zip(qs["variable"], qs["level"], strict=True))
    s = _signs(mca.row_coordinates_.to_numpy(), np.asarray(golden["ind"]["coord"]))
    np.testing.assert_allclose(
        mca.supplementary_coordinates_.loc[key].to_numpy() * s, qs["coord"], atol=COORD_TOL
    )
    np.testing.assert_allclose(mca.supplementary_cos2_.loc[key].to_numpy(), qs["cos2"], atol=1e-10)
    np.testing.assert_allclose(
        mca.supplementary_vtest_.loc[key].to_numpy() * s, qs["v_test"], atol=1e-8
    )
    np.testing.assert_allclose(
        mca.supplementary_eta2_.to_numpy(), np.atleast_2d(qs["eta2"]), atol=1e-10
    )


def test_quantitative_supplementary_correlations(fitted) -> None:
    case, golden, _, mca = fitted
    if "quanti_sup" not in golden:
        assert mca.supplementary_correlations_.empty
        return
    ref = golden["quanti_sup"]
    s = _signs(mca.row_coordinates_.to_numpy(), np.asarray(golden["ind"]["coord"]))
    ours = mca.supplementary_correlations_.loc[np.atleast_1d(ref["variable"])].to_numpy()
    np.testing.assert_allclose(ours * s, np.atleast_2d(ref["coord"]), atol=1e-10)


def _same_partition(a: Any, b: Any) -> bool:
    table = pd.crosstab(np.asarray(a), np.asarray(b))
    return bool(((table > 0).sum(axis=1) == 1).all() and ((table > 0).sum(axis=0) == 1).all())


HCPC_KEYS = ["hcpc", "hcpc_consol", "hcpc_k4", "hcpc_k4_consol"]


@pytest.mark.parametrize("key", HCPC_KEYS)
def test_hcpc_partition(fitted, key: str) -> None:
    case, golden, _, mca = fitted
    ref = golden[key]
    hc = HCPC(4 if "k4" in key else None, consolidation=key.endswith("consol"))
    hc.fit(mca.row_coordinates_, sample_weight=golden.get("row_w"))
    if golden["call"]["weighted"] and key.endswith("consol"):
        # R's kmeans ignores the row weights, ours uses them (documented): close, not equal
        assert adjusted_rand_score(hc.labels_, ref["clust"]) > 0.9
        return
    assert hc.suggested_n_clusters_ == ref["nb_clust"]
    assert hc.n_clusters_ == len(set(ref["clust"]))
    assert _same_partition(hc.labels_, ref["clust"]), adjusted_rand_score(hc.labels_, ref["clust"])
    np.testing.assert_allclose(hc.inertia_gains_[:20], ref["inert_gain"], rtol=1e-8, atol=1e-14)
    np.testing.assert_allclose(hc.within_inertia_[:20], ref["within"], rtol=1e-8)
    np.testing.assert_allclose(hc.ratios_.to_numpy(), ref["quot"], rtol=1e-8)
    assert hc.ratios_.index[0] == ref["min"] and hc.ratios_.index[-1] == ref["max"]


def _matching(ours: np.ndarray, theirs: np.ndarray) -> dict[int, int]:
    """R class → our class, for identical partitions."""
    table = pd.crosstab(np.asarray(theirs), np.asarray(ours))
    return {int(r): int(table.loc[r].idxmax()) for r in table.index}


@pytest.mark.parametrize("key", HCPC_KEYS)
def test_axes_description_and_paragons(fitted, key: str) -> None:
    """HCPC's desc.axes (v-tests of mean coordinates) and desc.ind$para (paragons)."""
    _, golden, _, mca = fitted
    if golden["call"]["weighted"] and key.endswith("consol"):
        return  # partitions differ on purpose (weighted consolidation), see above
    ref = golden[key]
    w = golden.get("row_w")
    hc = HCPC(4 if "k4" in key else None, consolidation=key.endswith("consol"))
    hc.fit(mca.row_coordinates_, sample_weight=w)
    match = _matching(hc.labels_, np.asarray(ref["clust"]))
    coords = mca.row_coordinates_
    r_coords = np.asarray(golden["ind"]["coord"])
    s = _signs(coords.to_numpy(), r_coords)
    axis_weights = w
    if w is not None:
        # FactoMineR 2.7 sorts the rows by their first coordinate before desc.axes but passes
        # the row weights in the original order (HCPC: catdes(X, ..., row.w = res$call$
        # row.w.init) with X = t$res$ind$coord, sorted). Ours are aligned; reproducing R's
        # misalignment gives R's values, which confirms the diagnosis.
        order = np.argsort(r_coords[:, 0], kind="stable")
        axis_weights = np.empty(len(w))
        axis_weights[order] = np.asarray(w)
    axes = catdes(
        coords,
        hc.labels_,
        categorical=[],
        quantitative=list(coords.columns),
        sample_weight=axis_weights,
    ).quantitative.set_index(["cluster", "variable"])
    checked = 0
    for r_class, table in ref["desc_axes"].items():
        for i, axis in enumerate(np.atleast_1d(table["axis"])):
            dim = axis.replace(".", " ")
            sign = s[int(dim.split()[1]) - 1]
            row = axes.loc[(match[int(r_class)], dim)]
            expected = np.atleast_1d(table["v_test"])[i]
            assert row["v_test"] * sign == pytest.approx(expected, rel=1e-8)
            expected = np.atleast_1d(table["mean_in_cluster"])[i]
            assert row["mean_in_cluster"] * sign == pytest.approx(expected, rel=1e-8)
            checked += 1
    assert checked >= hc.n_clusters_
    if w is None:  # R's paragons use unweighted class means
        found = paragons(coords, hc.labels_, hc.cluster_centers_.to_numpy(), n=6)
        for r_class, rows in ref["paragons"].items():
            rows = list(np.atleast_1d(rows))
            ours = found[match[int(r_class)]]
            distances = [d for _, d in ours[: len(rows)]]
            expected = np.atleast_1d(ref["paragon_distances"][r_class])
            np.testing.assert_allclose(distances, expected, rtol=1e-8)
            # identical rows are at the same distance: R and we may list them in another order
            tie_at_end = len(ours) > len(rows) and np.isclose(ours[len(rows)][1], distances[-1])
            if not tie_at_end:
                assert {i + 1 for i, _ in ours[: len(rows)]} == set(rows)


@pytest.mark.parametrize("key", ["hcpc", "hcpc_k4_consol"])
def test_catdes(fitted, key: str) -> None:
    _, golden, data, mca = fitted
    ref = golden[key]
    cols = mca.active_ + mca.supplementary_
    result = catdes(data[cols], ref["clust"], sample_weight=golden.get("row_w"))
    # the quantitative supplementary variable (tea's age) is described by catdes too in R;
    # only the categorical part is compared here
    checked = 0
    for cluster, table in ref["catdes"].items():
        ours = result.categories[result.categories["cluster"] == int(cluster)]
        assert int(ours["significant"].sum()) == len(np.atleast_1d(table["key"]))
        ours = ours.set_index(["variable", "level"])
        for i, key_ in enumerate(np.atleast_1d(table["key"])):
            variable, level = str(key_).split("=", 1)
            row = ours.loc[(variable, level)]
            for ours_col, ref_col in [
                ("v_test", "v_test"),
                ("p_value", "p_value"),
                ("cla_mod", "cla_mod"),
                ("mod_cla", "mod_cla"),
                ("global", "global"),
            ]:
                expected = np.atleast_1d(table[ref_col])[i]
                assert row[ours_col] == pytest.approx(expected, rel=STAT_RTOL), (key_, ours_col)
            checked += 1
    assert checked > 10
    chi = result.variables.set_index("variable")
    ref_chi = np.atleast_2d(ref["test_chi2"])
    for i, variable in enumerate(np.atleast_1d(ref["test_chi2_variable"])):
        assert chi.loc[variable, "p_value"] == pytest.approx(ref_chi[i, 0], rel=1e-8)
        assert chi.loc[variable, "df"] == ref_chi[i, 1]
    assert int(chi["significant"].sum()) == len(np.atleast_1d(ref["test_chi2_variable"]))


def test_catdes_quantitative_weighted() -> None:
    tea = load_data("tea")
    golden = load_golden("catdes_weighted")
    data = tea[["age", "sex", "Tea", "SPC"]].copy()
    data["age"] = data["age"].astype(float)
    result = catdes(
        data,
        data["SPC"],
        categorical=["sex", "Tea"],
        quantitative=["age"],
        sample_weight=golden["row_w"],
    )
    q = result.quantitative.set_index("cluster")
    for cluster, ref in golden["quanti"].items():
        row = q.loc[cluster]
        for col in ["v_test", "mean_in_cluster", "overall_mean", "sd_in_cluster", "overall_sd"]:
            assert row[col] == pytest.approx(ref[col], rel=1e-8), (cluster, col)
        assert row["p_value"] == pytest.approx(ref["p_value"], rel=1e-6)
    qv = result.quantitative_variables.set_index("variable").loc["age"]
    assert qv["eta2"] == pytest.approx(golden["quanti_var"]["eta2"], rel=1e-8)
    assert qv["p_value"] == pytest.approx(golden["quanti_var"]["p_value"], rel=1e-6)
    for cluster, table in golden["category"].items():
        ours = result.categories[result.categories["cluster"] == cluster].set_index(
            ["variable", "level"]
        )
        for i, key in enumerate(np.atleast_1d(table["key"])):
            variable, level = str(key).split("=", 1)
            assert ours.loc[(variable, level), "v_test"] == pytest.approx(
                np.atleast_1d(table["v_test"])[i], rel=1e-8
            )


def test_supplementary_individuals() -> None:
    """New respondents projected as FactoMineR's ind.sup (what the frozen model does)."""
    golden = load_golden("tea_indsup")
    tea = load_data("tea")
    rows = np.atleast_1d(golden["ind_sup"]["rows"]) - 1
    active_rows = np.setdiff1d(np.arange(len(tea)), rows)
    active = list(tea.columns[:18])
    mca = MCA(5, active=active).fit(tea.iloc[active_rows])
    np.testing.assert_allclose(mca.eigenvalues_, np.asarray(golden["eig"])[:, 0], rtol=EIG_RTOL)
    s = _signs(mca.row_coordinates_.to_numpy(), np.asarray(golden["ind"]["coord"]))
    coords, cos2 = mca.supplementary_rows(tea.iloc[rows])
    np.testing.assert_allclose(coords.to_numpy() * s, golden["ind_sup"]["coord"], atol=COORD_TOL)
    np.testing.assert_allclose(cos2.to_numpy(), golden["ind_sup"]["cos2"], atol=1e-10)


def test_ventilation_matches_factominer_choices() -> None:
    """Same rare levels as FactoMineR; MCA on R's ventilated draws matches R to 1e-8."""
    tea = load_data("tea")
    golden = load_golden("tea_ventil")
    active = list(tea.columns[:18])
    ours = MCA(5, active=active, level_ventil=0.05, random_state=1).fit(tea)
    r_levels = {v: set(values) for v, values in golden["ventilated"].items()}
    r_rare = {v: sorted(set(tea[v]) - r_levels[v]) for v in active if set(tea[v]) - r_levels[v]}
    assert ours.ventilated_ == r_rare
    # R's random reassignment cannot be replayed; refit on the data R analysed
    r_data = pd.DataFrame(golden["ventilated"])
    refit = MCA(5, active=active).fit(r_data)
    np.testing.assert_allclose(refit.eigenvalues_, np.asarray(golden["eig"])[:, 0], rtol=EIG_RTOL)
    var = golden["var"]
    key = list(zip(var["variable"], var["level"], strict=True))
    coord = refit.column_coordinates_.loc[key].to_numpy()
    s = _signs(coord, np.asarray(var["coord"]))
    np.testing.assert_allclose(coord * s, var["coord"], atol=COORD_TOL)
