"""Property-based tests: no input crashes an importer; only clean `IntakeError`s or reports,
and no row is ever lost (rows in = accepted + quarantined)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phare.instrument import Instrument, load_instrument
from phare.responses import IntakeError, RawTable, read_dataframe, read_file, validate

INSTRUMENT: Instrument = load_instrument()
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

NAMES = [
    "commune",
    "wave",
    "respondent_id",
    "mode",
    "innov",
    "coco_ancree",
    "coco_savoir",
    "part_emploi",
    "verbatim",
    "role_mairie",
    "region",
    "?",
    "",
    "Commune",
]
CELL = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "01001",
            "1001",
            "2A004",
            "75101",
            "75001",
            "99999",
            "1",
            "2",
            "9",
            "1,0",
            "0",
            "=1+1",
            "Tout à fait d'accord",
            "2026",
            "2017",
            " ",
            "web",
        ]
    ),
    st.text(max_size=30),
)


def _read_bytes(data: bytes, suffix: str) -> RawTable | None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"f{suffix}"
        path.write_bytes(data)
        try:
            return read_file(path)
        except IntakeError as exc:
            assert exc.code and exc.message
            return None


def _check(raw: RawTable | None, wave: str | None = "2026") -> None:
    if raw is None:
        return
    try:
        report = validate(raw, INSTRUMENT, wave)
    except IntakeError as exc:
        assert exc.code and " / " in exc.message
        return
    assert report.rows_in == report.n_accepted + report.n_quarantined == raw.n_rows
    report.to_json()


@SETTINGS
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".xlsx", ".sav", ".dta", ""]))
def test_random_bytes_never_crash(data: bytes, suffix: str) -> None:
    _check(_read_bytes(data, suffix))


@SETTINGS
@given(
    header=st.lists(st.sampled_from(NAMES), min_size=1, max_size=6),
    rows=st.lists(st.lists(CELL, min_size=0, max_size=7), max_size=8),
    sep=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_random_csv_tables_never_crash(
    header: list[str], rows: list[list[str | None]], sep: str, encoding: str
) -> None:
    lines = [sep.join(header)]
    for row in rows:
        lines.append(sep.join("" if c is None else c for c in row))
    text = "\n".join(lines) + "\n"
    data = text.encode(encoding, errors="replace")
    _check(_read_bytes(data, ".csv"))
    _check(_read_bytes(data, ".csv"), wave=None)


@SETTINGS
@given(
    header=st.lists(st.sampled_from(NAMES), min_size=1, max_size=6, unique=True),
    rows=st.lists(st.lists(CELL, min_size=6, max_size=6), min_size=1, max_size=8),
)
def test_random_dataframes_never_crash(header: list[str], rows: list[list[str | None]]) -> None:
    df = pd.DataFrame([r[: len(header)] for r in rows], columns=header)
    try:
        raw = read_dataframe(df)
    except IntakeError:
        return
    _check(raw)


VERBATIM = st.one_of(
    st.none(),
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn"), blacklist_characters="\x00"
        ),
        min_size=1,
        max_size=60,
    )
    .map(str.strip)
    .filter(bool),
)


@settings(max_examples=8, deadline=None, derandomize=True)
@given(
    fmt=st.sampled_from(["csv", "xlsx", "sav", "dta"]),
    verbatims=st.lists(VERBATIM, min_size=3, max_size=3),
    innov=st.lists(st.sampled_from([None, 1, 2, 3, 4, 9]), min_size=3, max_size=3),
)
def test_any_stored_wave_round_trips_through_every_format(
    fmt: str, verbatims: list[str | None], innov: list[int | None]
) -> None:
    from responses_factory import make_wave

    from phare.responses import Store

    df = make_wave(INSTRUMENT, ["01001", "2A004", "97101"], "2026", seed=5)
    df["verbatim"] = pd.Series(verbatims, dtype=str)
    df["innov"] = pd.array(innov, dtype="Int64")
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Store(Path(tmp) / "a.db"), Store(Path(tmp) / "b.db")
        a.upgrade()
        b.upgrade()
        assert a.save_wave(df, "2026").report.n_quarantined == 0
        out = a.export_wave("2026", fmt, Path(tmp) / f"w.{fmt}")
        b.import_file(out, "2026")
        pd.testing.assert_frame_equal(b.load_wave("2026"), a.load_wave("2026"))
        pd.testing.assert_frame_equal(a.load_wave("2026"), df)
        a.dispose()
        b.dispose()
