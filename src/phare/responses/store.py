"""`Store`: the responses database (SQLite file by default, PostgreSQL by URL).

Several waves live side by side. Every write goes through intake (`validate`), in one
transaction per import, recorded in ``phare_imports`` (who, when, file hash, counts).
See ``docs/store.md``.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa

from phare.instrument import Instrument, load_instrument
from phare.responses import migrate
from phare.responses.atomic import atomic_write
from phare.responses.engine import database_url, make_engine
from phare.responses.errors import StoreError
from phare.responses.exports import EXPORT_FORMATS, write_wave
from phare.responses.raw import RawTable
from phare.responses.readers import read_dataframe, read_file
from phare.responses.report import IntakeReport
from phare.responses.schema import imports, quarantine, responses, waves
from phare.responses.validation import (
    ANNOTATION_PREFIX,
    Resolver,
    StoredKeys,
    check_wave,
    validate,
)

QUARANTINE_ID = f"{ANNOTATION_PREFIX}quarantine_id"
QUARANTINE_REASONS = f"{ANNOTATION_PREFIX}reasons"


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did.

    Attributes
    ----------
    import_id : int
        Row of ``phare_imports`` recording it.
    already_imported : bool
        True when the same file (same hash) was already imported into the wave: nothing was
        written, `report` is the one recorded then.
    report : IntakeReport
        Counts, problems, unknown columns.
    """

    import_id: int
    already_imported: bool
    report: IntakeReport


def _who(who: str | None) -> str:
    if who:
        return who[:200]
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "inconnu/unknown"


