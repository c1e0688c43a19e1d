"""Fixtures of the responses tests: stores on SQLite and PostgreSQL, a reference wave.

PostgreSQL tests read ``PHARE_TEST_POSTGRES_URL`` (e.g.
``postgresql+psycopg://postgres@127.0.0.1:5432/test``); without it they skip and say how to
enable them; with ``PHARE_REQUIRE_POSTGRES=1`` an unreachable server fails the run. Each test
gets its own fresh schema, dropped afterwards, so runs are independent.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from responses_factory import make_wave

from phare.frame import load_frame
from phare.instrument import Instrument, load_instrument
from phare.responses import Store

PG_ENV = "PHARE_TEST_POSTGRES_URL"
HOW_TO = (
    f"PostgreSQL store tests skipped: set {PG_ENV}="
    "postgresql+psycopg://postgres@127.0.0.1:5432/test to run them "
    "(PHARE_REQUIRE_POSTGRES=1 makes an unreachable server a failure)"
)


@pytest.fixture(scope="session")
def instrument() -> Instrument:
    return load_instrument()


@pytest.fixture(scope="session")
def pg_engine() -> Iterator[sa.Engine]:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(HOW_TO)
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
    except Exception as exc:  # the server is down or refuses us
        engine.dispose()
        message = f"PostgreSQL at {PG_ENV} unreachable: {exc}"
        if os.environ.get("PHARE_REQUIRE_POSTGRES") == "1":
            pytest.fail(message)
        pytest.skip(message + "; " + HOW_TO)
    yield engine
    engine.dispose()


def _pg_store(pg_engine: sa.Engine) -> Iterator[Store]:
    schema = f"phare_test_{uuid.uuid4().hex[:12]}"
    with pg_engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    store = Store(pg_engine.url.render_as_string(hide_password=False), schema=schema)
    try:
        yield store
    finally:
        store.dispose()
        with pg_engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path) -> Iterator[Store]:
    """An upgraded, empty store, once on a SQLite file and once on PostgreSQL."""
    if request.param == "sqlite":
        s = Store(tmp_path / "phare.db")
        s.upgrade()
        yield s
        s.dispose()
    else:
        gen = _pg_store(request.getfixturevalue("pg_engine"))
        s = next(gen)
        s.upgrade()
        yield s
        gen.close()


@pytest.fixture
def sqlite_store(tmp_path) -> Iterator[Store]:
    s = Store(tmp_path / "phare.db")
    s.upgrade()
    yield s
    s.dispose()


@pytest.fixture(scope="session")
def frame() -> pd.DataFrame:
    return load_frame()


@pytest.fixture(scope="session")
def reference_wave(instrument: Instrument, frame: pd.DataFrame) -> pd.DataFrame:
    """40 communes of the frame (Corsica, overseas and leading-zero codes included)."""
    rng = np.random.default_rng(2017)
    picked = list(rng.choice(frame["commune"].to_numpy(), size=34, replace=False))
    picked += ["01001", "2A004", "2B033", "97101", "75056", "06088"]
    picked = sorted(set(picked))
    return make_wave(instrument, picked, "2026", seed=7)
