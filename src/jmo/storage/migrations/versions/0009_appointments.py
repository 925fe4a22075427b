"""Issue 11: appointments at a branch office (janji temu).

Revision ID: 0009_appointments
Revises: 0008_employer
Create Date: 2026-11-30 14:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_appointments"
down_revision = "0008_employer"
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "appointments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.String(length=30), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=True),
        sa.Column("branch_code", sa.String(length=10), nullable=False),
        sa.Column("starts_at", _TZ, nullable=False),
        sa.Column("seat", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_by", sa.Uuid(), nullable=True),
        sa.Column("reschedules", sa.Integer(), nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("updated_at", _TZ, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_appointments_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointments")),
        sa.UniqueConstraint("code", name=op.f("uq_appointments_code")),
        sa.UniqueConstraint("branch_code", "starts_at", "seat", name="uq_appointments_seat"),
    )
    op.create_index(op.f("ix_appointments_participant_id"), "appointments", ["participant_id"])
    op.create_index(op.f("ix_appointments_subject_id"), "appointments", ["subject_id"])
    op.create_index("ix_appointments_branch_starts", "appointments", ["branch_code", "starts_at"])


def downgrade() -> None:
    op.drop_index("ix_appointments_branch_starts", table_name="appointments")
    op.drop_index(op.f("ix_appointments_subject_id"), table_name="appointments")
    op.drop_index(op.f("ix_appointments_participant_id"), table_name="appointments")
    op.drop_table("appointments")
