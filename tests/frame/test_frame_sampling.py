"""Allocation (proportional, equal, Neyman, regional minimum) and the seeded stratified draw."""

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phare.frame import load_frame
from phare.frame.sampling import allocate, draw_sample

P_BY_SIZE = {"t1": 0.05, "t2": 0.2, "t3": 0.5, "t4": 0.5, "t5": 0.5}


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return load_frame()


def _toy(sizes: dict[str, int]) -> pd.DataFrame:
    rows = []
    for stratum, size in sizes.items():
        region, taille = stratum.split("|")
        rows += [{"region": region, "taille": taille} for _ in range(size)]
    df = pd.DataFrame(rows)
    df.insert(0, "commune", [f"{i:05d}" for i in range(len(df))])
    return df


def test_proportional_allocation_sums_and_follows_sizes(frame: pd.DataFrame) -> None:
    alloc = allocate(frame, 2_000, method="proportional")
    table = alloc.table
    assert table["n_h"].sum() == 2_000 == alloc.n
    share = table["N_h"] / table["N_h"].sum() * 2_000
    assert (np.abs(table["n_h"] - share) < 1).all()
    assert alloc.excluded == int(frame["taille"].isna().sum())


def test_equal_allocation_is_capped_and_redistributed(frame: pd.DataFrame) -> None:
    alloc = allocate(frame, 2_000, method="equal")
    n = alloc.table.set_index("taille")["n_h"]
    N = alloc.table.set_index("taille")["N_h"]
    assert n.sum() == 2_000
    assert n["t5"] == N["t5"]  # 129 communes of 50,000+: all taken
    rest = n.drop("t5")
    assert rest.max() - rest.min() <= 1


def test_every_stratum_is_capped_at_its_size() -> None:
    toy = _toy({"a|t1": 100, "a|t2": 3, "b|t1": 50, "b|t2": 2})
    alloc = allocate(toy, 60, strata=("region", "taille"), method="equal")
    assert (alloc.table["n_h"] <= alloc.table["N_h"]).all()
    assert alloc.table["n_h"].sum() == 60


def test_neyman_favours_the_high_variance_strata() -> None:
    toy = _toy({"a|t1": 1_000, "a|t2": 1_000})
    alloc = allocate(toy, 100, strata="taille", method="neyman", expected_p={"t1": 0.02, "t2": 0.5})
    n = alloc.table.set_index("taille")["n_h"]
    assert n["t2"] > n["t1"]
    expected = 100 * 0.5 / (0.5 + np.sqrt(0.02 * 0.98))
    assert abs(n["t2"] - expected) < 1
    same_p = allocate(toy, 100, strata="taille", method="neyman", expected_p=0.3)
    assert list(same_p.table["n_h"]) == [50, 50]


def test_neyman_accepts_p_by_one_strata_column(frame: pd.DataFrame) -> None:
    alloc = allocate(
        frame, 3_000, strata=("region", "taille"), method="neyman", expected_p=P_BY_SIZE
    )
    assert alloc.n == 3_000
    s = alloc.table.set_index("stratum")["S_h"]
    assert s["84|t1"] == pytest.approx(np.sqrt(0.05 * 0.95))


def test_min_per_region_is_met_or_region_taken_whole(frame: pd.DataFrame) -> None:
    alloc = allocate(frame, 2_500, strata=("region", "taille"), min_per_region=80)
    by_region = alloc.table.groupby("region")[["n_h", "N_h"]].sum()
    assert alloc.n == 2_500
    assert ((by_region["n_h"] >= 80) | (by_region["n_h"] == by_region["N_h"])).all()
    plain = allocate(frame, 2_500, strata=("region", "taille"))
    assert plain.table.groupby("region")["n_h"].sum().min() < 80


