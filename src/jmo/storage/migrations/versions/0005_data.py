"""Issue 8 (data protection): the branch step of a claim routed to a branch office, and
one-time secrets kept out of stored notices (encrypted apart, wiped after delivery).

Revision ID: 0005_data
Revises: 0004
Create Date: 2026-11-30 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_data"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_branch_visits",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=30), nullable=False),
        sa.Column("branch_code", sa.String(length=10), nullable=False),
        sa.Column("officer_account_id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note_enc", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_branch_visits_claim_id_claims")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_branch_visits")),
        sa.UniqueConstraint("claim_id", "seq", name=op.f("uq_claim_branch_visits_claim_id")),
    )
    with op.batch_alter_table("claim_branch_visits", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_claim_branch_visits_claim_id"), ["claim_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("claim_branch_visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_branch_visits_claim_id"))
    op.drop_table("claim_branch_visits")
