"""Tables of Cek Saldo JHT and the claims: the contribution ledger per KPJ, claims with
their timeline and documents, and the NPWP validation flag the tax needs."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from jmo.storage.ledger_partitions import LEDGER, PARTITION_KEY
from jmo.storage.rows import Base

# The statuses in which a claim is still open: one open claim per member and programme.
OPEN_CLAIM = "status IN ('submitted', 'verified', 'approved')"


def _uuid() -> uuid.UUID:
    return uuid.uuid4()


class LedgerEntryRow(Base):
    """One line of a KPJ's account: a month's contribution, a yield credit or a withdrawal.
    Amounts are integer rupiah.

    The primary key is the natural key: posting never doubles a month, one entry per KPJ,
    programme, kind, month, employer and reference (no NULLs in the key, so the rule holds
    on every engine). No surrogate id: nothing refers to a ledger row. On PostgreSQL the
    table is hash-partitioned by participant (``jmo.storage.ledger_partitions``); the
    migrations make the partitions, the schema is never made by ``create_all``."""

    __tablename__ = LEDGER
    participant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("participants.id"), primary_key=True
    )
    program: Mapped[str] = mapped_column(String(3), primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), primary_key=True)
    period: Mapped[date] = mapped_column(Date, primary_key=True)
    employer_npp: Mapped[str] = mapped_column(String(8), primary_key=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    employer_share: Mapped[int] = mapped_column(BigInteger)
    worker_share: Mapped[int] = mapped_column(BigInteger)
    wage: Mapped[int] = mapped_column(BigInteger)
    rate_bp: Mapped[int] = mapped_column(Integer)
    # "" for contributions and year-end yields
    reference: Mapped[str] = mapped_column(String(40), primary_key=True)
    posted_at: Mapped[datetime]

    __table_args__ = {"postgresql_partition_by": f"HASH ({PARTITION_KEY})"}


class JhtBalanceRow(Base):
    """The balance summary of one KPJ (``jmo.domain.jht.summary``): what Cek Saldo reads in
    one row. Deleted in the transaction that adds a ledger entry or changes an employment of
    the KPJ; written again by the posting use case."""

    __tablename__ = "jht_balances"
    participant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("participants.id"), primary_key=True
    )
    posted_through: Mapped[date] = mapped_column(Date)  # the last closed month it includes
    yields_version: Mapped[str] = mapped_column(String(16))  # the yield table it used
    data: Mapped[str] = mapped_column(Text)  # JSON, domain.jht.summary.to_data
    updated_at: Mapped[datetime]


class ClaimRow(Base):
    __tablename__ = "claims"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    number: Mapped[str] = mapped_column(String(24), unique=True)
    program: Mapped[str] = mapped_column(String(3))
    reason: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(12), index=True)
    route: Mapped[str] = mapped_column(String(10))
    route_reason: Mapped[str | None] = mapped_column(String(60))
    member_participant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("participants.id"), index=True
    )
    member_kpj: Mapped[str] = mapped_column(String(11))
    claimant_participant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("participants.id"), index=True
    )
    claimant_account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"))
    heir_relationship: Mapped[str | None] = mapped_column(String(20))
    event_date: Mapped[date | None] = mapped_column(Date)
    details: Mapped[dict[str, Any]]
    payment_mode: Mapped[str] = mapped_column(String(10))
    gross: Mapped[int] = mapped_column(BigInteger)
    tax: Mapped[int] = mapped_column(BigInteger)
    tax_with_npwp: Mapped[int] = mapped_column(BigInteger)
    tax_without_npwp: Mapped[int] = mapped_column(BigInteger)
    npwp_status: Mapped[str] = mapped_column(String(20))
    lines: Mapped[list[Any]]
    notes: Mapped[list[Any]]
    bank_code: Mapped[str] = mapped_column(String(3))
    bank_account_enc: Mapped[str] = mapped_column(Text)
    bank_account_holder: Mapped[str] = mapped_column(String(100))
    submitted_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    idempotency_key: Mapped[str | None] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)

    # Two officers moving the same claim at once: the second is told to reload.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}
    __table_args__ = (
        UniqueConstraint("claimant_participant_id", "idempotency_key"),
        # The same claim cannot be filed twice while one is open (two devices, two heirs).
        Index(
            "uq_claims_open",
            "member_participant_id",
            "program",
            unique=True,
            sqlite_where=text(OPEN_CLAIM),
            postgresql_where=text(OPEN_CLAIM),
        ),
    )


class ClaimEventRow(Base):
    """The timeline: one row per status a claim reached, in order."""

    __tablename__ = "claim_events"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12))
    at: Mapped[datetime]
    actor_account_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    actor_role: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(40))
    note_enc: Mapped[str | None] = mapped_column(Text)  # an officer's note may name people
    gross: Mapped[int | None] = mapped_column(BigInteger)
    tax: Mapped[int | None] = mapped_column(BigInteger)
    payment_reference: Mapped[str] = mapped_column(String(60))

    __table_args__ = (UniqueConstraint("claim_id", "seq"),)


class ClaimBranchVisitRow(Base):
    """A branch step of a claim (documents seen at the counter, appointment done), by an
    officer of that branch: a branch-routed claim is paid only after one (revision 0005)."""

    __tablename__ = "claim_branch_visits"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    step: Mapped[str] = mapped_column(String(30))
    branch_code: Mapped[str] = mapped_column(String(10))
    officer_account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    at: Mapped[datetime]
    note_enc: Mapped[str | None] = mapped_column(Text)  # an officer's note may name people

    __table_args__ = (UniqueConstraint("claim_id", "seq"),)


class ClaimDocumentRow(Base):
    """An uploaded document, encrypted at rest (identity papers are personal data)."""

    __tablename__ = "claim_documents"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"), index=True)
    document_type: Mapped[str] = mapped_column(String(40))
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content_enc: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime]


class NpwpValidationRow(Base):
    """Whether DJP holds a participant's NIK as a valid NPWP (docs/domain-rules.md §4), as an
    officer recorded it; without a row the NIK-NPWP counts as not validated."""

    __tablename__ = "npwp_validations"
    participant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("participants.id"), primary_key=True
    )
    nik_valid: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(100))
    checked_at: Mapped[datetime]
    recorded_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
