"""phare.responses — intake of answers (files, DataFrames), the store, waves and exports.

Public API
----------
``read_file(path) -> RawTable``
    CSV (UTF-8 with/without BOM or Windows-1252, ``,`` ``;`` or tab), XLSX, SPSS ``.sav``,
    Stata ``.dta``: header and rows as text; whole-file problems raise `IntakeError`.
``read_dataframe(df, source=...) -> RawTable``
    The same for a DataFrame of contract-format rows.
``validate(raw, instrument=None, wave=None) -> IntakeReport``
    Checks against the instrument and the frame: accepted rows, quarantined rows with
    reasons, warnings, unknown columns. ``report.to_json()`` for machines.
``Store(url=None)``
    SQLite file (default ``phare.db`` or ``PHARE_DB_URL``) or PostgreSQL URL. ``upgrade()``,
    ``import_file(path, wave=None, who=None)``, ``save_wave(df, wave, source=...)`` (both
    return an `ImportOutcome`), ``load_wave(wave)``, ``list_waves()``, ``quarantine(wave)``,
    ``export_quarantine(wave, path)``, ``history(wave=None)``,
    ``export_wave(wave, fmt, path)``.
``write_wave(df, fmt, path, instrument)``
    The exporters (CSV, XLSX, SAV, DTA with labels), atomic.

See ``docs/intake.md`` (rules and problem codes) and ``docs/store.md`` (schema, migrations).
"""

from phare.responses.engine import database_url, make_engine
from phare.responses.errors import IntakeError, StoreError
from phare.responses.exports import EXPORT_FORMATS, write_wave
from phare.responses.raw import RawTable
from phare.responses.readers import FORMATS, read_dataframe, read_file
from phare.responses.report import AcceptedRow, IntakeReport, Problem, QuarantinedRow
from phare.responses.store import ImportOutcome, Store
from phare.responses.validation import StoredKeys, validate

__all__ = [
    "EXPORT_FORMATS",
    "FORMATS",
    "AcceptedRow",
    "ImportOutcome",
    "IntakeError",
    "IntakeReport",
    "Problem",
    "QuarantinedRow",
    "RawTable",
    "Store",
    "StoreError",
    "StoredKeys",
    "database_url",
    "make_engine",
    "read_dataframe",
    "read_file",
    "validate",
    "write_wave",
]
