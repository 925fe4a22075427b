"""Issue 8 (data protection): the branch step of a claim routed to a branch office, and
one-time secrets kept out of stored notices (encrypted apart, wiped after delivery).

Revision ID: 0005_data
Revises: 0005_face
Create Date: 2026-11-30 09:00:00
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0005_data"
down_revision = "0005_face"
branch_labels = None
depends_on = None

# Notices that carried a one-time link or code in their text before this revision.
SECRET_KINDS = ("account.password_reset", "account.locked", "otp.phone", "otp.email")
REMOVED = "(removed at upgrade: this notice carried a one-time link or code)"
_HELD = "secrets_enc IS NOT NULL"


def upgrade() -> None:
    op.create_table(
        "claim_branch_visits",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=30), nullable=False),
        sa.Column("branch_code", sa.String(length=10), nullable=False),
        sa.Column("officer_account_id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note_enc", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_branch_visits_claim_id_claims")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_branch_visits")),
        sa.UniqueConstraint("claim_id", "seq", name=op.f("uq_claim_branch_visits_claim_id")),
    )
    with op.batch_alter_table("claim_branch_visits", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_claim_branch_visits_claim_id"), ["claim_id"], unique=False
        )

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("secrets_enc", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("secrets_expire_at", sa.DateTime(timezone=True), nullable=True)
        )
    op.create_index(
        "ix_outbox_secrets_expire_at",
        "outbox",
        ["secrets_expire_at"],
        unique=False,
        sqlite_where=sa.text(_HELD),
        postgresql_where=sa.text(_HELD),
    )
    _remove_stored_secrets()


def _remove_stored_secrets() -> None:
    """Links and codes written in clear by earlier revisions are removed from the text;
    the ones not yet sent are given up (they expire within a day anyway; the person asks
    for a new link or code)."""
    bind = op.get_bind()
    now = datetime.now(UTC)
    if bind.dialect.name == "sqlite":  # stored as naive UTC there (jmo.storage.types)
        now = now.replace(tzinfo=None)
    outbox = sa.table(
        "outbox",
        sa.column("kind", sa.String()),
        sa.column("body", sa.Text()),
        sa.column("sent_at", sa.DateTime(timezone=True)),
        sa.column("failed_at", sa.DateTime(timezone=True)),
        sa.column("last_error", sa.Text()),
    )
    secret = outbox.c.kind.in_(SECRET_KINDS)
    bind.execute(
        outbox.update()
        .where(secret, outbox.c.sent_at.is_(None), outbox.c.failed_at.is_(None))
        .values(failed_at=now, last_error="one-time secret removed at upgrade (revision 0005)")
    )
    bind.execute(outbox.update().where(secret).values(body=REMOVED))


def downgrade() -> None:
    op.drop_index(
        "ix_outbox_secrets_expire_at",
        table_name="outbox",
        sqlite_where=sa.text(_HELD),
        postgresql_where=sa.text(_HELD),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("secrets_expire_at")
        batch_op.drop_column("secrets_enc")
    with op.batch_alter_table("claim_branch_visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_branch_visits_claim_id"))
    op.drop_table("claim_branch_visits")
