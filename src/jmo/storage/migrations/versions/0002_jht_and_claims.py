"""Cek Saldo JHT and claims: the contribution ledger per KPJ, claims with their timeline and
documents, and the NPWP validation flag.

Only new tables: nothing existing is altered, so the upgrade is safe on a live database
and the downgrade drops exactly what the upgrade made (ledger entries are re-posted from
the employments by `jmo jht post` after an upgrade again; claims and documents would be
lost, so a downgrade in production needs a backup first).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 11:03:32
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# One open claim per member and programme (a partial unique index on both engines).
OPEN_CLAIM = "status IN ('submitted', 'verified', 'approved')"


def upgrade() -> None:
    op.create_table(
        "jht_ledger_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("program", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("employer_npp", sa.String(length=8), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("employer_share", sa.BigInteger(), nullable=False),
        sa.Column("worker_share", sa.BigInteger(), nullable=False),
        sa.Column("wage", sa.BigInteger(), nullable=False),
        sa.Column("rate_bp", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_jht_ledger_entries_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jht_ledger_entries")),
        sa.UniqueConstraint(
            "participant_id",
            "program",
            "kind",
            "period",
            "employer_npp",
            "reference",
            name="uq_jht_ledger_entries_entry",
        ),
    )
    with op.batch_alter_table("jht_ledger_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_jht_ledger_entries_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "npwp_validations",
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("nik_valid", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_npwp_validations_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("participant_id", name=op.f("pk_npwp_validations")),
    )

    op.create_table(
        "claims",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("program", sa.String(length=3), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("route", sa.String(length=10), nullable=False),
        sa.Column("route_reason", sa.String(length=60), nullable=True),
        sa.Column("member_participant_id", sa.Uuid(), nullable=False),
        sa.Column("member_kpj", sa.String(length=11), nullable=False),
        sa.Column("claimant_participant_id", sa.Uuid(), nullable=False),
        sa.Column("claimant_account_id", sa.Uuid(), nullable=False),
        sa.Column("heir_relationship", sa.String(length=20), nullable=True),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("payment_mode", sa.String(length=10), nullable=False),
        sa.Column("gross", sa.BigInteger(), nullable=False),
        sa.Column("tax", sa.BigInteger(), nullable=False),
        sa.Column("tax_with_npwp", sa.BigInteger(), nullable=False),
        sa.Column("tax_without_npwp", sa.BigInteger(), nullable=False),
        sa.Column("npwp_status", sa.String(length=20), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.Column("bank_code", sa.String(length=3), nullable=False),
        sa.Column("bank_account_enc", sa.Text(), nullable=False),
        sa.Column("bank_account_holder", sa.String(length=100), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("idempotency_key", sa.String(length=100), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claimant_account_id"],
            ["accounts.id"],
            name=op.f("fk_claims_claimant_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["claimant_participant_id"],
            ["participants.id"],
            name=op.f("fk_claims_claimant_participant_id_participants"),
        ),
        sa.ForeignKeyConstraint(
            ["member_participant_id"],
            ["participants.id"],
            name=op.f("fk_claims_member_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
        sa.UniqueConstraint(
            "claimant_participant_id",
            "idempotency_key",
            name=op.f("uq_claims_claimant_participant_id"),
        ),
        sa.UniqueConstraint("number", name=op.f("uq_claims_number")),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_claims_claimant_participant_id"),
            ["claimant_participant_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_claims_member_participant_id"), ["member_participant_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_claims_status"), ["status"], unique=False)
        batch_op.create_index(
            "uq_claims_open",
            ["member_participant_id", "program"],
            unique=True,
            sqlite_where=sa.text(OPEN_CLAIM),
            postgresql_where=sa.text(OPEN_CLAIM),
        )

    op.create_table(
        "claim_documents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("document_type", sa.String(length=40), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content_enc", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_documents_claim_id_claims")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_documents")),
    )
    with op.batch_alter_table("claim_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_documents_claim_id"), ["claim_id"], unique=False)

    op.create_table(
        "claim_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_account_id", sa.Uuid(), nullable=True),
        sa.Column("actor_role", sa.String(length=20), nullable=True),
        sa.Column("reason", sa.String(length=40), nullable=True),
        sa.Column("note_enc", sa.Text(), nullable=True),
        sa.Column("gross", sa.BigInteger(), nullable=True),
        sa.Column("tax", sa.BigInteger(), nullable=True),
        sa.Column("payment_reference", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_events_claim_id_claims")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_events")),
        sa.UniqueConstraint("claim_id", "seq", name=op.f("uq_claim_events_claim_id")),
    )
    with op.batch_alter_table("claim_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_events_claim_id"), ["claim_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("claim_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_events_claim_id"))
    op.drop_table("claim_events")

    with op.batch_alter_table("claim_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_documents_claim_id"))
    op.drop_table("claim_documents")

    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_claims_open",
            sqlite_where=sa.text(OPEN_CLAIM),
            postgresql_where=sa.text(OPEN_CLAIM),
        )
        batch_op.drop_index(batch_op.f("ix_claims_status"))
        batch_op.drop_index(batch_op.f("ix_claims_member_participant_id"))
        batch_op.drop_index(batch_op.f("ix_claims_claimant_participant_id"))
    op.drop_table("claims")

    op.drop_table("npwp_validations")

    with op.batch_alter_table("jht_ledger_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jht_ledger_entries_participant_id"))
    op.drop_table("jht_ledger_entries")
