"""A change request: any change to a participant's data, from any channel, with the
field-level diff, who asked, the consent and the biometric result behind it.

Today the app channel applies a pengkinian at once (the person proved presence with a
selfie and consented); identity corrections wait for documents at a branch. The statuses
and ``channel`` leave room for officer and employer portals with four-eyes approval.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from jmo.domain.input_rules import Text
from jmo.domain.participant import FieldChange


class Channel(StrEnum):
    APP = "app"
    BRANCH = "branch"
    EMPLOYER = "employer"


class ChangeKind(StrEnum):
    PENGKINIAN = "pengkinian"  # the participant's own data update (steps 7-9)
    # NIK, name, birth data, and the other fields the app may not change (the field
    # policy): worked by an officer from documents
    IDENTITY_CORRECTION = "identity_correction"
    KPJ_MERGE = "kpj_merge"  # several KPJ under one NIK into one (Cek Saldo JHT)
    # At the branch counter, each waiting for a second person (four eyes):
    REFERENCE_PHOTO = "reference_photo"  # a reference photo enrolled by an officer
    BANK_CHANGE = "bank_change"  # a payout account change the risk rules flagged


class ChangeStatus(StrEnum):
    APPLIED = "applied"
    NEEDS_DOCUMENTS = "needs_documents"
    PENDING_REVIEW = "pending_review"
    AWAITING_APPROVAL = "awaiting_approval"  # prepared by an officer, for a supervisor
    REJECTED = "rejected"
    CANCELLED = "cancelled"


# A request still waiting for someone (the participant's documents or an officer).
OPEN_STATUSES = frozenset(
    {ChangeStatus.PENDING_REVIEW, ChangeStatus.NEEDS_DOCUMENTS, ChangeStatus.AWAITING_APPROVAL}
)


class DocumentType(StrEnum):
    KARTU_KELUARGA = "kartu_keluarga"
    E_KTP = "e_ktp"
    COMPANY_CORRECTION_LETTER = "company_correction_letter"  # surat pengantar koreksi data
    RESIGNATION_LETTER = "resignation_letter"  # surat keterangan resign / tidak bekerja
    # Originals an officer sees at the counter (walk-in, docs/back-office.md):
    BANK_BOOK = "bank_book"  # buku tabungan: the account number and the holder's name
    NPWP_CARD = "npwp_card"  # kartu NPWP
    PASSPORT = "passport"  # paspor


# The type named with a document a participant sends for a request (which of them a given
# request asks for is in its ``documents_required``).
DOCUMENT_TYPE = Text(
    max_length=max(len(d.value) for d in DocumentType), choices=tuple(d.value for d in DocumentType)
)

# The identity fields a participant can report as wrong (step 5).
IDENTITY_FIELDS: tuple[str, ...] = ("nik", "kpj", "full_name", "birth_place", "birth_date")
# Step 5, "the data is wrong": the note (which fields: ``policy.REPORTED_FIELDS``).
REPORT_NOTE = Text(max_length=500)


@dataclass(frozen=True)
class Consent:
    purpose: str  # "pengkinian_terms"
    terms_version: str
    accepted_at: datetime
    channel: Channel


@dataclass(frozen=True)
class BiometricSummary:
    attempt_id: UUID
    decision: str
    distance: float | None
    model: str


@dataclass
class ChangeRequest:
    id: UUID
    participant_id: UUID
    kind: ChangeKind
    channel: Channel
    status: ChangeStatus
    changes: tuple[FieldChange, ...]
    base_version: int
    submitted_by: UUID  # account id
    submitted_at: datetime
    applied_at: datetime | None = None
    consent: Consent | None = None
    biometric: BiometricSummary | None = None
    idempotency_key: str | None = None
    note: str = ""
    reported_fields: tuple[str, ...] = ()
    documents_required: tuple[DocumentType, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)
    # At the branch counter: the originals the officer saw (revision 0008_counter).
    documents_seen: tuple[DocumentType, ...] = ()
    # Back office (four eyes): who prepared the correction, who decided it.
    prepared_by: UUID | None = None
    prepared_at: datetime | None = None
    decided_by: UUID | None = None
    decided_at: datetime | None = None

    @property
    def changed_fields(self) -> tuple[str, ...]:
        return tuple(c.field for c in self.changes)

    @property
    def reference(self) -> str:
        """What people read out on the phone: the first 8 hex digits of the id."""
        return self.id.hex[:8].upper()
