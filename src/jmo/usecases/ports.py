"""The contracts the use cases need. Implementations live in ``jmo.storage``,
``jmo.adapters`` and ``jmo.biometrics``; ``jmo.bootstrap`` picks them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import TracebackType
from typing import Protocol, Self
from uuid import UUID

from jmo.domain.accounts import Account, Session
from jmo.domain.audit import AuditEntry
from jmo.domain.biometric import FaceEnrollment, FaceMatch
from jmo.domain.biometric_attempt import BiometricAttempt
from jmo.domain.claims.model import Claim, ClaimStatus
from jmo.domain.identifiers.region import RegionDirectory
from jmo.domain.jht.balance import Statement
from jmo.domain.jht.ledger import LedgerEntry
from jmo.domain.jht.yields import YieldRate, YieldTable
from jmo.domain.notices import Notice
from jmo.domain.participant import Participant, Profile
from jmo.domain.pengkinian.change_request import ChangeRequest
from jmo.domain.pengkinian.draft import PengkinianDraft
from jmo.domain.time import Clock


class AccountRepository(Protocol):
    def get(self, account_id: UUID) -> Account | None: ...
    def get_by_email(self, email: str) -> Account | None: ...
    def for_participant(self, participant_id: UUID) -> Account | None: ...
    def add(self, account: Account) -> None: ...
    def save(self, account: Account) -> None: ...


class SessionRepository(Protocol):
    def add(self, session: Session) -> None: ...
    def get_by_token_hash(self, token_hash: str) -> Session | None: ...
    def touch(self, session_id: UUID, at: datetime) -> None: ...
    def revoke(self, session_id: UUID, at: datetime) -> None: ...
    def revoke_all(self, account_id: UUID, at: datetime) -> int: ...
    def set_locale(self, session_id: UUID, locale: str) -> None: ...


@dataclass(frozen=True)
class Employer:
    npp: str
    name: str


class EmployerRepository(Protocol):
    def get_by_npp(self, npp: str) -> Employer | None: ...
    def add(self, employer: Employer, at: datetime) -> None: ...


@dataclass(frozen=True)
class Employment:
    employer_npp: str
    employer_name: str
    start_date: date
    end_date: date | None
    monthly_wage: int  # rupiah


@dataclass(frozen=True)
class ReferenceFace:
    participant_id: UUID
    descriptor: bytes
    photo_jpeg: bytes
    model: str
    enrolled_at: datetime
    source: str


@dataclass(frozen=True)
class HistoryVersion:
    participant_id: UUID
    version: int
    profile: Profile
    change_request_id: UUID | None
    recorded_at: datetime


class ParticipantRepository(Protocol):
    def get(self, participant_id: UUID) -> Participant | None: ...
    def get_by_kpj(self, kpj: str) -> Participant | None: ...
    def find_by_nik(self, nik: str) -> list[Participant]: ...
    def add(self, participant: Participant) -> None: ...
    def save(self, participant: Participant) -> None:
        """Write back; raises Conflict when another writer changed it since it was read."""

    def count(self) -> int: ...
    def employments(self, participant_id: UUID) -> list[Employment]: ...
    def add_employment(self, participant_id: UUID, employment: Employment) -> None: ...
    def reference_face(self, participant_id: UUID) -> ReferenceFace | None: ...
    def set_reference_face(self, face: ReferenceFace) -> None: ...
    def add_history(self, version: HistoryVersion) -> None: ...
    def history(self, participant_id: UUID) -> list[HistoryVersion]: ...


class DraftRepository(Protocol):
    def open_for(self, participant_id: UUID) -> PengkinianDraft | None: ...
    def latest_for(self, participant_id: UUID) -> PengkinianDraft | None: ...
    def add(self, draft: PengkinianDraft) -> None: ...
    def save(self, draft: PengkinianDraft) -> None: ...


class ChangeRequestRepository(Protocol):
    def get(self, request_id: UUID) -> ChangeRequest | None: ...
    def by_idempotency_key(self, participant_id: UUID, key: str) -> ChangeRequest | None: ...
    def for_participant(self, participant_id: UUID) -> list[ChangeRequest]: ...
    def add(self, request: ChangeRequest) -> None: ...


class BiometricAttemptRepository(Protocol):
    def add(self, attempt: BiometricAttempt) -> None: ...
    def get(self, attempt_id: UUID) -> BiometricAttempt | None: ...
    def for_participant(self, participant_id: UUID, since: datetime) -> list[BiometricAttempt]: ...


class AuditLog(Protocol):
    def append(self, entry: AuditEntry) -> None: ...
    def for_subjects(self, subjects: Sequence[tuple[str, str]]) -> list[AuditEntry]: ...


class Outbox(Protocol):
    def add(self, notice: Notice) -> None: ...
    def latest(self, limit: int) -> list[Notice]: ...


class LedgerRepository(Protocol):
    """A KPJ's contribution ledger (``jmo.domain.jht.ledger``)."""

    def entries(self, participant_id: UUID) -> list[LedgerEntry]: ...
    def add(self, participant_id: UUID, entries: Sequence[LedgerEntry], at: datetime) -> None: ...
    def participants_with_employment(self) -> list[UUID]:
        """Everyone whose ledger a posting run should look at."""


