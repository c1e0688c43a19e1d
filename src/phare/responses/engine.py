"""Database engines, built by a factory (no import-time state)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import sqlalchemy as sa

DEFAULT_DB = "phare.db"
"""The default store: a SQLite file in the current folder (override with ``PHARE_DB_URL``)."""

_SCHEMA = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


def database_url(url_or_path: str | os.PathLike[str] | None = None) -> str:
    """A SQLAlchemy URL from a URL, a file path, or ``PHARE_DB_URL``, else ``phare.db``.

    A value containing ``://`` is a URL (``sqlite:///x.db``,
    ``postgresql+psycopg://user@host/db``; a bare ``postgresql://`` gets the psycopg driver);
    anything else is the path of a SQLite file.
    """
    value = url_or_path if url_or_path is not None else os.environ.get("PHARE_DB_URL", DEFAULT_DB)
    text = os.fspath(value)
    for bare in ("postgresql://", "postgres://"):
        if text.startswith(bare):  # the driver phare ships is psycopg 3
            return "postgresql+psycopg://" + text[len(bare) :]
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def make_engine(url: str, *, schema: str | None = None) -> sa.Engine:
    """A new engine for `url`.

    SQLite gets foreign keys on; PostgreSQL with `schema` gets ``search_path`` set to that
    schema on every connection (tests use one fresh schema per session).
    """
    if schema is not None and not _SCHEMA.fullmatch(schema):
        raise ValueError(f"schema: expected an SQL identifier, got {schema!r}")
    engine = sa.create_engine(url, future=True)
    if engine.dialect.name == "sqlite":

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

    elif schema is not None:

        @sa.event.listens_for(engine, "connect")
        def _search_path(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute(f'SET search_path TO "{schema}"')
            cur.close()
            dbapi_conn.commit()

    return engine
