"""Initial store: waves, imports, responses (answers as JSON), quarantine.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "phare_waves",
        sa.Column("wave", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("instrument", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("wave", name="pk_phare_waves"),
    )
    op.create_table(
        "phare_imports",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("wave", sa.String(32), nullable=False),
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
        sa.ForeignKeyConstraint(
            ["wave"], ["phare_waves.wave"], name="fk_phare_imports_wave_phare_waves"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_phare_imports"),
        sa.UniqueConstraint("wave", "sha256", name="uq_phare_imports_wave_sha256"),
    )
    op.create_table(
        "phare_responses",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("wave", sa.String(32), nullable=False),
        sa.Column("respondent_id", sa.String(100), nullable=False),
        sa.Column("commune", sa.String(5), nullable=False),
        sa.Column("commune_input", sa.String(200), nullable=True),
        sa.Column("mode", sa.String(16), nullable=True),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("extras", sa.JSON, nullable=False),
        sa.Column("import_id", sa.Integer, nullable=False),
        sa.Column("source_row", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"], ["phare_imports.id"], name="fk_phare_responses_import_id_phare_imports"
        ),
        sa.ForeignKeyConstraint(
            ["wave"], ["phare_waves.wave"], name="fk_phare_responses_wave_phare_waves"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_phare_responses"),
        sa.UniqueConstraint("wave", "commune", name="uq_phare_responses_wave_commune"),
        sa.UniqueConstraint("wave", "respondent_id", name="uq_phare_responses_wave_respondent_id"),
    )
    op.create_index("ix_phare_responses_commune", "phare_responses", ["commune"])
    op.create_table(
        "phare_quarantine",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("wave", sa.String(32), nullable=False),
        sa.Column("import_id", sa.Integer, nullable=False),
        sa.Column("source_row", sa.Integer, nullable=False),
        sa.Column("commune", sa.String(5), nullable=True),
        sa.Column("raw", sa.JSON, nullable=False),
        sa.Column("reasons", sa.JSON, nullable=False),
        sa.Column("resolved_by", sa.Integer, nullable=True),
        sa.ForeignKeyConstraint(
            ["import_id"], ["phare_imports.id"], name="fk_phare_quarantine_import_id_phare_imports"
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by"],
            ["phare_imports.id"],
            name="fk_phare_quarantine_resolved_by_phare_imports",
        ),
        sa.ForeignKeyConstraint(
            ["wave"], ["phare_waves.wave"], name="fk_phare_quarantine_wave_phare_waves"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_phare_quarantine"),
    )


def downgrade() -> None:
    op.drop_table("phare_quarantine")
    op.drop_index("ix_phare_responses_commune", table_name="phare_responses")
    op.drop_table("phare_responses")
    op.drop_table("phare_imports")
    op.drop_table("phare_waves")
