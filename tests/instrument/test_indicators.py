"""Derived indicators keep the contract's bases of the shares."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phare.instrument import compute_indicators, load_instrument


@pytest.fixture(scope="module")
def inst():
    return load_instrument()


def _frame(inst, n: int) -> pd.DataFrame:
    return pd.DataFrame({c: [np.nan] * n for c in inst.column_order()})


def test_agreement_counts_dont_know_in_the_base(inst) -> None:
    df = _frame(inst, 6)
    df["innov"] = [1, 2, 3, 4, 9, np.nan]
    out = compute_indicators(df, inst)
    assert out["innov_agree"].tolist()[:5] == [1, 1, 0, 0, 0]
    assert np.isnan(out["innov_agree"].iloc[5])
    assert out["innov_agree"].mean() == pytest.approx(2 / 5)


def test_coco_ne_sait_pas_animer_is_among_coco_ancree_agree(inst) -> None:
    df = _frame(inst, 6)
    df["coco_ancree"] = [1, 2, 2, 3, 1, np.nan]
    df["coco_savoir"] = [2, 1, 9, np.nan, np.nan, np.nan]
    out = compute_indicators(df, inst)
    got = out["coco_ne_sait_pas_animer"].tolist()
    assert got[:3] == [1, 0, 0]
    assert all(np.isnan(got[3:]))
    assert out["coco_ancree_agree"].tolist()[:5] == [1, 1, 1, 0, 1]


def test_grid_indicators_use_three_valued_logic(inst) -> None:
    part = inst.grid_variables("part")
    social = ["part_environnement", "part_sante", "part_lien_social", "part_mobilite"]
    df = _frame(inst, 5)
    df[part] = 1.0
    df.loc[1, "part_emploi"] = 0  # one unticked: not all 16
    df.loc[2, "part_emploi"] = np.nan  # one empty, others ticked: unknown
    df.loc[3, part] = 0.0  # nothing ticked
    df.loc[4, part] = np.nan  # grid not answered
    df.loc[4, "part_pauvrete"] = 0.0
    out = compute_indicators(df, inst)
    assert out["part_all16"].tolist()[:2] == [1, 0]
    assert np.isnan(out["part_all16"].iloc[2])
    assert out["part_all16"].iloc[3] == 0
    assert out["part_all16"].iloc[4] == 0
    assert out["part_any_social5"].tolist()[:4] == [1, 1, 1, 0]
    assert np.isnan(out["part_any_social5"].iloc[4])  # one 0, four empty: unknown
    df.loc[4, social] = 1.0
    assert compute_indicators(df, inst)["part_any_social5"].iloc[4] == 1


def test_role_mairie_iaa_and_string_codes(inst) -> None:
    df = _frame(inst, 4).astype(object)
    df["role_mairie"] = ["1", "3", "5", "9"]
    out = compute_indicators(df, inst, names=["role_mairie_iaa"])
    assert list(out.columns) == ["role_mairie_iaa"]
    assert out["role_mairie_iaa"].tolist() == [1, 1, 0, 0]


def test_missing_column_is_named(inst) -> None:
    df = _frame(inst, 1).drop(columns=["coco_savoir"])
    with pytest.raises(ValueError, match="coco_savoir"):
        compute_indicators(df, inst)


@given(
    st.lists(
        st.lists(st.sampled_from([0.0, 1.0, np.nan]), min_size=16, max_size=16),
        min_size=1,
        max_size=30,
    )
)
@settings(max_examples=60, deadline=None)
def test_grid_logic_matches_a_row_by_row_reading(rows) -> None:
    inst = load_instrument()
    part = inst.grid_variables("part")
    df = pd.DataFrame(rows, columns=part)
    for col in ("innov", "coco_ancree", "coco_savoir", "role_mairie"):
        df[col] = np.nan
    out = compute_indicators(df, inst)
    social = [
        "part_environnement",
        "part_sante",
        "part_lien_social",
        "part_mobilite",
        "part_pauvrete",
    ]
    for i, row in enumerate(rows):
        values = dict(zip(part, row, strict=True))
        if all(v == 1 for v in row):
            assert out["part_all16"].iloc[i] == 1
        elif any(v == 0 for v in row):
            assert out["part_all16"].iloc[i] == 0
        else:
            assert np.isnan(out["part_all16"].iloc[i])
        five = [values[s] for s in social]
        if any(v == 1 for v in five):
            assert out["part_any_social5"].iloc[i] == 1
        elif all(v == 0 for v in five):
            assert out["part_any_social5"].iloc[i] == 0
        else:
            assert np.isnan(out["part_any_social5"].iloc[i])
        if out["part_all16"].iloc[i] == 1:
            assert out["part_any_social5"].iloc[i] == 1