class ClaimRepository(Protocol):
    def get(self, claim_id: UUID) -> Claim | None: ...
    def get_by_number(self, number: str) -> Claim | None: ...
    def for_claimant(self, participant_id: UUID) -> list[Claim]: ...
    def for_member(self, participant_id: UUID) -> list[Claim]: ...
    def by_idempotency_key(self, claimant_id: UUID, key: str) -> Claim | None: ...
    def listing(self, status: ClaimStatus | None, limit: int) -> list[Claim]: ...
    def add(self, claim: Claim, contents: dict[UUID, bytes]) -> None:
        """A new claim with its first event and its documents' bytes (by document id)."""

    def save(self, claim: Claim) -> None:
        """Status, amounts and new events; raises Conflict when another writer moved it."""

    def document(self, claim_id: UUID, document_id: UUID) -> tuple[str, str, bytes] | None:
        """(filename, content type, bytes) of one of the claim's documents."""


class NpwpValidationRepository(Protocol):
    def nik_marked_valid(self, participant_id: UUID) -> bool: ...
    def record(
        self,
        participant_id: UUID,
        *,
        nik_valid: bool,
        source: str,
        at: datetime,
        recorded_by: UUID | None,
    ) -> None: ...


class StatementRenderer(Protocol):
    """Turns a yearly JHT statement into a document (PDF) in a language."""

    def render(self, statement: StatementDocument, locale: str) -> bytes: ...


@dataclass(frozen=True)
class StatementDocument:
    """Everything a printed statement shows (built by ``usecases.jht``)."""

    full_name: str
    kpj: str
    statement: Statement
    names: dict[str, str]  # employer NPP -> name
    yield_rate: YieldRate | None  # the year's rate, with its declared/assumed label
    balance_now: int
    produced_at: datetime
    province_code: str | None  # for showing times in WIB/WITA/WIT


class UnitOfWork(Protocol):
    """One transaction. ``with uow:`` rolls back whatever was not committed."""

    accounts: AccountRepository
    sessions: SessionRepository
    employers: EmployerRepository
    participants: ParticipantRepository
    drafts: DraftRepository
    change_requests: ChangeRequestRepository
    biometric_attempts: BiometricAttemptRepository
    audit: AuditLog
    outbox: Outbox
    jht_ledger: LedgerRepository
    claims: ClaimRepository
    npwp_validations: NpwpValidationRepository

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class FaceVerifier(Protocol):
    """The biometric engine as the use cases see it (``jmo.biometrics``)."""

    def enroll(self, image: bytes) -> FaceEnrollment: ...
    def verify(self, image: bytes, reference_descriptor: bytes) -> FaceMatch: ...


class NoticeComposer(Protocol):
    """Turns a notice kind and its parameters into a subject and body in a language.
    (Text lives at the edge, in the gettext catalogues; use cases only name the kind.)"""

    def compose(self, kind: str, locale: str, **params: str) -> tuple[str, str]: ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...
    def verify(self, password_hash: str, password: str) -> bool: ...
    def needs_rehash(self, password_hash: str) -> bool: ...


@dataclass(frozen=True)
class Policy:
    """Values from configuration that rules need; passed in, never read from settings."""

    terms_version: str = "2026-11-01"
    session_idle_minutes: int = 60
    session_absolute_hours: int = 12
    login_max_failures: int = 5
    login_lock_minutes: int = 15
    face_max_failed_attempts: int = 3
    face_max_retries: int = 10
    face_attempt_window_hours: int = 24
    max_upload_bytes: int = 8 * 1024 * 1024


@dataclass(frozen=True)
class BenefitServices:
    """What Cek Saldo JHT and the claims need besides the unit of work: the yield table
    (data, replaced when BPJS declares a rate), the statement renderer, and the JMO
    self-service limit for JHT claims (domain-rules.md §3: Rp15M since May 2025)."""

    yields: YieldTable
    statements: StatementRenderer
    self_service_limit: int = 15_000_000


@dataclass
class Services:
    """Everything the edge (web, API, CLI) hands to use cases. Built by ``bootstrap``."""

    uow: UnitOfWorkFactory
    clock: Clock
    faces: FaceVerifier
    passwords: PasswordHasher
    regions: RegionDirectory
    notices: NoticeComposer
    policy: Policy
    benefits: BenefitServices


__all__ = [
    "AccountRepository",
    "AuditLog",
    "BenefitServices",
    "BiometricAttemptRepository",
    "ChangeRequestRepository",
    "ClaimRepository",
    "DraftRepository",
    "Employer",
    "EmployerRepository",
    "Employment",
    "FaceVerifier",
    "HistoryVersion",
    "LedgerRepository",
    "NoticeComposer",
    "NpwpValidationRepository",
    "Outbox",
    "ParticipantRepository",
    "PasswordHasher",
    "Policy",
    "ReferenceFace",
    "Services",
    "SessionRepository",
    "StatementDocument",
    "StatementRenderer",
    "UnitOfWork",
    "UnitOfWorkFactory",
]
