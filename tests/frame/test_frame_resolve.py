"""Resolution of commune codes: current, padded, former, arrondissement, unknown."""

import pandas as pd
import pytest

from phare.frame import (
    find_communes,
    load_arrondissements,
    load_former_codes,
    resolve_commune,
    resolve_communes,
)


def test_current_code_is_accepted_without_message() -> None:
    res = resolve_commune("01001")
    assert (res.code, res.status, res.message) == ("01001", "current", "")
    assert res.resolved and not res.warning


def test_four_digit_code_is_padded_with_a_warning() -> None:
    res = resolve_commune("1001")
    assert (res.code, res.status) == ("01001", "padded")
    assert res.warning
    assert "zéro" in res.message and "leading zero" in res.message
    assert resolve_commune(1001).code == "01001"


def test_four_digit_code_that_does_not_resolve_when_padded_is_unknown() -> None:
    res = resolve_commune("0000")
    assert res.code is None and res.status == "unknown"


def test_former_code_maps_to_its_current_commune() -> None:
    row = load_former_codes().iloc[0]
    res = resolve_commune(row["code"])
    assert res.status == "former"
    assert res.code == row["commune"]
    assert row["code"] in res.message and "former code" in res.message


def test_paris_is_a_commune_but_its_arrondissements_are_not() -> None:
    assert resolve_commune("75056").status == "current"
    res = resolve_commune("75101")
    assert res.status == "arrondissement"
    assert res.code is None
    assert "arrondissement" in res.message


def test_every_arrondissement_is_refused() -> None:
    arm = load_arrondissements()
    assert len(arm) == 45
    assert set(arm["commune"]) == {"75056", "69123", "13055"}
    assert {resolve_commune(c).status for c in arm["code"]} == {"arrondissement"}


def test_postal_code_is_not_a_commune() -> None:
    res = resolve_commune("75001")
    assert res.status == "unknown"
    assert res.code is None
    assert "postal" in res.message


def test_a_code_that_is_both_postal_and_insee_is_the_commune() -> None:
    # 13001 is Marseille 1er's postal code and Aix-en-Provence's INSEE code.
    res = resolve_commune("13001")
    assert (res.code, res.status) == ("13001", "current")


@pytest.mark.parametrize("value", ["", "   ", "abc", "99999", "750560", "2C001", None])
def test_garbage_is_unknown(value: object) -> None:
    res = resolve_commune(value)
    assert res.status == "unknown"
    assert res.code is None
    assert " / " in res.message


def test_corsican_codes_resolve_case_insensitively() -> None:
    assert resolve_commune(" 2a004 ").code == "2A004"


def test_lookup_by_name_ignores_accents_and_case() -> None:
    found = find_communes("ambérieu en bugey")
    assert found.iloc[0]["commune"] == "01004"
    assert find_communes("AMBERIEU-EN-BUGEY").iloc[0]["commune"] == "01004"


def test_lookup_by_code_uses_resolution() -> None:
    assert list(find_communes("1001")["commune"]) == ["01001"]
    assert find_communes("zzzzqqq").empty


def test_bulk_resolution_matches_one_by_one() -> None:
    codes = ["01001", "1001", "75101", "75001", None, "01001", "01039"]
    table = resolve_communes(codes)
    assert len(table) == len(codes)
    for value, row in zip(codes, table.itertuples(index=False), strict=True):
        single = resolve_commune(value)
        assert row.status == single.status
        assert (None if row.code is pd.NA else row.code) == single.code


def test_chains_of_mergers_are_followed_and_cycles_refused() -> None:
    from phare.frame.resolve import _follow

    names = {"03000": "Nouvelle"}
    former = {"01000": ("02000", "Ancienne"), "02000": ("03000", "Intermédiaire")}
    assert _follow("01000", former, names) == "03000"
    assert _follow("09000", former, names) is None
    loop = {"01000": ("02000", "a"), "02000": ("01000", "b")}
    assert _follow("01000", loop, names) is None
