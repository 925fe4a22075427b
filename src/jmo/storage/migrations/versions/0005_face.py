"""One borderline face attempt per person waits for an officer (issue 8 item 2): a partial
unique index. Attempts that already wait beside an older one are closed as "not_queued"
first (the oldest stays in the queue).

Revision ID: 0005_face
Revises: 0005_scale
Create Date: 2026-11-26 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_face"
down_revision = "0005_scale"
branch_labels = None
depends_on = None

OPEN_REVIEW = "decision = 'review' AND review_decision IS NULL"


def upgrade() -> None:
    op.execute(
        sa.text(
            "UPDATE biometric_attempts SET review_decision = 'not_queued' "
            "WHERE decision = 'review' AND review_decision IS NULL AND EXISTS ("
            " SELECT 1 FROM biometric_attempts AS older"
            " WHERE older.participant_id = biometric_attempts.participant_id"
            " AND older.decision = 'review' AND older.review_decision IS NULL"
            " AND (older.created_at < biometric_attempts.created_at"
            "  OR (older.created_at = biometric_attempts.created_at"
            "      AND older.id < biometric_attempts.id)))"
        )
    )
    with op.batch_alter_table("biometric_attempts", schema=None) as batch_op:
        batch_op.create_index(
            "uq_biometric_attempts_open_review",
            ["participant_id"],
            unique=True,
            sqlite_where=sa.text(OPEN_REVIEW),
            postgresql_where=sa.text(OPEN_REVIEW),
        )


def downgrade() -> None:
    with op.batch_alter_table("biometric_attempts", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_biometric_attempts_open_review",
            sqlite_where=sa.text(OPEN_REVIEW),
            postgresql_where=sa.text(OPEN_REVIEW),
        )
