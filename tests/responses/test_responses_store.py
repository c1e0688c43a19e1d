"""The store: migrations, idempotent and atomic imports, history, waves side by side,
quarantine correction and re-import (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from responses_factory import make_wave

from phare.responses import Store, StoreError
from phare.responses.migrate import VERSION_TABLE, downgrade, head_revision
from phare.responses.schema import imports, metadata, quarantine, responses


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_migrations_create_exactly_the_declared_schema(store: Store) -> None:
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
        diff = compare_metadata(ctx, metadata)
    assert diff == []
    assert store.schema_revision() == head_revision()
    store.upgrade()  # idempotent
    assert store.schema_revision() == head_revision()


def test_downgrade_then_upgrade(store: Store) -> None:
    downgrade(store.engine)
    assert store.schema_revision() is None
    with pytest.raises(StoreError, match="upgrade"):
        store.list_waves()
    store.upgrade()
    assert store.list_waves().empty


def test_store_without_schema_says_what_to_do(tmp_path: Path) -> None:
    s = Store(tmp_path / "new.db")
    with pytest.raises(StoreError, match="phare data upgrade"):
        s.load_wave("2026")
    s.dispose()


def test_reimport_is_idempotent_and_recorded(store: Store, tmp_path: Path) -> None:
    path = _write(tmp_path / "w.csv", "commune;innov\n01001;1\n75101;2\n01002;9\n")
    first = store.import_file(path, "2026", who="alice")
    second = store.import_file(path, "2026", who="bob")
    assert not first.already_imported and second.already_imported
    assert second.import_id == first.import_id
    assert second.report.n_quarantined == 1 and second.report.rows_in == 3
    hist = store.history()
    assert len(hist) == 1
    row = hist.iloc[0]
    assert (row["who"], row["source"], row["rows_in"], row["n_accepted"], row["n_quarantined"]) == (
        "alice",
        "w.csv",
        3,
        2,
        1,
    )
    import hashlib

    assert row["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert len(store.load_wave("2026")) == 2
    assert len(store.quarantine("2026")) == 1


def test_same_file_into_another_wave_is_a_new_import(store: Store, tmp_path: Path) -> None:
    path = _write(tmp_path / "w.csv", "commune;innov\n01001;1\n")
    a = store.import_file(path, "2017")
    b = store.import_file(path, "2026")
    assert a.import_id != b.import_id
    waves = store.list_waves()
    assert list(waves["wave"]) == ["2017", "2026"]
    assert list(waves["n_responses"]) == [1, 1]


def test_import_is_all_or_nothing(store: Store, tmp_path: Path) -> None:
    path = _write(tmp_path / "w.csv", "commune;innov\n01001;1\n01001;2\n01002;1\n")

    def fail_on_quarantine(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        if statement.lstrip().upper().startswith("INSERT INTO PHARE_QUARANTINE"):
            raise RuntimeError("disk full (simulated)")

    sa.event.listen(store.engine, "before_cursor_execute", fail_on_quarantine)
    try:
        with pytest.raises(RuntimeError, match="disk full"):
            store.import_file(path, "2026")
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", fail_on_quarantine)
    with store.engine.connect() as conn:
        for table in (imports, responses, quarantine):
            assert conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one() == 0
    assert store.list_waves().empty
    outcome = store.import_file(path, "2026")  # and it can be done again
    assert (outcome.report.n_accepted, outcome.report.n_quarantined) == (1, 2)


def test_second_answer_for_a_stored_commune_is_quarantined(store: Store, tmp_path: Path) -> None:
    store.import_file(_write(tmp_path / "a.csv", "commune;innov\n01001;1\n"), "2026")
    out = store.import_file(_write(tmp_path / "b.csv", "commune;innov\n1001;2\n01002;1\n"), "2026")
    assert out.report.n_quarantined == 1
    assert out.report.errors[0].code == "already_stored"
    wave = store.load_wave("2026")
    assert wave.set_index("commune").loc["01001", "innov"] == 1


def test_quarantine_can_be_corrected_and_reimported(store: Store, tmp_path: Path) -> None:
    store.import_file(
        _write(tmp_path / "a.csv", "commune;innov;verbatim\n01001;1;ok\n75101;2;Paris\n01002;7;\n"),
        "2026",
    )
    q = store.quarantine("2026")
    assert len(q) == 2 and set(q["commune"]) == {"75101", "01002"}
    assert q["phare_reasons"].str.contains("arrondissement").any()
    exported = store.export_quarantine("2026", tmp_path / "q.csv")
    text = exported.read_text(encoding="utf-8-sig")
    fixed = text.replace("75101;2", "75056;2").replace("01002;7", "01002;4")
    outcome = store.import_file(_write(tmp_path / "fixed.csv", fixed), "2026")
    assert (outcome.report.n_accepted, outcome.report.n_quarantined) == (2, 0)
    assert outcome.report.unknown_columns == []  # phare_* columns are annotations
    assert store.quarantine("2026").empty
    everything = store.quarantine("2026", include_resolved=True)
    assert set(everything["resolved_by"]) == {outcome.import_id}
    assert sorted(store.load_wave("2026")["commune"]) == ["01001", "01002", "75056"]


def test_unknown_columns_are_kept_aside(store: Store, tmp_path: Path) -> None:
    store.import_file(
        _write(tmp_path / "a.csv", "commune;innov;note_interne;region\n01001;1;à revoir;84\n"),
        "2026",
    )
    wave = store.load_wave("2026", extras=True)
    assert wave.loc[0, "extra:note_interne"] == "à revoir"
    assert wave.loc[0, "extra:region"] == "84"
    assert "note_interne" not in store.load_wave("2026").columns


def test_waves_side_by_side_and_unknown_wave(store: Store, instrument) -> None:  # noqa: ANN001
    a = make_wave(instrument, ["01001", "2A004"], "2017", seed=1)
    b = make_wave(instrument, ["01001", "97101", "06088"], "2026", seed=2)
    store.save_wave(a, "2017", source="a")
    store.save_wave(b, "2026", source="b")
    pd.testing.assert_frame_equal(store.load_wave("2017"), a)
    pd.testing.assert_frame_equal(store.load_wave("2026"), b)
    with pytest.raises(StoreError, match="2030"):
        store.load_wave("2030")
    with pytest.raises(ValueError, match="wave"):
        store.load_wave("20 26")


def test_wave_taken_from_the_file_when_not_given(store: Store, tmp_path: Path) -> None:
    out = store.import_file(_write(tmp_path / "a.csv", "commune,wave\n01001,2017\n"))
    assert out.report.wave == "2017"
    from phare.responses import IntakeError

    with pytest.raises(IntakeError, match="--wave"):
        store.import_file(_write(tmp_path / "b.csv", "commune\n01001\n"))


def test_database_url_from_path_and_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from phare.responses import database_url

    assert database_url(tmp_path / "x.db") == f"sqlite:///{tmp_path / 'x.db'}"
    assert database_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    monkeypatch.setenv("PHARE_DB_URL", "sqlite:///elsewhere.db")
    assert database_url() == "sqlite:///elsewhere.db"
