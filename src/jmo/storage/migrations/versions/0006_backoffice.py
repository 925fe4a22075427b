"""Issue 11 (back office): staff second factor (TOTP secret, recovery codes), disabled
staff accounts, the four-eyes fields of a change request, its documents and timeline,
and work-queue assignments.

Revision ID: 0006_backoffice
Revises: 0005_data
Create Date: 2026-11-30 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_backoffice"
down_revision = "0005_data"
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("totp_secret_enc", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("totp_confirmed_at", _TZ, nullable=True))
        batch_op.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("disabled_at", _TZ, nullable=True))
    with op.batch_alter_table("change_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prepared_by", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("prepared_at", _TZ, nullable=True))
        batch_op.add_column(sa.Column("decided_by", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("decided_at", _TZ, nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_change_requests_prepared_by_accounts"),
            "accounts",
            ["prepared_by"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_change_requests_decided_by_accounts"),
            "accounts",
            ["decided_by"],
            ["id"],
        )
    op.create_table(
        "staff_recovery_codes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("used_at", _TZ, nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_staff_recovery_codes_account_id_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_recovery_codes")),
    )
    op.create_index(
        op.f("ix_staff_recovery_codes_account_id"), "staff_recovery_codes", ["account_id"]
    )
    op.create_table(
        "change_request_documents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("change_request_id", sa.Uuid(), nullable=False),
        sa.Column("document_type", sa.String(length=40), nullable=False),
        sa.Column("filename", sa.String(length=120), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=80), nullable=False),
        sa.Column("uploaded_by", sa.Uuid(), nullable=False),
        sa.Column("uploaded_at", _TZ, nullable=False),
        sa.ForeignKeyConstraint(
            ["change_request_id"],
            ["change_requests.id"],
            name=op.f("fk_change_request_documents_change_request_id_change_requests"),
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by"],
            ["accounts.id"],
            name=op.f("fk_change_request_documents_uploaded_by_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_request_documents")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_change_request_documents_storage_key")),
    )
    op.create_index(
        op.f("ix_change_request_documents_change_request_id"),
        "change_request_documents",
        ["change_request_id"],
    )
    op.create_table(
        "change_request_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("change_request_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", _TZ, nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("by_account", sa.Uuid(), nullable=False),
        sa.Column("by_role", sa.String(length=20), nullable=False),
        sa.Column("message_enc", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["change_request_id"],
            ["change_requests.id"],
            name=op.f("fk_change_request_events_change_request_id_change_requests"),
        ),
        sa.ForeignKeyConstraint(
            ["by_account"],
            ["accounts.id"],
            name=op.f("fk_change_request_events_by_account_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_request_events")),
        sa.UniqueConstraint(
            "change_request_id", "seq", name=op.f("uq_change_request_events_change_request_id")
        ),
    )
    op.create_index(
        op.f("ix_change_request_events_change_request_id"),
        "change_request_events",
        ["change_request_id"],
    )
    op.create_table(
        "work_assignments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("item_kind", sa.String(length=30), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("assigned_at", _TZ, nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_work_assignments_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_assignments")),
        sa.UniqueConstraint("item_kind", "item_id", name=op.f("uq_work_assignments_item_kind")),
    )
    op.create_index(op.f("ix_work_assignments_account_id"), "work_assignments", ["account_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_work_assignments_account_id"), table_name="work_assignments")
    op.drop_table("work_assignments")
    op.drop_index(
        op.f("ix_change_request_events_change_request_id"), table_name="change_request_events"
    )
    op.drop_table("change_request_events")
    op.drop_index(
        op.f("ix_change_request_documents_change_request_id"),
        table_name="change_request_documents",
    )
    op.drop_table("change_request_documents")
    op.drop_index(op.f("ix_staff_recovery_codes_account_id"), table_name="staff_recovery_codes")
    op.drop_table("staff_recovery_codes")
    with op.batch_alter_table("change_requests", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_change_requests_decided_by_accounts"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_change_requests_prepared_by_accounts"), type_="foreignkey"
        )
        batch_op.drop_column("decided_at")
        batch_op.drop_column("decided_by")
        batch_op.drop_column("prepared_at")
        batch_op.drop_column("prepared_by")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("disabled_at")
        batch_op.drop_column("totp_last_step")
        batch_op.drop_column("totp_confirmed_at")
        batch_op.drop_column("totp_secret_enc")
