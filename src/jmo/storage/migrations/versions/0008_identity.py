"""Issue 12: lifting a "Bukan saya" freeze needs the person's face check since the freeze
(the challenge in force and the pass, on the freeze); the participant's heirs (ahli waris),
name and NIK encrypted, the NIK also as a blind index.

Revision ID: 0008_identity
Revises: 0008_audit
Create Date: 2026-11-30 15:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_identity"
down_revision = "0008_audit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("account_freezes") as batch_op:
        batch_op.add_column(sa.Column("challenge", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("face_passed_at", sa.DateTime(timezone=True), nullable=True))

    op.create_table(
        "participant_heirs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("relationship", sa.String(length=20), nullable=False),
        sa.Column("full_name_enc", sa.Text(), nullable=False),
        sa.Column("nik_enc", sa.Text(), nullable=False),
        sa.Column("nik_index", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_participant_heirs_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participant_heirs")),
        sa.UniqueConstraint("participant_id", "nik_index", name="uq_participant_heirs_nik"),
    )
    with op.batch_alter_table("participant_heirs") as batch_op:
        batch_op.create_index(batch_op.f("ix_participant_heirs_participant_id"), ["participant_id"])
        batch_op.create_index(batch_op.f("ix_participant_heirs_nik_index"), ["nik_index"])


def downgrade() -> None:
    op.drop_table("participant_heirs")
    with op.batch_alter_table("account_freezes") as batch_op:
        batch_op.drop_column("face_passed_at")
        batch_op.drop_column("challenge")
