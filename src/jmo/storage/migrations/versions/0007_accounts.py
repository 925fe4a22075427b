"""Issue 12: registration and "Lupa akun" flows, the in-app inbox, "Bukan saya" freezes,
the claim lock, and the account's proven phone and accepted terms.

Revision ID: 0007_accounts
Revises: 0005_data
Create Date: 2026-11-30 11:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_accounts"
down_revision = "0006_backoffice"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "account_onboardings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.String(length=10), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("state_enc", sa.Text(), nullable=False),
        sa.Column("face_passed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_account_onboardings_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_onboardings")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_account_onboardings_token_hash")),
    )
    with op.batch_alter_table("account_onboardings") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_account_onboardings_participant_id"), ["participant_id"]
        )
        batch_op.create_index(batch_op.f("ix_account_onboardings_expires_at"), ["expires_at"])

    op.create_table(
        "inbox_messages",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("event", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_inbox_messages_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_messages")),
        sa.UniqueConstraint("participant_id", "event", name="uq_inbox_messages_event"),
    )
    with op.batch_alter_table("inbox_messages") as batch_op:
        batch_op.create_index(batch_op.f("ix_inbox_messages_participant_id"), ["participant_id"])

    op.create_table(
        "account_freezes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("source", sa.String(length=60), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("frozen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lifted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lifted_by", sa.Uuid(), nullable=True),
        sa.Column("lift_note", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_account_freezes_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_freezes")),
    )
    with op.batch_alter_table("account_freezes") as batch_op:
        batch_op.create_index(batch_op.f("ix_account_freezes_participant_id"), ["participant_id"])

    op.create_table(
        "claim_locks",
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("locked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("unlock_after", sa.DateTime(timezone=True), nullable=True),
        sa.Column("challenge", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_claim_locks_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("participant_id", name=op.f("pk_claim_locks")),
    )

    with op.batch_alter_table("accounts") as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("terms_version", sa.String(length=20), nullable=True))
        batch_op.add_column(
            sa.Column("terms_accepted_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("accounts") as batch_op:
        batch_op.drop_column("terms_accepted_at")
        batch_op.drop_column("terms_version")
        batch_op.drop_column("phone")
    op.drop_table("claim_locks")
    op.drop_table("account_freezes")
    op.drop_table("inbox_messages")
    op.drop_table("account_onboardings")
