"""Initial schema: participants, accounts, sessions, pengkinian drafts, change requests,
history, consents, biometric attempts, the hash-chained audit log and the notice outbox.

Revision ID: 0001
Revises:
Create Date: 2026-11-25 10:13:47.522132
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    op.create_table(
        "audit_log",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("actor_account_id", sa.Uuid(), nullable=True),
        sa.Column("actor_role", sa.String(length=20), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("subject_type", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.String(length=64), nullable=False),
        sa.Column("client_ip", sa.String(length=45), nullable=True),
        sa.Column("user_agent", sa.String(length=300), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_action"), ["action"], unique=False)
        batch_op.create_index("ix_audit_log_subject", ["subject_type", "subject_id"], unique=False)

    op.create_table(
        "employers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("npp", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employers")),
        sa.UniqueConstraint("npp", name=op.f("uq_employers_npp")),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=120), nullable=False),
        sa.Column("participant_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_outbox_idempotency_key")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outbox_participant_id"), ["participant_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_outbox_sent_at"), ["sent_at"], unique=False)

    op.create_table(
        "participants",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kpj", sa.String(length=11), nullable=False),
        sa.Column("nik_index", sa.String(length=64), nullable=False),
        sa.Column("nik_enc", sa.Text(), nullable=False),
        sa.Column("full_name", sa.String(length=100), nullable=False),
        sa.Column("birth_place", sa.String(length=100), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("bank_code", sa.String(length=3), nullable=True),
        sa.Column("bank_account_holder", sa.String(length=100), nullable=True),
        sa.Column("gender", sa.String(length=1), nullable=True),
        sa.Column("family_relationship", sa.String(length=40), nullable=True),
        sa.Column("citizenship", sa.String(length=3), nullable=True),
        sa.Column("marital_status", sa.String(length=40), nullable=True),
        sa.Column("address_street", sa.String(length=200), nullable=True),
        sa.Column("address_rt", sa.String(length=3), nullable=True),
        sa.Column("address_rw", sa.String(length=3), nullable=True),
        sa.Column("province_code", sa.String(length=2), nullable=True),
        sa.Column("regency_code", sa.String(length=4), nullable=True),
        sa.Column("district_code", sa.String(length=6), nullable=True),
        sa.Column("village_code", sa.String(length=10), nullable=True),
        sa.Column("postal_code", sa.String(length=5), nullable=True),
        sa.Column("education", sa.String(length=40), nullable=True),
        sa.Column("blood_type", sa.String(length=10), nullable=True),
        sa.Column("religion", sa.String(length=60), nullable=True),
        sa.Column("emergency_relationship", sa.String(length=40), nullable=True),
        sa.Column("npwp_enc", sa.Text(), nullable=True),
        sa.Column("passport_enc", sa.Text(), nullable=True),
        sa.Column("bank_account_enc", sa.Text(), nullable=True),
        sa.Column("mother_name_enc", sa.Text(), nullable=True),
        sa.Column("kk_number_enc", sa.Text(), nullable=True),
        sa.Column("emergency_name_enc", sa.Text(), nullable=True),
        sa.Column("emergency_phone_enc", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("pengkinian_completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participants")),
        sa.UniqueConstraint("kpj", name=op.f("uq_participants_kpj")),
    )
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_participants_nik_index"), ["nik_index"], unique=False)

    op.create_table(
        "accounts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("participant_id", sa.Uuid(), nullable=True),
        sa.Column("employer_npp", sa.String(length=8), nullable=True),
        sa.Column("branch_code", sa.String(length=10), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_accounts_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("email", name=op.f("uq_accounts_email")),
        sa.UniqueConstraint("participant_id", name=op.f("uq_accounts_participant_id")),
    )
    op.create_table(
        "biometric_attempts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("draft_id", sa.Uuid(), nullable=True),
        sa.Column("purpose", sa.String(length=30), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("distance", sa.Float(), nullable=True),
        sa.Column("error_code", sa.String(length=60), nullable=True),
        sa.Column("checks", sa.JSON(), nullable=False),
        sa.Column("model", sa.String(length=80), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("client_ip", sa.String(length=45), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_biometric_attempts_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_biometric_attempts")),
    )
    with op.batch_alter_table("biometric_attempts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_biometric_attempts_participant_at", ["participant_id", "created_at"], unique=False
        )

    op.create_table(
        "employments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("employer_id", sa.Uuid(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("monthly_wage", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["employer_id"], ["employers.id"], name=op.f("fk_employments_employer_id_employers")
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_employments_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employments")),
    )
    with op.batch_alter_table("employments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_employments_employer_id"), ["employer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_employments_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "pengkinian_drafts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("reached", sa.String(length=20), nullable=False),
        sa.Column("entries_enc", sa.Text(), nullable=False),
        sa.Column("completed", sa.JSON(), nullable=False),
        sa.Column("identity_confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("biometric_attempt_id", sa.Uuid(), nullable=True),
        sa.Column("biometric_passed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("change_request_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_pengkinian_drafts_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pengkinian_drafts")),
    )
    with op.batch_alter_table("pengkinian_drafts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pengkinian_drafts_participant_id"), ["participant_id"], unique=False
        )
        batch_op.create_index(
            "uq_pengkinian_drafts_open",
            ["participant_id"],
            unique=True,
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )

    op.create_table(
        "reference_faces",
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("descriptor_enc", sa.LargeBinary(), nullable=False),
        sa.Column("photo_enc", sa.LargeBinary(), nullable=False),
        sa.Column("model", sa.String(length=80), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_reference_faces_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("participant_id", name=op.f("pk_reference_faces")),
    )
    op.create_table(
        "change_requests",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("changes_enc", sa.Text(), nullable=False),
        sa.Column("changed_fields", sa.JSON(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("submitted_by", sa.Uuid(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("consent_purpose", sa.String(length=40), nullable=True),
        sa.Column("consent_terms_version", sa.String(length=20), nullable=True),
        sa.Column("consent_accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("biometric_attempt_id", sa.Uuid(), nullable=True),
        sa.Column("biometric_decision", sa.String(length=10), nullable=True),
        sa.Column("biometric_distance", sa.Float(), nullable=True),
        sa.Column("biometric_model", sa.String(length=80), nullable=True),
        sa.Column("idempotency_key", sa.String(length=100), nullable=True),
        sa.Column("note_enc", sa.Text(), nullable=True),
        sa.Column("reported_fields", sa.JSON(), nullable=False),
        sa.Column("documents_required", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_change_requests_participant_id_participants"),
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by"], ["accounts.id"], name=op.f("fk_change_requests_submitted_by_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_requests")),
        sa.UniqueConstraint(
            "participant_id", "idempotency_key", name=op.f("uq_change_requests_participant_id")
        ),
    )
    with op.batch_alter_table("change_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_change_requests_participant_id"), ["participant_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_change_requests_status"), ["status"], unique=False)

    op.create_table(
        "sessions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("client_ip", sa.String(length=45), nullable=True),
        sa.Column("user_agent", sa.String(length=300), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("locale", sa.String(length=5), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_sessions_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_sessions_token_hash")),
    )
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sessions_account_id"), ["account_id"], unique=False)

    op.create_table(
        "consents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("terms_version", sa.String(length=20), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("change_request_id", sa.Uuid(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["change_request_id"],
            ["change_requests.id"],
            name=op.f("fk_consents_change_request_id_change_requests"),
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_consents_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consents_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "participant_history",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("participant_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("profile_enc", sa.Text(), nullable=False),
        sa.Column("change_request_id", sa.Uuid(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["change_request_id"],
            ["change_requests.id"],
            name=op.f("fk_participant_history_change_request_id_change_requests"),
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_participant_history_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participant_history")),
        sa.UniqueConstraint(
            "participant_id", "version", name=op.f("uq_participant_history_participant_id")
        ),
    )
    with op.batch_alter_table("participant_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_participant_history_participant_id"), ["participant_id"], unique=False
        )

    # The audit chain starts from a fixed genesis hash (jmo.domain.audit.GENESIS_HASH).
    op.bulk_insert(
        sa.table("audit_head", sa.column("id"), sa.column("last_seq"), sa.column("last_hash")),
        [{"id": 1, "last_seq": 0, "last_hash": "0" * 64}],
    )


def downgrade() -> None:
    with op.batch_alter_table("participant_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participant_history_participant_id"))

    op.drop_table("participant_history")
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consents_participant_id"))

    op.drop_table("consents")
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sessions_account_id"))

    op.drop_table("sessions")
    with op.batch_alter_table("change_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_requests_status"))
        batch_op.drop_index(batch_op.f("ix_change_requests_participant_id"))

    op.drop_table("change_requests")
    op.drop_table("reference_faces")
    with op.batch_alter_table("pengkinian_drafts", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_pengkinian_drafts_open",
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )
        batch_op.drop_index(batch_op.f("ix_pengkinian_drafts_participant_id"))

    op.drop_table("pengkinian_drafts")
    with op.batch_alter_table("employments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_employments_participant_id"))
        batch_op.drop_index(batch_op.f("ix_employments_employer_id"))

    op.drop_table("employments")
    with op.batch_alter_table("biometric_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_biometric_attempts_participant_at")

    op.drop_table("biometric_attempts")
    op.drop_table("accounts")
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participants_nik_index"))

    op.drop_table("participants")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_sent_at"))
        batch_op.drop_index(batch_op.f("ix_outbox_participant_id"))

    op.drop_table("outbox")
    op.drop_table("employers")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_subject")
        batch_op.drop_index(batch_op.f("ix_audit_log_action"))

    op.drop_table("audit_log")
    op.drop_table("audit_head")
