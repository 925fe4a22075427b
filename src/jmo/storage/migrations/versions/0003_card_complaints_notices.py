"""Kartu Digital, Pengaduan and notice delivery: the cards issued (for revocation), complaint
tickets with their messages and attachments, and what the outbox dispatcher needs (when to
try again, when it gave up, through what it was delivered).

Existing outbox rows become due at once (next_attempt_at = created_at). The new outbox
columns are added nullable, filled, then made NOT NULL, so the upgrade works on a table with
rows on both engines. On PostgreSQL the outbox is small (sent rows can be archived), so the
brief ACCESS EXCLUSIVE lock of ALTER TABLE is acceptable; no concurrent index is needed.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 11:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_DUE = "sent_at IS NULL AND failed_at IS NULL"


def upgrade() -> None:
    op.create_table(
        "cards",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("kpj", sa.String(length=11), nullable=False),
        sa.Column("full_name", sa.String(length=100), nullable=False),
        sa.Column("programs", sa.JSON(), nullable=False),
        sa.Column("employer_name", sa.String(length=200), nullable=True),
        sa.Column("key_id", sa.String(length=40), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_through", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_reason", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_cards_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cards")),
    )
    op.create_index(
        "ix_cards_participant_issued", "cards", ["participant_id", "issued_at"], unique=False
    )

    op.create_table(
        "complaints",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("description_enc", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("paused_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("rating_comment_enc", sa.Text(), nullable=True),
        sa.Column("idempotency_key", sa.String(length=100), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["accounts.id"], name=op.f("fk_complaints_created_by_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_complaints_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaints")),
        sa.UniqueConstraint(
            "participant_id", "idempotency_key", name=op.f("uq_complaints_participant_id")
        ),
    )
    op.create_index(
        op.f("ix_complaints_participant_id"), "complaints", ["participant_id"], unique=False
    )
    op.create_index("ix_complaints_status_due", "complaints", ["status", "due_at"], unique=False)

    op.create_table(
        "complaint_messages",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("complaint_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("author_account_id", sa.Uuid(), nullable=False),
        sa.Column("author_role", sa.String(length=20), nullable=False),
        sa.Column("body_enc", sa.Text(), nullable=False),
        sa.Column("status_from", sa.String(length=30), nullable=True),
        sa.Column("status_to", sa.String(length=30), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_account_id"],
            ["accounts.id"],
            name=op.f("fk_complaint_messages_author_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_complaint_messages_complaint_id_complaints"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_messages")),
        sa.UniqueConstraint("complaint_id", "seq", name=op.f("uq_complaint_messages_complaint_id")),
    )
    op.create_index(
        op.f("ix_complaint_messages_complaint_id"),
        "complaint_messages",
        ["complaint_id"],
        unique=False,
    )

    op.create_table(
        "complaint_attachments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("complaint_id", sa.Uuid(), nullable=False),
        sa.Column("message_id", sa.Uuid(), nullable=True),
        sa.Column("filename", sa.String(length=120), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=80), nullable=False),
        sa.Column("uploaded_by", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_complaint_attachments_complaint_id_complaints"),
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["complaint_messages.id"],
            name=op.f("fk_complaint_attachments_message_id_complaint_messages"),
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by"],
            ["accounts.id"],
            name=op.f("fk_complaint_attachments_uploaded_by_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_attachments")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_complaint_attachments_storage_key")),
    )
    op.create_index(
        op.f("ix_complaint_attachments_complaint_id"),
        "complaint_attachments",
        ["complaint_id"],
        unique=False,
    )

    # --- outbox: delivery state -----------------------------------------------------------
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("delivered_via", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("provider_message_id", sa.String(length=200), nullable=True))
    # Rows written before this revision are due now (sent ones keep their sent_at).
    op.execute("UPDATE outbox SET next_attempt_at = created_at")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.alter_column(
            "next_attempt_at", existing_type=sa.DateTime(timezone=True), nullable=False
        )
    op.create_index(
        "ix_outbox_due",
        "outbox",
        ["next_attempt_at"],
        unique=False,
        sqlite_where=sa.text(_DUE),
        postgresql_where=sa.text(_DUE),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_outbox_due",
        table_name="outbox",
        sqlite_where=sa.text(_DUE),
        postgresql_where=sa.text(_DUE),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("provider_message_id")
        batch_op.drop_column("delivered_via")
        batch_op.drop_column("failed_at")
        batch_op.drop_column("last_attempt_at")
        batch_op.drop_column("next_attempt_at")

    op.drop_index(op.f("ix_complaint_attachments_complaint_id"), table_name="complaint_attachments")
    op.drop_table("complaint_attachments")
    op.drop_index(op.f("ix_complaint_messages_complaint_id"), table_name="complaint_messages")
    op.drop_table("complaint_messages")
    op.drop_index("ix_complaints_status_due", table_name="complaints")
    op.drop_index(op.f("ix_complaints_participant_id"), table_name="complaints")
    op.drop_table("complaints")
    op.drop_index("ix_cards_participant_issued", table_name="cards")
    op.drop_table("cards")
