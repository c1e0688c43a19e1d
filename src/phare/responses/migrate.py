"""Running the store's Alembic migrations programmatically (no ``alembic.ini`` needed)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic.config import Config

VERSION_TABLE = "phare_alembic_version"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _config(connection: sa.Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Bring the store's schema to `revision` (``"head"``: the latest), in one transaction."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_config(conn), revision)


def downgrade(engine: sa.Engine, revision: str = "base") -> None:
    """Take the schema back to `revision` (``"base"``: no table)."""
    from alembic import command

    with engine.begin() as conn:
        command.downgrade(_config(conn), revision)


def current_revision(engine: sa.Engine) -> str | None:
    """The schema revision of the database, None when it was never migrated."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
        return ctx.get_current_revision()


def head_revision() -> str | None:
    """The latest revision shipped with this version of phare."""
    from alembic.script import ScriptDirectory

    cfg_script = ScriptDirectory(str(MIGRATIONS))
    return cfg_script.get_current_head()
