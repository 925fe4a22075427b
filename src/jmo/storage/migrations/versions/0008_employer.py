"""Issue 11, the employer portal: applied correction files (by content hash) and the
signed letters (surat pengantar koreksi data).

Revision ID: 0008_employer
Revises: 0008_tracking
Create Date: 2026-11-30 14:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_employer"
down_revision = "0008_tracking"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "employer_uploads",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("npp", sa.String(length=8), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by", sa.Uuid(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("applied", sa.Integer(), nullable=False),
        sa.Column("queued", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["uploaded_by"], ["accounts.id"], name=op.f("fk_employer_uploads_uploaded_by_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_uploads")),
        sa.UniqueConstraint("npp", "content_hash", name=op.f("uq_employer_uploads_npp")),
    )
    op.create_table(
        "employer_letters",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("npp", sa.String(length=8), nullable=False),
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("change_request_id", sa.Uuid(), nullable=True),
        sa.Column("content_enc", sa.Text(), nullable=False),
        sa.Column("token", sa.String(length=200), nullable=False),
        sa.Column("issued_by", sa.Uuid(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_employer_letters_participant_id_participants"),
        ),
        sa.ForeignKeyConstraint(
            ["issued_by"], ["accounts.id"], name=op.f("fk_employer_letters_issued_by_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["change_request_id"],
            ["change_requests.id"],
            name=op.f("fk_employer_letters_change_request_id_change_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_letters")),
    )
    with op.batch_alter_table("employer_letters") as batch_op:
        batch_op.create_index(batch_op.f("ix_employer_letters_npp"), ["npp"])
        batch_op.create_index(batch_op.f("ix_employer_letters_participant_id"), ["participant_id"])
        batch_op.create_index(
            batch_op.f("ix_employer_letters_change_request_id"), ["change_request_id"]
        )


def downgrade() -> None:
    op.drop_table("employer_letters")
    op.drop_table("employer_uploads")
