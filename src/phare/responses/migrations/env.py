"""Alembic environment of the responses store.

Run through `phare.responses.migrate.upgrade` (or ``Store.upgrade()``), which passes an open
connection in ``config.attributes["connection"]``; no ``alembic.ini`` is needed.
"""

from __future__ import annotations

from alembic import context

from phare.responses.migrate import VERSION_TABLE
from phare.responses.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "run the migrations with phare.responses.Store(url).upgrade() or `phare data upgrade`"
    )
context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
