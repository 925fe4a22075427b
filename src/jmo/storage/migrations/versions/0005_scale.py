"""The balance summary per KPJ (Cek Saldo reads one row, issue 10).

Revision ID: 0005_scale
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_scale"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Empty at first: every KPJ's summary is built by its next read or `jmo jht post`.
    op.create_table(
        "jht_balances",
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("posted_through", sa.Date(), nullable=False),
        sa.Column("yields_version", sa.String(length=16), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_jht_balances_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("participant_id", name=op.f("pk_jht_balances")),
    )


def downgrade() -> None:
    op.drop_table("jht_balances")