class Store:
    """The responses store.

    Parameters
    ----------
    url : str or path-like, optional
        A SQLAlchemy URL (``sqlite:///phare.db``, ``postgresql+psycopg://user@host/db``) or
        the path of a SQLite file; ``PHARE_DB_URL`` or ``phare.db`` by default.
    schema : str, optional
        PostgreSQL schema to work in (``search_path``); the default schema otherwise.
    instrument : Instrument, optional
        The questionnaire; the shipped PHARE-Institutions instrument by default.
    resolve : callable, optional
        Commune-code resolver; `phare.frame.resolve_commune` by default.

    Notes
    -----
    Create or update the tables with `upgrade` (Alembic migrations shipped in the package).
    """

    def __init__(
        self,
        url: str | os.PathLike[str] | None = None,
        *,
        schema: str | None = None,
        instrument: Instrument | None = None,
        resolve: Resolver | None = None,
    ) -> None:
        self.url = database_url(url)
        self.engine = make_engine(self.url, schema=schema)
        self._instrument = instrument
        self._resolve = resolve

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    @property
    def instrument(self) -> Instrument:
        """The questionnaire used for validation and exports."""
        if self._instrument is None:
            self._instrument = load_instrument()
        return self._instrument

    # ------------------------------------------------------------------ schema
    def upgrade(self) -> None:
        """Create or migrate the tables to the latest schema (idempotent)."""
        migrate.upgrade(self.engine)

    def schema_revision(self) -> str | None:
        """The schema revision of the database (None: never migrated)."""
        return migrate.current_revision(self.engine)

    def _require_schema(self) -> None:
        rev = self.schema_revision()
        head = migrate.head_revision()
        if rev != head:
            raise StoreError(
                f"schéma de la base {'absent' if rev is None else rev} au lieu de {head} : "
                f"lancez `phare data upgrade` ou Store.upgrade() / database schema "
                f"{'missing' if rev is None else rev} instead of {head}: run `phare data "
                "upgrade` or Store.upgrade()"
            )

    def dispose(self) -> None:
        """Close the engine's connections."""
        self.engine.dispose()

    # ------------------------------------------------------------------ intake
    def stored_keys(self, wave: str) -> StoredKeys:
        """Communes and respondent ids already stored in `wave`."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(responses.c.commune, responses.c.respondent_id).where(
                    responses.c.wave == wave
                )
            ).all()
        return StoredKeys(
            communes={c: r for c, r in rows}, respondent_ids=frozenset(r for _, r in rows)
        )

    def check(self, raw: RawTable, wave: str | None = None) -> IntakeReport:
        """Validate `raw` as an import into `wave` would, without writing anything."""
        self._require_schema()
        report = validate(raw, self.instrument, wave, resolve=self._resolve)
        keys = self.stored_keys(report.wave)
        if keys.communes:
            report = validate(raw, self.instrument, report.wave, resolve=self._resolve, stored=keys)
        return report

    def import_file(
        self, path: str | os.PathLike[str], wave: str | None = None, who: str | None = None
    ) -> ImportOutcome:
        """Read, validate and store one file, atomically; re-importing it changes nothing.

        Parameters
        ----------
        path : path-like
            CSV, XLSX, SPSS ``.sav`` or Stata ``.dta`` in the contract format.
        wave : str, optional
            Target wave; by default the single value of the file's ``wave`` column.
        who : str, optional
            Recorded in the import history; the login name by default.

        Raises
        ------
        IntakeError
            The file is refused as a whole (nothing written).
        """
        return self.import_raw(read_file(path), wave, who)

    def save_wave(
        self,
        df: pd.DataFrame,
        wave: str | None = None,
        *,
        source: str = "dataframe",
        who: str | None = None,
    ) -> ImportOutcome:
        """Store a DataFrame of contract-format rows (e.g. a simulated wave), through intake.

        Same validation, quarantine, history and idempotence as `import_file` (the hash is
        that of the DataFrame's content).
        """
        return self.import_raw(read_dataframe(df, source=source), wave, who)

    def import_raw(self, raw: RawTable, wave: str | None, who: str | None) -> ImportOutcome:
        """Validate and store a `RawTable` (the common path of files and DataFrames)."""
        self._require_schema()
        if wave is not None:
            check_wave(wave)
            done = self._previous_import(wave, raw.sha256)
            if done is not None:
                return done
        report = self.check(raw, wave)
        wave = report.wave
        done = self._previous_import(wave, raw.sha256)
        if done is not None:
            return done
        try:
            import_id = self._write(raw, report, wave, who)
        except sa.exc.IntegrityError as exc:
            raise StoreError(
                "un autre import a écrit dans la vague en même temps ; relancez l'import / "
                f"another import wrote into the wave at the same time; run the import again "
                f"({type(exc.orig).__name__})"
            ) from exc
        return ImportOutcome(import_id=import_id, already_imported=False, report=report)

    def _write(self, raw: RawTable, report: IntakeReport, wave: str, who: str | None) -> int:
        """Write one validated import in a single transaction; returns its id."""
        now = dt.datetime.now(dt.UTC)
        inst = self.instrument
        asked = [v.name for v in inst.asked_variables]
        with self.engine.begin() as conn:
            if conn.execute(sa.select(waves.c.wave).where(waves.c.wave == wave)).first() is None:
                conn.execute(
                    waves.insert().values(
                        wave=wave, created_at=now, instrument=f"{inst.id} {inst.version}"
                    )
                )
            import_id = conn.execute(
                imports.insert()
                .values(
                    wave=wave,
                    source=raw.source[:500],
                    format=raw.format,
                    sha256=raw.sha256,
                    who=_who(who),
                    at=now,
                    rows_in=report.rows_in,
                    n_accepted=report.n_accepted,
                    n_quarantined=report.n_quarantined,
                    n_warnings=len(report.warnings),
                    report=report.model_dump(mode="json"),
                )
                .returning(imports.c.id)
            ).scalar_one()
            if report.accepted:
                conn.execute(
                    responses.insert(),
                    [
                        {
                            "wave": wave,
                            "respondent_id": a.values["respondent_id"],
                            "commune": a.values["commune"],
                            "commune_input": (a.commune_input or "")[:200] or None,
                            "mode": a.values.get("mode"),
                            "answers": {
                                k: a.values[k] for k in asked if a.values.get(k) is not None
                            },
                            "extras": a.extras,
                            "import_id": import_id,
                            "source_row": a.row,
                        }
                        for a in report.accepted
                    ],
                )
            if report.quarantined:
                conn.execute(
                    quarantine.insert(),
                    [
                        {
                            "wave": wave,
                            "import_id": import_id,
                            "source_row": q.row,
                            "commune": q.commune,
                            "raw": q.raw,
                            "reasons": [p.model_dump(mode="json") for p in q.reasons],
                            "resolved_by": None,
                        }
                        for q in report.quarantined
                    ],
                )
            self._resolve_quarantine(conn, wave, import_id, report)
        return int(import_id)

    def _resolve_quarantine(
        self, conn: sa.Connection, wave: str, import_id: int, report: IntakeReport
    ) -> None:
        """Mark quarantined rows as resolved by this import: those named in a
        ``phare_quarantine_id`` column of an accepted row, and those of a commune now stored."""
        ids: set[int] = set()
        for a in report.accepted:
            qid = a.annotations.get(QUARANTINE_ID)
            if qid is not None and qid.strip().isdigit():
                ids.add(int(qid))
        communes = sorted({str(a.values["commune"]) for a in report.accepted})
        unresolved = sa.and_(quarantine.c.wave == wave, quarantine.c.resolved_by.is_(None))
        if ids:
            conn.execute(
                quarantine.update()
                .where(unresolved, quarantine.c.id.in_(sorted(ids)))
                .values(resolved_by=import_id)
            )
        for start in range(0, len(communes), 500):
            chunk = communes[start : start + 500]
            conn.execute(
                quarantine.update()
                .where(
                    unresolved,
                    quarantine.c.import_id != import_id,
                    quarantine.c.commune.in_(chunk),
                )
                .values(resolved_by=import_id)
            )

    def _previous_import(self, wave: str, sha256: str) -> ImportOutcome | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(imports.c.id, imports.c.report).where(
                    imports.c.wave == wave, imports.c.sha256 == sha256
                )
            ).first()
        if row is None:
            return None
        return ImportOutcome(
            import_id=row.id,
            already_imported=True,
            report=IntakeReport.model_validate(row.report),
        )

    # ------------------------------------------------------------------ reading
    def list_waves(self) -> pd.DataFrame:
        """One row per wave: wave, created_at, instrument, n_responses, n_quarantined
        (unresolved), n_imports."""
        self._require_schema()
        n_resp = (
            sa.select(sa.func.count()).where(responses.c.wave == waves.c.wave).scalar_subquery()
        )
        n_q = (
            sa.select(sa.func.count())
            .where(quarantine.c.wave == waves.c.wave, quarantine.c.resolved_by.is_(None))
            .scalar_subquery()
        )
        n_imp = sa.select(sa.func.count()).where(imports.c.wave == waves.c.wave).scalar_subquery()
        query = sa.select(
            waves.c.wave,
            waves.c.created_at,
            waves.c.instrument,
            n_resp.label("n_responses"),
            n_q.label("n_quarantined"),
            n_imp.label("n_imports"),
        ).order_by(waves.c.wave)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return pd.DataFrame(
            [tuple(r) for r in rows],
            columns=[
                "wave",
                "created_at",
                "instrument",
                "n_responses",
                "n_quarantined",
                "n_imports",
            ],
        )

    def _require_wave(self, conn: sa.Connection, wave: str) -> None:
        if conn.execute(sa.select(waves.c.wave).where(waves.c.wave == wave)).first() is None:
            known = [r[0] for r in conn.execute(sa.select(waves.c.wave).order_by(waves.c.wave))]
            raise StoreError(
                f"vague {wave!r} absente de la base (vagues : {known}) / wave {wave!r} not in "
                f"the store (waves: {known})"
            )

    def load_wave(self, wave: str, *, extras: bool = False) -> pd.DataFrame:
        """The stored responses of `wave` in the contract format, sorted by commune.

        Columns: ``commune``, ``wave``, ``respondent_id``, ``mode`` then every asked variable
        of the instrument in questionnaire order (codes as nullable ``Int64``, text as
        strings, empty = missing). With ``extras=True`` the unknown columns kept aside at
        intake follow, prefixed ``extra:``.
        """
        self._require_schema()
        check_wave(wave)
        with self.engine.connect() as conn:
            self._require_wave(conn, wave)
            rows = conn.execute(
                sa.select(
                    responses.c.commune,
                    responses.c.respondent_id,
                    responses.c.mode,
                    responses.c.answers,
                    responses.c.extras,
                )
                .where(responses.c.wave == wave)
                .order_by(responses.c.commune, responses.c.respondent_id)
            ).all()
        return self._frame(wave, rows, extras)

    def _frame(self, wave: str, rows: Sequence[Any], extras: bool) -> pd.DataFrame:
        inst = self.instrument
        data: dict[str, Any] = {
            "commune": pd.Series([r.commune for r in rows], dtype=str),
            "wave": pd.Series([wave] * len(rows), dtype=str),
            "respondent_id": pd.Series([r.respondent_id for r in rows], dtype=str),
            "mode": pd.Series([r.mode for r in rows], dtype=str),
        }
        for var in inst.asked_variables:
            values = [r.answers.get(var.name) for r in rows]
            if var.type in ("binary", "code", "integer"):
                data[var.name] = pd.array(values, dtype="Int64")
            else:
                data[var.name] = pd.Series(values, dtype=str)
        df = pd.DataFrame(data)
        # sorted here, not in SQL: collations differ between SQLite and PostgreSQL
        order = sorted(range(len(rows)), key=lambda i: (rows[i].commune, rows[i].respondent_id))
        df = df.iloc[order].reset_index(drop=True)
        if extras:
            names: list[str] = []
            for r in rows:
                names.extend(k for k in r.extras if k not in names)
            for name in names:
                df[f"extra:{name}"] = pd.Series(
                    [rows[i].extras.get(name) for i in order], dtype=str
                )
        return df

    def quarantine(self, wave: str, *, include_resolved: bool = False) -> pd.DataFrame:
        """Quarantined rows of `wave`: id, source file, row, commune, reasons, resolved_by,
        then every original cell (column names as in the file)."""
        self._require_schema()
        check_wave(wave)
        query = (
            sa.select(
                quarantine.c.id,
                imports.c.source,
                quarantine.c.source_row,
                quarantine.c.commune,
                quarantine.c.reasons,
                quarantine.c.resolved_by,
                quarantine.c.raw,
            )
            .join(imports, imports.c.id == quarantine.c.import_id)
            .where(quarantine.c.wave == wave)
            .order_by(quarantine.c.id)
        )
        if not include_resolved:
            query = query.where(quarantine.c.resolved_by.is_(None))
        with self.engine.connect() as conn:
            self._require_wave(conn, wave)
            rows = conn.execute(query).all()
        records = []
        raw_names: list[str] = []
        for r in rows:
            raw_names.extend(k for k in r.raw if k not in raw_names)
        for r in rows:
            rec: dict[str, Any] = {
                QUARANTINE_ID: r.id,
                "source": r.source,
                "row": r.source_row,
                "commune_resolved": r.commune,
                QUARANTINE_REASONS: " | ".join(
                    f"{p.get('column') or '-'}: {p.get('message')}" for p in r.reasons
                ),
                "resolved_by": r.resolved_by,
            }
            rec.update({k: r.raw.get(k) for k in raw_names})
            records.append(rec)
        head = [
            QUARANTINE_ID,
            "source",
            "row",
            "commune_resolved",
            QUARANTINE_REASONS,
            "resolved_by",
        ]
        return pd.DataFrame(records, columns=head + [n for n in raw_names if n not in head])

    def export_quarantine(self, wave: str, path: str | os.PathLike[str]) -> Path:
        """Write the unresolved quarantine of `wave` as a CSV to correct and re-import.

        The original columns come first, then ``phare_quarantine_id`` and ``phare_reasons``;
        re-importing the corrected file marks the quarantined rows it fixes as resolved.
        """
        q = self.quarantine(wave)
        raw_cols = [
            c
            for c in q.columns
            if c
            not in (
                "source",
                "row",
                "commune_resolved",
                "resolved_by",
                QUARANTINE_ID,
                QUARANTINE_REASONS,
            )
        ]
        out = q[raw_cols + [QUARANTINE_ID, QUARANTINE_REASONS]]
        return atomic_write(
            path, lambda tmp: out.to_csv(tmp, sep=";", index=False, encoding="utf-8-sig")
        )

    def history(self, wave: str | None = None) -> pd.DataFrame:
        """The import history: id, wave, source, format, sha256, who, at, counts."""
        self._require_schema()
        cols = [
            imports.c.id,
            imports.c.wave,
            imports.c.source,
            imports.c.format,
            imports.c.sha256,
            imports.c.who,
            imports.c.at,
            imports.c.rows_in,
            imports.c.n_accepted,
            imports.c.n_quarantined,
            imports.c.n_warnings,
        ]
        query = sa.select(*cols).order_by(imports.c.id)
        if wave is not None:
            query = query.where(imports.c.wave == wave)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return pd.DataFrame([tuple(r) for r in rows], columns=[c.name for c in cols])

    def import_report(self, import_id: int) -> IntakeReport:
        """The report recorded for import `import_id`."""
        self._require_schema()
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(imports.c.report).where(imports.c.id == import_id)).first()
        if row is None:
            raise StoreError(f"import {import_id} inconnu / unknown import {import_id}")
        return IntakeReport.model_validate(row.report)

    # ------------------------------------------------------------------ export
    def export_wave(
        self,
        wave: str,
        fmt: str,
        path: str | os.PathLike[str],
        *,
        csv_separator: str = ";",
    ) -> Path:
        """Write `wave` to `path` in `fmt` (``csv``, ``xlsx``, ``sav``, ``dta``), atomically.

        Importing the file back gives the same `load_wave` frame (tested for every format).
        """
        if fmt not in EXPORT_FORMATS:
            raise ValueError(f"fmt: expected one of {EXPORT_FORMATS}, got {fmt!r}")
        df = self.load_wave(wave)
        return write_wave(df, fmt, path, self.instrument, csv_separator=csv_separator)
