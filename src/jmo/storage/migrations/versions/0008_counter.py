"""Issue 11, the branch counter: the originals an officer saw for a walk-in change
(``change_requests.documents_seen``, a JSON list of document codes).

Revision ID: 0008_counter
Revises: 0008_identity
Create Date: 2026-11-30 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_counter"
down_revision = "0008_identity"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("change_requests", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("documents_seen", sa.JSON(), nullable=False, server_default="[]")
        )


def downgrade() -> None:
    with op.batch_alter_table("change_requests", schema=None) as batch_op:
        batch_op.drop_column("documents_seen")
