"""The audit page's indexes (issue 11, Audit): each filter (participant, staff member,
action, time alone) gets an index ending in (at, seq), the order the page reads in, so a
page is one index range scan whatever the log's size (keyset pagination, no OFFSET). They
replace the two that ended at the filter column.

Revision ID: 0008_audit
Revises: 0007_accounts
Create Date: 2026-11-30 14:50:00
"""

from __future__ import annotations

from alembic import op

revision = "0008_audit"
down_revision = "0007_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as batch_op:
        batch_op.drop_index("ix_audit_log_subject")
        batch_op.drop_index("ix_audit_log_action")
        batch_op.create_index(
            "ix_audit_log_subject_at", ["subject_type", "subject_id", "at", "seq"]
        )
        batch_op.create_index("ix_audit_log_actor_at", ["actor_account_id", "at", "seq"])
        batch_op.create_index("ix_audit_log_action_at", ["action", "at", "seq"])
        batch_op.create_index("ix_audit_log_at", ["at", "seq"])


def downgrade() -> None:
    with op.batch_alter_table("audit_log") as batch_op:
        batch_op.drop_index("ix_audit_log_at")
        batch_op.drop_index("ix_audit_log_action_at")
        batch_op.drop_index("ix_audit_log_actor_at")
        batch_op.drop_index("ix_audit_log_subject_at")
        batch_op.create_index("ix_audit_log_action", ["action"])
        batch_op.create_index("ix_audit_log_subject", ["subject_type", "subject_id"])
