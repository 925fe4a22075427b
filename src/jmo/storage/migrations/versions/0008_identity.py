"""Issue 12: lifting a "Bukan saya" freeze needs the person's face check since the freeze
(the challenge in force and the pass, on the freeze).

Revision ID: 0008_identity
Revises: 0007_accounts
Create Date: 2026-11-30 15:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_identity"
down_revision = "0007_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("account_freezes") as batch_op:
        batch_op.add_column(sa.Column("challenge", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("face_passed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("account_freezes") as batch_op:
        batch_op.drop_column("face_passed_at")
        batch_op.drop_column("challenge")
