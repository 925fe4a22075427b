"""Tables. ORM classes are ``<Thing>Row`` to keep them apart from domain objects; the
repositories map between the two. Columns ending in ``_enc`` hold AES-GCM ciphertext
(``jmo.storage.crypto``); ``_index`` columns hold keyed blind indexes for lookups.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from jmo.storage.types import UTCDateTime

# Stable constraint names, so migrations can refer to them on every engine.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[Any]: JSON}


def _uuid() -> uuid.UUID:
    return uuid.uuid4()


class EmployerRow(Base):
    __tablename__ = "employers"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    npp: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]


class ParticipantRow(Base):
    __tablename__ = "participants"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    kpj: Mapped[str] = mapped_column(String(11), unique=True)
    nik_index: Mapped[str] = mapped_column(String(64), index=True)
    nik_enc: Mapped[str] = mapped_column(Text)
    full_name: Mapped[str] = mapped_column(String(100))
    birth_place: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[date] = mapped_column(Date)
    # profile: plain columns
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    bank_code: Mapped[str | None] = mapped_column(String(3))
    bank_account_holder: Mapped[str | None] = mapped_column(String(100))
    gender: Mapped[str | None] = mapped_column(String(1))
    family_relationship: Mapped[str | None] = mapped_column(String(40))
    citizenship: Mapped[str | None] = mapped_column(String(3))
    marital_status: Mapped[str | None] = mapped_column(String(40))
    address_street: Mapped[str | None] = mapped_column(String(200))
    address_rt: Mapped[str | None] = mapped_column(String(3))
    address_rw: Mapped[str | None] = mapped_column(String(3))
    province_code: Mapped[str | None] = mapped_column(String(2))
    regency_code: Mapped[str | None] = mapped_column(String(4))
    district_code: Mapped[str | None] = mapped_column(String(6))
    village_code: Mapped[str | None] = mapped_column(String(10))
    postal_code: Mapped[str | None] = mapped_column(String(5))
    education: Mapped[str | None] = mapped_column(String(40))
    blood_type: Mapped[str | None] = mapped_column(String(10))
    religion: Mapped[str | None] = mapped_column(String(60))
    emergency_relationship: Mapped[str | None] = mapped_column(String(40))
    # profile: sensitive, encrypted
    npwp_enc: Mapped[str | None] = mapped_column(Text)
    passport_enc: Mapped[str | None] = mapped_column(Text)
    bank_account_enc: Mapped[str | None] = mapped_column(Text)
    mother_name_enc: Mapped[str | None] = mapped_column(Text)
    kk_number_enc: Mapped[str | None] = mapped_column(Text)
    emergency_name_enc: Mapped[str | None] = mapped_column(Text)
    emergency_phone_enc: Mapped[str | None] = mapped_column(Text)

    version: Mapped[int] = mapped_column(Integer)
    pengkinian_completed_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    # Optimistic concurrency: UPDATE ... WHERE version = :read_version; a lost race
    # raises StaleDataError, which the unit of work turns into a Conflict.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class EmploymentRow(Base):
    __tablename__ = "employments"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("participants.id"), index=True)
    employer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employers.id"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    monthly_wage: Mapped[int] = mapped_column(BigInteger)  # rupiah


class ReferenceFaceRow(Base):
    __tablename__ = "reference_faces"
    participant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("participants.id"), primary_key=True
    )
    descriptor_enc: Mapped[bytes] = mapped_column(LargeBinary)
    photo_enc: Mapped[bytes] = mapped_column(LargeBinary)
    model: Mapped[str] = mapped_column(String(80))
    source: Mapped[str] = mapped_column(String(40))
    enrolled_at: Mapped[datetime]


class AccountRow(Base):
    __tablename__ = "accounts"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    participant_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("participants.id"), unique=True
    )
    employer_npp: Mapped[str | None] = mapped_column(String(8))
    branch_code: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime]
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    password_changed_at: Mapped[datetime | None]
    # issue 12: the mobile number proven at registration or "Lupa akun" (E.164), and the
    # terms the person accepted when making the account
    phone: Mapped[str | None] = mapped_column(String(20))
    terms_version: Mapped[str | None] = mapped_column(String(20))
    terms_accepted_at: Mapped[datetime | None]
    # staff (revision 0006_backoffice): the TOTP secret (encrypted), last step used, disabled
    totp_secret_enc: Mapped[str | None] = mapped_column(Text)
    totp_confirmed_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    disabled_at: Mapped[datetime | None]


class SessionRow(Base):
    __tablename__ = "sessions"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    csrf_token: Mapped[str] = mapped_column(String(64))
    client_ip: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(300))
    revoked_at: Mapped[datetime | None]
    locale: Mapped[str | None] = mapped_column(String(5))


class DraftRow(Base):
    __tablename__ = "pengkinian_drafts"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("participants.id"), index=True)
    base_version: Mapped[int] = mapped_column(Integer)
    reached: Mapped[str] = mapped_column(String(20))
    entries_enc: Mapped[str] = mapped_column(Text)  # what was typed, per step (PII)
    completed: Mapped[list[Any]]
    identity_confirmed_at: Mapped[datetime | None]
    biometric_attempt_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    biometric_passed_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20))
    change_request_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}
    __table_args__ = (
        # One open draft per participant: two devices starting at once get the same one.
        Index(
            "uq_pengkinian_drafts_open",
            "participant_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
    )


class ChangeRequestRow(Base):
    __tablename__ = "change_requests"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("participants.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    channel: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), index=True)
    changes_enc: Mapped[str] = mapped_column(Text)  # [{field, old, new}] (values are PII)
    changed_fields: Mapped[list[Any]]  # field names only, for queries and reports
    base_version: Mapped[int] = mapped_column(Integer)
    submitted_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"))
    submitted_at: Mapped[datetime]
    applied_at: Mapped[datetime | None]
    consent_purpose: Mapped[str | None] = mapped_column(String(40))
    consent_terms_version: Mapped[str | None] = mapped_column(String(20))
    consent_accepted_at: Mapped[datetime | None]
    biometric_attempt_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    biometric_decision: Mapped[str | None] = mapped_column(String(10))
    biometric_distance: Mapped[float | None] = mapped_column(Float)
    biometric_model: Mapped[str | None] = mapped_column(String(80))
    idempotency_key: Mapped[str | None] = mapped_column(String(100))
    note_enc: Mapped[str | None] = mapped_column(Text)
    reported_fields: Mapped[list[Any]]
    documents_required: Mapped[list[Any]]
    # four eyes (revision 0006_backoffice)
    prepared_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("accounts.id"))
    prepared_at: Mapped[datetime | None]
    decided_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("accounts.id"))
    decided_at: Mapped[datetime | None]
    # the originals an officer saw at the counter (revision 0008_counter)
    documents_seen: Mapped[list[Any]] = mapped_column(default=list)

    __table_args__ = (UniqueConstraint("participant_id", "idempotency_key"),)


class ConsentRow(Base):
    __tablename__ = "consents"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("participants.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    terms_version: Mapped[str] = mapped_column(String(20))
    accepted_at: Mapped[datetime]
    channel: Mapped[str] = mapped_column(String(20))
    change_request_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("change_requests.id"))
    withdrawn_at: Mapped[datetime | None]


class HistoryRow(Base):
    """Every version of a participant's profile, with the change request that made it."""

    __tablename__ = "participant_history"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("participants.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    profile_enc: Mapped[str] = mapped_column(Text)
    change_request_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("change_requests.id"))
    recorded_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("participant_id", "version"),)