def test_min_per_region_needs_region_strata_and_feasible_n(frame: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="min_per_region"):
        allocate(frame, 1_000, strata="taille", min_per_region=10)
    with pytest.raises(ValueError, match="min_per_region"):
        allocate(frame, 100, strata=("region", "taille"), min_per_region=50)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n": 100, "strata": "nope"}, "nope"),
        ({"n": 10**6}, "n: expected"),
        ({"n": 0}, "n: expected"),
        ({"n": 100, "method": "optimal"}, "method"),
        ({"n": 100, "method": "neyman"}, "expected_p"),
        ({"n": 100, "method": "neyman", "expected_p": 1.5}, "expected_p"),
        ({"n": 100, "method": "neyman", "expected_p": {"t1": 0.2}}, "expected_p"),
        ({"n": 100, "expected_p": 0.2}, "expected_p"),
    ],
)
def test_allocate_refuses_bad_input_with_a_named_parameter(
    frame: pd.DataFrame, kwargs: dict, match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        allocate(frame, **kwargs)


@settings(max_examples=60, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 300), min_size=2, max_size=8),
    frac=st.floats(0.01, 1.0),
    method=st.sampled_from(["proportional", "equal", "neyman"]),
    p=st.lists(st.floats(0.0, 1.0), min_size=8, max_size=8),
)
def test_allocation_keeps_total_and_caps(sizes, frac, method, p) -> None:
    toy = _toy({f"r|s{i}": k for i, k in enumerate(sizes)})
    n = max(1, int(frac * len(toy)))
    expected_p = {f"s{i}": p[i] for i in range(len(sizes))} if method == "neyman" else None
    alloc = allocate(toy, n, method=method, expected_p=expected_p)
    assert alloc.table["n_h"].sum() == n
    assert (alloc.table["n_h"] >= 0).all()
    assert (alloc.table["n_h"] <= alloc.table["N_h"]).all()


def test_draw_is_reproducible_with_the_seed(frame: pd.DataFrame) -> None:
    alloc = allocate(frame, 500, strata=("region", "taille"), min_per_region=10)
    a = draw_sample(frame, alloc, seed=2026)
    b = draw_sample(frame.sample(frac=1.0, random_state=3), alloc, seed=2026)
    c = draw_sample(frame, alloc, seed=2027)
    assert list(a.units["commune"]) == list(b.units["commune"])
    assert list(a.units["commune"]) != list(c.units["commune"])
    assert set(a.units["token"]).isdisjoint(b.units["token"])  # tokens are never reproducible


def test_draw_respects_the_allocation_and_records_the_design(frame: pd.DataFrame) -> None:
    alloc = allocate(frame, 800, method="neyman", expected_p=P_BY_SIZE)
    draw = draw_sample(frame, alloc, seed=7)
    units = draw.units
    assert len(units) == 800 and units["commune"].is_unique
    got = units.groupby("stratum").size().to_dict()
    assert got == {k: v for k, v in alloc.sizes().items() if v}
    N = frame.groupby("taille").size()
    assert (units["N_h"] == units["taille"].map(N)).all()
    assert np.allclose(units["prob"], units["n_h"] / units["N_h"])
    assert np.allclose(units["weight"] * units["prob"], 1.0)
    # the weights of each stratum add up to its size: the frame total is estimated exactly
    assert units["weight"].sum() == pytest.approx(frame["taille"].notna().sum())
    meta = draw.metadata
    assert meta["seed"] == 7 and meta["method"] == "neyman"
    assert meta["design"]["fpc"] == "N_h"
    assert meta["frame_version"] != "unknown"
    json.dumps(meta)


def test_tokens_are_unique_and_long(frame: pd.DataFrame) -> None:
    draw = draw_sample(frame, allocate(frame, 3_000), seed=1)
    tokens = draw.units["token"]
    assert tokens.is_unique
    assert tokens.str.len().min() >= 22  # >= 128 bits in URL-safe base64
    assert draw.metadata["token_bits"] >= 128
    assert list(draw.invitations.columns) == ["commune", "nom", "mairie_email", "token"]


