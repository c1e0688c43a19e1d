"""The store's tables (SQLAlchemy Core). The Alembic migrations in ``migrations/`` create them;
a test checks that migrations and these definitions agree.

Answers are one JSON object per response (``{variable: value}``, empty values left out),
validated against the instrument at intake: a later wave that adds questions needs no
migration (see ``docs/store.md``).
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s_%(column_1_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

waves = sa.Table(
    "phare_waves",
    metadata,
    sa.Column("wave", sa.String(32), primary_key=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("instrument", sa.String(100), nullable=False),
)

imports = sa.Table(
    "phare_imports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("wave", sa.String(32), sa.ForeignKey("phare_waves.wave"), nullable=False),
    sa.Column("source", sa.String(500), nullable=False),
    sa.Column("format", sa.String(16), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("who", sa.String(200), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("rows_in", sa.Integer, nullable=False),
    sa.Column("n_accepted", sa.Integer, nullable=False),
    sa.Column("n_quarantined", sa.Integer, nullable=False),
    sa.Column("n_warnings", sa.Integer, nullable=False),
    sa.Column("report", sa.JSON, nullable=False),
    sa.UniqueConstraint("wave", "sha256"),
)

responses = sa.Table(
    "phare_responses",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("wave", sa.String(32), sa.ForeignKey("phare_waves.wave"), nullable=False),
    sa.Column("respondent_id", sa.String(100), nullable=False),
    sa.Column("commune", sa.String(5), nullable=False, index=True),
    sa.Column("commune_input", sa.String(200), nullable=True),
    sa.Column("mode", sa.String(16), nullable=True),
    sa.Column("answers", sa.JSON, nullable=False),
    sa.Column("extras", sa.JSON, nullable=False),
    sa.Column("import_id", sa.Integer, sa.ForeignKey("phare_imports.id"), nullable=False),
    sa.Column("source_row", sa.Integer, nullable=False),
    sa.UniqueConstraint("wave", "commune"),
    sa.UniqueConstraint("wave", "respondent_id"),
)

quarantine = sa.Table(
    "phare_quarantine",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("wave", sa.String(32), sa.ForeignKey("phare_waves.wave"), nullable=False),
    sa.Column("import_id", sa.Integer, sa.ForeignKey("phare_imports.id"), nullable=False),
    sa.Column("source_row", sa.Integer, nullable=False),
    sa.Column("commune", sa.String(5), nullable=True),
    sa.Column("raw", sa.JSON, nullable=False),
    sa.Column("reasons", sa.JSON, nullable=False),
    sa.Column("resolved_by", sa.Integer, sa.ForeignKey("phare_imports.id"), nullable=True),
)
