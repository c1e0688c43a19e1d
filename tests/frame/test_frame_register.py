"""The shipped frame: size, keys, bands, coverage of Corsica and overseas, provenance."""

import gzip
import json
import re
from importlib import resources

import pandas as pd
import pytest

from phare.frame import (
    AGE_BANDS,
    FRAME_COLUMNS,
    SIZE_BANDS,
    load_former_codes,
    load_frame,
    load_regions,
    provenance,
    resolve_commune,
    size_band,
)

N_COMMUNES_2026 = 34_875


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return load_frame()


def test_frame_has_every_current_commune_once(frame: pd.DataFrame) -> None:
    assert len(frame) == N_COMMUNES_2026
    assert frame["commune"].is_unique
    assert frame["commune"].str.fullmatch(r"[0-9]{2}[0-9]{3}|2[AB][0-9]{3}|97[0-9]{3}").all()
    assert (frame["commune"].str.len() == 5).all()
    assert list(frame.columns) == list(FRAME_COLUMNS)


def test_size_bands_partition_the_communes_with_a_population(frame: pd.DataFrame) -> None:
    counts = frame["taille"].value_counts()
    assert set(counts.index) == {b.code for b in SIZE_BANDS}
    known = frame["population"].notna()
    assert counts.sum() == known.sum()
    assert frame.loc[~known, "taille"].isna().all()
    recomputed = frame.loc[known, "population"].map(size_band)
    assert (recomputed == frame.loc[known, "taille"]).all()


def test_every_commune_has_a_region_and_department(frame: pd.DataFrame) -> None:
    regions = load_regions()
    assert len(regions) == 18
    assert set(frame["region"]) == set(regions["region"])
    assert frame["region_nom"].notna().all()
    assert (frame["region"].str.len() == 2).all()
    assert frame["departement"].notna().all()


def test_corsica_and_overseas_are_present(frame: pd.DataFrame) -> None:
    deps = set(frame["departement"])
    assert {"2A", "2B", "971", "972", "973", "974", "976"} <= deps
    assert frame["commune"].str.startswith("2A").sum() > 100
    assert frame["commune"].str.startswith("2B").sum() > 200
    assert frame["commune"].str.startswith("97").sum() > 100
    assert (frame.loc[frame["departement"].isin(["2A", "2B"]), "region"] == "94").all()


def test_mayor_columns_hold_bands_only(frame: pd.DataFrame) -> None:
    assert set(frame["maire_sexe"].dropna()) == {"F", "M"}
    assert set(frame["maire_age"].dropna()) <= {b.code for b in AGE_BANDS}
    assert (frame["maire_sexe"].isna() == frame["maire_age"].isna()).all()
    n_mayors = int(frame["maire_sexe"].notna().sum())
    assert 34_000 < n_mayors < N_COMMUNES_2026


def test_no_personal_names_or_birth_dates_are_shipped() -> None:
    data = resources.files("phare.frame").joinpath("data")
    raw = gzip.decompress(data.joinpath("communes.csv.gz").read_bytes()).decode("utf-8")
    header = raw.split("\n", 1)[0].split(",")
    assert header == [c for c in FRAME_COLUMNS if c not in ("region_nom", "taille")]
    assert not re.search(r"\b(19|20)\d\d-\d\d-\d\d\b", raw)


def test_load_frame_returns_a_copy() -> None:
    first = load_frame()
    first.loc[:, "nom"] = "x"
    assert (load_frame()["nom"] != "x").all()


def test_every_former_code_resolves_to_a_current_commune(frame: pd.DataFrame) -> None:
    former = load_former_codes()
    assert len(former) > 1_000
    current = set(frame["commune"])
    assert former["commune"].isin(current).all()
    assert not former["code"].isin(current).any()
    for code in former["code"]:
        res = resolve_commune(code)
        assert res.status == "former"
        assert res.code in current


def test_provenance_states_sources_licences_and_counts(frame: pd.DataFrame) -> None:
    prov = provenance()
    counts = prov["counts"]
    assert counts["communes"] == len(frame)
    assert counts["communes_without_mayor"] == int(frame["maire_sexe"].isna().sum())
    assert counts["communes_without_population"] == int(frame["population"].isna().sum())
    assert counts["communes_without_shape"] >= 0
    assert counts["former_codes"] == len(load_former_codes())
    text = json.dumps(prov, ensure_ascii=False)
    assert "Licence Ouverte" in text
    assert "ADMIN EXPRESS" in text
    assert prov["reference_date_for_age"]


def test_shipped_files_match_their_recorded_checksums() -> None:
    import hashlib

    data = resources.files("phare.frame").joinpath("data")
    for name, meta in provenance()["files"].items():
        digest = hashlib.sha256(data.joinpath(name).read_bytes()).hexdigest()
        assert digest == meta["sha256"], name


@pytest.mark.parametrize(
    ("population", "band"),
    [
        (0, "t1"),
        (499, "t1"),
        (500, "t2"),
        (1_999, "t2"),
        (2_000, "t3"),
        (9_999, "t3"),
        (10_000, "t4"),
        (49_999, "t4"),
        (50_000, "t5"),
        (2_000_000, "t5"),
        (None, None),
    ],
)
def test_size_band_bounds(population: int | None, band: str | None) -> None:
    assert size_band(population) == band


def test_size_band_refuses_negative_population() -> None:
    with pytest.raises(ValueError, match="population"):
        size_band(-1)


def test_provenance_lists_agree_with_counts() -> None:
    prov = provenance()
    for key in (
        "communes_without_mayor",
        "communes_without_shape",
        "communes_without_population",
        "communes_population_summed_from_delegated",
    ):
        assert len(prov["lists"][key]) == prov["counts"][key], key
    frame = load_frame().set_index("commune")
    assert frame.loc[prov["lists"]["communes_without_mayor"], "maire_sexe"].isna().all()