def test_draw_writes_csv_and_metadata(frame: pd.DataFrame, tmp_path) -> None:
    draw = draw_sample(frame, allocate(frame, 50), seed=3)
    out = draw.to_csv(tmp_path / "invitations.csv")
    meta = draw.write_metadata(tmp_path / "invitations.json")
    back = pd.read_csv(out, dtype=str)
    assert list(back["commune"]) == list(draw.units["commune"])
    assert json.loads(meta.read_text())["seed"] == 3


def test_draw_with_a_mapping_and_its_errors(frame: pd.DataFrame) -> None:
    draw = draw_sample(frame, {"t5": 10, "t4": 5}, strata="taille", seed=1)
    assert draw.units.groupby("taille").size().to_dict() == {"t4": 5, "t5": 10}
    with pytest.raises(ValueError, match="N_h"):
        draw_sample(frame, {"t5": 1_000}, strata="taille", seed=1)
    with pytest.raises(ValueError, match="not in the frame"):
        draw_sample(frame, {"t9": 1}, strata="taille", seed=1)
    with pytest.raises(ValueError, match="strata"):
        draw_sample(frame, {"t5": 1}, seed=1)
    with pytest.raises(TypeError, match="seed"):
        draw_sample(frame, {"t5": 1}, strata="taille", seed=None)  # type: ignore[arg-type]


def test_draw_refuses_a_frame_that_changed_since_allocation(frame: pd.DataFrame) -> None:
    alloc = allocate(frame, 100)
    with pytest.raises(ValueError, match="allocate again"):
        draw_sample(frame.iloc[100:], alloc, seed=1)


@settings(max_examples=60, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 120), min_size=3, max_size=12),
    minimum=st.integers(0, 30),
    extra=st.integers(0, 400),
    method=st.sampled_from(["proportional", "equal"]),
)
def test_regional_minimum_holds_with_exact_total(sizes, minimum, extra, method) -> None:
    toy = _toy({f"r{i // 2}|t{i % 2}": k for i, k in enumerate(sizes)})
    regions = toy.groupby("region").size()
    need = int(np.minimum(regions, minimum).sum())
    n = min(len(toy), max(1, need + extra))
    alloc = allocate(toy, n, strata=("region", "taille"), method=method, min_per_region=minimum)
    table = alloc.table
    assert table["n_h"].sum() == n
    assert (table["n_h"] <= table["N_h"]).all()
    got = table.groupby("region")["n_h"].sum()
    assert (got >= np.minimum(regions, minimum)).all()


def test_neyman_with_no_variance_anywhere_falls_back_to_sizes_with_a_warning() -> None:
    toy = _toy({"a|t1": 30, "a|t2": 10})
    alloc = allocate(toy, 8, strata="taille", method="neyman", expected_p=0.0)
    assert list(alloc.table["n_h"]) == [6, 2]
    assert any(w.startswith("zero_weights") for w in alloc.warnings)
    json.dumps(alloc.metadata())


@pytest.mark.slow
def test_empirical_inclusion_frequencies_match_the_probabilities() -> None:
    toy = _toy({"a|t1": 40, "a|t2": 12, "b|t1": 25})
    alloc = allocate(toy, 20, strata=("region", "taille"))
    reps = 1_500
    hits = pd.Series(0, index=toy["commune"])
    for seed in range(reps):
        hits[draw_sample(toy, alloc, seed=seed).units["commune"]] += 1
    prob = toy.assign(stratum=toy["region"] + "|" + toy["taille"])["stratum"].map(
        {s: n / N for s, n, N in alloc.table[["stratum", "n_h", "N_h"]].itertuples(index=False)}
    )
    freq = hits.to_numpy() / reps
    se = np.sqrt(prob.to_numpy() * (1 - prob.to_numpy()) / reps)
    assert np.all(np.abs(freq - prob.to_numpy()) < 4.5 * se)