OPEN_REVIEW = "decision = 'review' AND review_decision IS NULL"


class BiometricAttemptRow(Base):
    __tablename__ = "biometric_attempts"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("participants.id"))
    draft_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    purpose: Mapped[str] = mapped_column(String(30))
    decision: Mapped[str] = mapped_column(String(10))
    distance: Mapped[float | None] = mapped_column(Float)
    error_code: Mapped[str | None] = mapped_column(String(60))
    checks: Mapped[list[Any]]
    model: Mapped[str] = mapped_column(String(80))
    duration_ms: Mapped[int] = mapped_column(Integer)
    client_ip: Mapped[str | None] = mapped_column(String(45))
    created_at: Mapped[datetime]
    reviewed_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    reviewed_at: Mapped[datetime | None]
    review_decision: Mapped[str | None] = mapped_column(String(10))
    review_note: Mapped[str | None] = mapped_column(String(500))

    __table_args__ = (
        Index("ix_biometric_attempts_participant_at", "participant_id", "created_at"),
        # One borderline attempt per person waits for an officer (issue 8 item 2).
        Index(
            "uq_biometric_attempts_open_review",
            "participant_id",
            unique=True,
            sqlite_where=text(OPEN_REVIEW),
            postgresql_where=text(OPEN_REVIEW),
        ),
    )


class AuditRow(Base):
    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False
    )
    at: Mapped[datetime]
    action: Mapped[str] = mapped_column(String(60))
    actor_account_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    actor_role: Mapped[str | None] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(20))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[str] = mapped_column(String(64))
    client_ip: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(300))
    details: Mapped[dict[str, Any]]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    # Every way the audit page filters ends in (at, seq), the order it reads in, so a page
    # is one index range scan (keyset pagination, repositories/audit.py ``search``).
    __table_args__ = (
        Index("ix_audit_log_subject_at", "subject_type", "subject_id", "at", "seq"),
        Index("ix_audit_log_actor_at", "actor_account_id", "at", "seq"),
        Index("ix_audit_log_action_at", "action", "at", "seq"),
        Index("ix_audit_log_at", "at", "seq"),
    )


class AuditHeadRow(Base):
    """A single row holding the chain's head. Appends lock it (SELECT ... FOR UPDATE on
    PostgreSQL), so concurrent writers extend the chain one after another."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    last_hash: Mapped[str] = mapped_column(String(64))


class OutboxRow(Base):
    __tablename__ = "outbox"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    channel: Mapped[str] = mapped_column(String(10))
    recipient: Mapped[str] = mapped_column(String(254))
    kind: Mapped[str] = mapped_column(String(60))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    idempotency_key: Mapped[str] = mapped_column(String(120), unique=True)
    participant_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # Delivery (revision 0003, docs/notifications.md): the dispatcher picks unsent rows
    # whose next_attempt_at has come, locking each while it sends.
    next_attempt_at: Mapped[datetime]
    last_attempt_at: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]
    delivered_via: Mapped[str | None] = mapped_column(String(20))
    provider_message_id: Mapped[str | None] = mapped_column(String(200))
    # One-time secrets (a reset or unlock link, a code; revision 0005): subject and body
    # hold placeholders, the values are here, encrypted, until delivered or expired.
    secrets_enc: Mapped[str | None] = mapped_column(Text)
    secrets_expire_at: Mapped[datetime | None]

    __table_args__ = (
        Index(
            "ix_outbox_due",
            "next_attempt_at",
            sqlite_where=text("sent_at IS NULL AND failed_at IS NULL"),
            postgresql_where=text("sent_at IS NULL AND failed_at IS NULL"),
        ),
        # the sweep that forgets expired secrets reads only rows that still hold one
        Index(
            "ix_outbox_secrets_expire_at",
            "secrets_expire_at",
            sqlite_where=text("secrets_enc IS NOT NULL"),
            postgresql_where=text("secrets_enc IS NOT NULL"),
        ),
    )
