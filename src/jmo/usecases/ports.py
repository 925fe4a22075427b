"""The contracts the use cases need. Implementations live in ``jmo.storage``,
``jmo.adapters`` and ``jmo.biometrics``; ``jmo.bootstrap`` picks them."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import TracebackType
from typing import Protocol, Self
from uuid import UUID

from jmo.domain.accounts import Account, Session
from jmo.domain.audit import AuditEntry, AuditFilter, AuditPosition, StoredEntry
from jmo.domain.backoffice.appointments import (
    DEFAULT_SLOT_CAPACITY,
    Appointment,
    AppointmentStatus,
    Purpose,
)
from jmo.domain.backoffice.corrections import CorrectionEvent, RequestDocument
from jmo.domain.backoffice.employer import Letter
from jmo.domain.biometric import FaceEnrollment, FaceMatch, LivenessChallenge
from jmo.domain.biometric_attempt import BiometricAttempt, FaceAttemptLimits
from jmo.domain.card import Card, CardClaims
from jmo.domain.claim_lock import ClaimLock
from jmo.domain.claims.model import Claim, ClaimStatus
from jmo.domain.complaints import (
    AttachmentInfo,
    Complaint,
    ComplaintMessage,
    ComplaintStatus,
)
from jmo.domain.heirs import Heir
from jmo.domain.identifiers.region import RegionDirectory
from jmo.domain.jht.balance import Statement
from jmo.domain.jht.ledger import LedgerEntry
from jmo.domain.jht.summary import BalanceSummary
from jmo.domain.jht.tables import Program
from jmo.domain.jht.yields import YieldRate, YieldTable
from jmo.domain.notices import Notice, NoticeChannel, RetryPolicy
from jmo.domain.onboarding import Onboarding
from jmo.domain.participant import Participant, Profile
from jmo.domain.pengkinian.change_request import ChangeKind, ChangeRequest
from jmo.domain.pengkinian.draft import PengkinianDraft
from jmo.domain.pengkinian.policy import BANK_HOLD, CLAIM_LOCK_RELEASE_WAIT, CONTACT_HOLD
from jmo.domain.requests.ids import RequestId, RequestKind
from jmo.domain.requests.receipt import Receipt
from jmo.domain.requests.timeline import RequestRef
from jmo.domain.signed_document import DocumentClaims
from jmo.domain.time import Clock


class AccountRepository(Protocol):
    def get(self, account_id: UUID) -> Account | None: ...
    def get_by_email(self, email: str) -> Account | None: ...
    def for_participant(self, participant_id: UUID) -> Account | None: ...
    def add(self, account: Account) -> None: ...
    def save(self, account: Account) -> None: ...
    def staff(self) -> list[Account]: ...
    def set_totp(
        self, account_id: UUID, secret: str | None, *, confirmed_at: datetime | None
    ) -> None: ...
    def use_totp_step(self, account_id: UUID, step: int) -> bool:
        """Atomically: True only if no equal or later step was used before."""
        ...

    def replace_recovery_codes(self, account_id: UUID, hashes: list[str], at: datetime) -> None: ...
    def use_recovery_code(self, account_id: UUID, code_hash: str, at: datetime) -> bool: ...
    def recovery_codes_left(self, account_id: UUID) -> int: ...


@dataclass(frozen=True)
class AccountToken:
    id: UUID
    account_id: UUID
    purpose: str  # "unlock" | "password_reset"
    token_hash: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None


class AccountTokenRepository(Protocol):
    def add(self, token: AccountToken) -> None: ...
    def get_by_hash(self, token_hash: str) -> AccountToken | None: ...
    def mark_used(self, token_id: UUID, at: datetime) -> bool:
        """True if this call used it (a token works once, even under a double click)."""

    def end_all(self, account_id: UUID, at: datetime) -> int:
        """Mark every unused token of the account used (after a password reset or change,
        no older link may set or unlock anything); returns how many were still open."""


class SessionRepository(Protocol):
    def add(self, session: Session) -> None: ...
    def active_for(self, account_id: UUID, now: datetime) -> list[Session]: ...
    def get_by_token_hash(self, token_hash: str) -> Session | None: ...
    def get_with_account(self, token_hash: str) -> tuple[Session, Account] | None: ...
    def touch(self, session_id: UUID, at: datetime) -> None: ...
    def revoke(self, session_id: UUID, at: datetime) -> None: ...
    def revoke_all(self, account_id: UUID, at: datetime) -> int: ...
    def set_locale(self, session_id: UUID, locale: str) -> None: ...


@dataclass(frozen=True)
class Employer:
    npp: str
    name: str


@dataclass(frozen=True)
class Worker:
    """A line of a company's worker list (the employer portal)."""

    participant_id: UUID
    kpj: str
    full_name: str
    start_date: date
    end_date: date | None
    updated_at: datetime | None  # the last change of the participant's data


@dataclass(frozen=True)
class EmployerUpload:
    """A correction file a company applied, keyed by its content's SHA-256 (applied once)."""

    id: UUID
    npp: str
    content_hash: str
    uploaded_by: UUID
    uploaded_at: datetime
    rows: int
    applied: int  # rows applied at once
    queued: int  # rows sent to the officers' queue


class EmployerRepository(Protocol):
    def get_by_npp(self, npp: str) -> Employer | None: ...
    def add(self, employer: Employer, at: datetime) -> None: ...
    def workers(self, npp: str, limit: int, kpj_prefix: str = "") -> list[Worker]:
        """Everyone with an employment at the company (current first), by name; only the
        KPJ starting with ``kpj_prefix`` when one is given."""

    def end_employment(self, participant_id: UUID, npp: str, end_date: date) -> bool:
        """Set the end date of the worker's open employment there; False if none is open."""

    def upload_by_hash(self, npp: str, content_hash: str) -> EmployerUpload | None: ...
    def add_upload(self, upload: EmployerUpload) -> None: ...
    def add_letter(self, letter: Letter, token: str, change_request_id: UUID | None) -> None: ...
    def letter(self, letter_id: UUID) -> tuple[Letter, str] | None:
        """The letter and its signature token."""

    def letter_for_request(self, request_id: UUID) -> tuple[Letter, str] | None:
        """The latest letter that goes with an identity-correction request."""


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
    def same_person(self, participant_id: UUID) -> list[Participant]:
        """The record and every other KPJ under its NIK (empty when the id is unknown)."""

    def add(self, participant: Participant) -> None: ...
    def save(self, participant: Participant) -> None:
        """Write back; raises Conflict when another writer changed it since it was read."""

    def count(self) -> int: ...
    def search_by_name(self, text: str, limit: int) -> list[Participant]: ...
    def employments(self, participant_id: UUID) -> list[Employment]: ...
    def add_employment(self, participant_id: UUID, employment: Employment) -> None: ...
    def reference_face(self, participant_id: UUID) -> ReferenceFace | None: ...
    def has_reference_face(self, participant_id: UUID) -> bool:
        """Whether a reference photo is on file, without reading it (the home page asks)."""

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
    def latest_open(self, participant_id: UUID, kind: ChangeKind) -> ChangeRequest | None:
        """The newest request of this kind still waiting (domain OPEN_STATUSES)."""

    def add(self, request: ChangeRequest) -> None: ...
    def save(self, request: ChangeRequest) -> None: ...
    def open_of_kind(self, kind: ChangeKind, limit: int) -> list[ChangeRequest]: ...
    def add_document(self, document: RequestDocument, storage_key: str, by: UUID) -> None: ...
    def documents(self, request_id: UUID) -> list[RequestDocument]: ...
    def document_key(self, request_id: UUID, document_id: UUID) -> str | None: ...
    def add_event(self, event: CorrectionEvent) -> None: ...
    def events(self, request_id: UUID) -> list[CorrectionEvent]: ...


class BiometricAttemptRepository(Protocol):
    def add(self, attempt: BiometricAttempt) -> None: ...
    def get(self, attempt_id: UUID) -> BiometricAttempt | None: ...
    def for_participant(self, participant_id: UUID, since: datetime) -> list[BiometricAttempt]: ...
    def record_review(
        self, attempt_id: UUID, *, by: UUID, at: datetime, decision: str, note: str
    ) -> bool: ...
    def open_review_for(self, participant_id: UUID) -> BiometricAttempt | None:
        """The person's borderline attempt waiting for an officer (one at most)."""

    def open_reviews(self, limit: int) -> list[BiometricAttempt]: ...
    def close_open_reviews(self, participant_id: UUID, *, at: datetime, decision: str) -> int:
        """Close the waiting review without an officer (``SUPERSEDED``); how many closed."""


class AuditLog(Protocol):
    def append(self, entry: AuditEntry) -> None: ...
    def for_subjects(self, subjects: Sequence[tuple[str, str]]) -> list[AuditEntry]: ...
    def search(
        self, where: AuditFilter, *, after: AuditPosition | None, limit: int
    ) -> list[StoredEntry]:
        """Newest first by (time, sequence), strictly after ``after`` (keyset pages)."""

    def position(self, seq: int) -> AuditPosition | None: ...


class Outbox(Protocol):
    def add(self, notice: Notice) -> None: ...
    def latest(self, limit: int) -> list[Notice]: ...
    def queued_at(
        self, participant_id: UUID, kinds: Sequence[str], since: datetime
    ) -> list[datetime]:
        """When each notice of these kinds for the participant was queued, oldest first."""

    def claim_next_due(self, now: datetime) -> Notice | None:
        """The oldest unsent notice whose time has come, locked for this transaction
        (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite serialises writers): no other
        worker can pick it until this transaction ends."""

    def mark_sent(
        self,
        notice_id: UUID,
        *,
        at: datetime,
        via: str,
        provider_message_id: str | None,
        keep_secrets: bool = False,
    ) -> None:
        """Delivered; its one-time secrets are forgotten unless ``keep_secrets`` (the dev
        outbox, which is itself where the notice is read)."""

    def mark_failed(
        self, notice_id: UUID, *, at: datetime, error: str, next_attempt_at: datetime | None
    ) -> None:
        """One more failed attempt; ``next_attempt_at`` None means give up (and forget its
        secrets)."""

    def forget_expired_secrets(self, now: datetime) -> int:
        """Wipe the secrets whose time has passed (sent or not); how many rows."""

    def counts(self) -> dict[str, int]: ...


class CardRepository(Protocol):
    def get(self, card_id: UUID) -> Card | None: ...
    def latest_for(self, participant_id: UUID) -> Card | None: ...
    def add(self, card: Card) -> None: ...
    def save(self, card: Card) -> None: ...


class ComplaintRepository(Protocol):
    def get(self, complaint_id: UUID) -> Complaint | None:
        """With its messages and attachments."""

    def by_idempotency_key(self, participant_id: UUID, key: str) -> Complaint | None: ...
    def for_participant(self, participant_id: UUID) -> list[Complaint]:
        """Newest first, without messages."""

    def queue(self, statuses: Sequence[ComplaintStatus], limit: int) -> list[Complaint]:
        """For staff: tickets in these statuses, the earliest due first, without messages."""

    def add(self, complaint: Complaint) -> None: ...
    def save(self, complaint: Complaint) -> None:
        """Write back the ticket's own fields; raises Conflict when another writer
        changed it since it was read."""

    def add_message(self, message: ComplaintMessage) -> None: ...
    def add_attachment(self, attachment: AttachmentInfo) -> None: ...


class LedgerRepository(Protocol):
    """A KPJ's contribution ledger (``jmo.domain.jht.ledger``)."""

    def entries(self, participant_id: UUID) -> list[LedgerEntry]: ...
    def add(self, participant_id: UUID, entries: Sequence[LedgerEntry], at: datetime) -> None:
        """Also drops the KPJ's balance summary (outdated by the new entries)."""

    def summaries(self, participant_ids: Sequence[UUID]) -> dict[UUID, BalanceSummary]: ...
    def post_year_end_yields(
        self, program: Program, year: int, rate_bp: int, at: datetime
    ) -> tuple[int, int]:
        """Every pot's year-end yield of ``year`` in one set-based statement (the rule of
        ``domain.jht.ledger.yield_due``); returns (pots credited, rupiah credited)."""

    def save_summary(self, participant_id: UUID, summary: BalanceSummary, at: datetime) -> None: ...
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


class OnboardingRepository(Protocol):
    """Registration and "Lupa akun" flows in progress (jmo.domain.onboarding)."""

    def add(self, item: Onboarding, token_hash: str) -> None: ...
    def by_token_hash(self, token_hash: str) -> Onboarding | None: ...
    def save(self, item: Onboarding) -> None: ...


@dataclass(frozen=True)
class InboxMessage:
    id: UUID
    participant_id: UUID
    kind: str
    subject: str
    body: str
    created_at: datetime
    read_at: datetime | None = None


class InboxRepository(Protocol):
    def add_once(self, message: InboxMessage, event: str) -> bool: ...
    def for_participant(self, participant_id: UUID, limit: int) -> list[InboxMessage]: ...
    def unread_count(self, participant_id: UUID) -> int: ...
    def mark_read(self, participant_id: UUID, message_id: UUID | None, at: datetime) -> int: ...


@dataclass(frozen=True)
class Freeze:
    """Data changes and claim payouts stopped on a person's records ("Bukan saya")."""

    id: UUID
    participant_id: UUID
    source: str  # the notice kind the link came in, or "inbox"
    channel: str  # "email_link" | "app"
    frozen_at: datetime
    lifted_at: datetime | None = None
    lifted_by: UUID | None = None
    lift_note: str | None = None
    # Lifting needs the person's face check with liveness after the freeze, then an
    # officer (docs/decisions/freeze-lift-needs-face.md).
    challenge: LivenessChallenge | None = None
    face_passed_at: datetime | None = None


class FreezeRepository(Protocol):
    def add(self, freeze: Freeze) -> None: ...
    def active(self, participant_ids: list[UUID]) -> Freeze | None: ...
    def open(self, limit: int) -> list[Freeze]: ...
    def lift(self, freeze_id: UUID, *, by: UUID, note: str, at: datetime) -> None: ...
    def for_participant(self, participant_id: UUID) -> list[Freeze]: ...
    def save_face(
        self,
        freeze_id: UUID,
        *,
        challenge: LivenessChallenge | None,
        face_passed_at: datetime | None,
    ) -> None: ...


class HeirRepository(Protocol):
    def add(self, heir: Heir) -> None:
        """Conflict ``heir.duplicate`` when the participant already lists this NIK."""

    def for_participant(self, participant_id: UUID) -> list[Heir]: ...
    def remove(self, participant_id: UUID, heir_id: UUID) -> bool: ...
    def naming(self, nik: str) -> list[Heir]:
        """Every entry, of any participant, whose heir has this NIK (by the blind index)."""


class RequestIdRepository(Protocol):
    """Readable request ids (``domain.requests.ids``), drawn without duplicates."""

    def assign(
        self, kind: RequestKind, item_id: UUID, participant_id: UUID, at: datetime
    ) -> RequestId: ...
    def get(self, request_id: RequestId) -> RequestRef | None: ...
    def of_item(self, item_id: UUID) -> RequestRef | None: ...
    def for_participant(self, participant_id: UUID) -> list[RequestRef]:
        """Newest first."""


class ReceiptSigner(Protocol):
    """Signs a request's receipt and checks a receipt code (key id inside)."""

    def sign(self, receipt: Receipt) -> str: ...
    def verify(self, code: str) -> Receipt:
        """The receipt of a code signed by a known key; ValueError otherwise."""


@dataclass(frozen=True)
class ReceiptDocument:
    receipt: Receipt
    code: str  # the signed code, printed and in the QR
    verify_url: str


class ReceiptRenderer(Protocol):
    def render(self, document: ReceiptDocument, locale: str) -> bytes:
        """The same document always gives the same bytes."""

    def code_in(self, pdf: bytes) -> str | None:
        """The code a rendered receipt carries, if the file is one."""


class ClaimLockRepository(Protocol):
    def get(self, participant_id: UUID) -> ClaimLock: ...
    def save(self, lock: ClaimLock) -> None: ...


@dataclass(frozen=True)
class IdentityClaim:
    """What a person types to say who they are (registration, "Lupa akun")."""

    nik: str
    kpj: str
    birth_date: date
    full_name: str | None = None  # registration asks for it; "Lupa akun" does not


class ParticipantRegistry(Protocol):
    """Does this identity belong to a participant? The local implementation reads the
    participants table; a population-registry (Dukcapil) adapter can replace it. Answers
    only "this record" or None: never why not."""

    def match(self, claim: IdentityClaim) -> UUID | None: ...


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
    verify_url: str | None = None  # the signed QR's link (``usecases.jht.seal``)


class WorkAssignmentRepository(Protocol):
    def assign(self, kind: str, item_id: UUID, account_id: UUID, at: datetime) -> None: ...
    def of_items(self, item_ids: Sequence[UUID]) -> dict[UUID, tuple[UUID, str]]: ...


class AppointmentRepository(Protocol):
    def get(self, appointment_id: UUID) -> Appointment | None: ...
    def taken(self, branch_code: str, starts_at: datetime) -> int: ...
    def taken_between(
        self, branch_code: str, start: datetime, end: datetime
    ) -> dict[datetime, int]: ...
    def add(self, appointment: Appointment) -> None: ...
    def save(self, appointment: Appointment) -> Appointment: ...
    def of_participant(self, participant_id: UUID, limit: int) -> list[Appointment]: ...
    def open_for(
        self, participant_id: UUID, purpose: Purpose, reference: str
    ) -> Appointment | None: ...
    def of_subject(self, subject_id: UUID) -> list[Appointment]: ...
    def between(
        self,
        start: datetime,
        end: datetime,
        *,
        statuses: tuple[AppointmentStatus, ...] | None = None,
        branch_code: str | None = None,
        limit: int = 500,
    ) -> list[Appointment]: ...


class UnitOfWork(Protocol):
    """One transaction. ``with uow:`` rolls back whatever was not committed."""

    accounts: AccountRepository
    sessions: SessionRepository
    account_tokens: AccountTokenRepository
    employers: EmployerRepository
    participants: ParticipantRepository
    drafts: DraftRepository
    change_requests: ChangeRequestRepository
    biometric_attempts: BiometricAttemptRepository
    audit: AuditLog
    outbox: Outbox
    cards: CardRepository
    complaints: ComplaintRepository
    jht_ledger: LedgerRepository
    claims: ClaimRepository
    npwp_validations: NpwpValidationRepository
    onboardings: OnboardingRepository
    inbox: InboxRepository
    freezes: FreezeRepository
    claim_locks: ClaimLockRepository
    heirs: HeirRepository
    work_assignments: WorkAssignmentRepository
    appointments: AppointmentRepository
    request_ids: RequestIdRepository

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

    def enroll(self, image: bytes, *, check_quality: bool = False) -> FaceEnrollment: ...
    def verify(self, image: bytes, reference_descriptor: bytes) -> FaceMatch: ...
    def new_challenge(self, rng: random.Random, *, now: datetime) -> LivenessChallenge: ...
    def verify_burst(
        self,
        frames: Sequence[bytes],
        reference_descriptor: bytes,
        challenge: LivenessChallenge,
        *,
        nonce: str,
        now: datetime,
        frame_times_ms: Sequence[int] | None = None,
        seen_before: Callable[[Sequence[str]], bool] | None = None,
    ) -> FaceMatch: ...


class FrameRegistry(Protocol):
    """Digests of every burst frame ever received: a frame seen before is a replay."""

    def seen_before(self, digests: Sequence[str]) -> bool:
        """True if any digest was seen before; records them all otherwise."""


class NoticeComposer(Protocol):
    """Turns a notice kind and its parameters into a subject and body in a language.
    (Text lives at the edge, in the gettext catalogues; use cases only name the kind.)"""

    def compose(self, kind: str, locale: str, **params: str) -> tuple[str, str]: ...
    def link(self, path: str) -> str:
        """An absolute address of this service for a link in a notice."""
        ...


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    count: int
    retry_after_s: int = 0


class RateLimiter(Protocol):
    """Counters in fixed windows, and blocks with an expiry, shared by every worker
    (database or Redis). Used outside any unit of work: a failed login must still count."""

    def hit(self, bucket: str, *, limit: int, window_s: int, now: datetime) -> RateDecision:
        """Count one event; ``allowed`` is False once the window holds more than ``limit``."""

    def peek(self, bucket: str, *, limit: int, window_s: int, now: datetime) -> RateDecision:
        """The window's state without counting."""

    def block(self, bucket: str, *, seconds: int, now: datetime) -> None: ...
    def blocked_for(self, bucket: str, *, now: datetime) -> int:
        """Seconds left of a block, 0 when not blocked."""

    def reset(self, bucket: str) -> None:
        """Forget the counters and the block of a bucket (unlock by email, password reset)."""


@dataclass(frozen=True)
class SendReceipt:
    via: str  # "smtp", "sms-http", "dev-outbox"
    provider_message_id: str | None = None
    # The outbox is where the reader reads it (development): its one-time secrets stay
    # until they expire, instead of being forgotten on delivery.
    read_from_outbox: bool = False


class DeliveryFailed(Exception):
    """A notice could not be handed over. ``permanent``: trying again will not help
    (the server refused the recipient); otherwise the dispatcher retries with backoff."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


class NoticeSender(Protocol):
    """Hands one notice to a mail server or SMS gateway. Raises DeliveryFailed."""

    def send(self, notice: Notice) -> SendReceipt: ...


@dataclass(frozen=True)
class Delivery:
    senders: Mapping[NoticeChannel, NoticeSender]
    retry: RetryPolicy = field(default_factory=RetryPolicy)


class CardTokens(Protocol):
    """Signs and checks the card's QR token (key id inside; several keys verify)."""

    @property
    def current_key_id(self) -> str: ...
    def sign(self, claims: CardClaims) -> str: ...
    def verify(self, token: str) -> CardClaims:
        """The claims of a token signed by a known key; raises ValueError otherwise
        (malformed, unknown key, bad signature). Expiry is the caller's business."""

    def sign_document(self, claims: DocumentClaims) -> str:
        """The seal of a printed document (same keys, another signing domain)."""

    def verify_document(self, token: str) -> DocumentClaims:
        """As ``verify``, for a document's seal: a card's token never passes here."""

    def sign_letter(self, payload: bytes) -> str:
        """The employer's signed letter (same keys, a signing prefix of its own)."""

    def verify_letter(self, token: str) -> bytes:
        """The payload of a letter's token; ValueError otherwise (a card's never passes)."""


@dataclass(frozen=True)
class CardFace:
    """What the card shows (already masked where it must be)."""

    full_name: str
    kpj: str
    nik_masked: str
    programs: tuple[str, ...]
    employer_name: str | None
    valid_through: datetime
    verify_url: str


class CardRenderer(Protocol):
    def png(self, face: CardFace, locale: str) -> bytes: ...
    def pdf(self, face: CardFace, locale: str) -> bytes: ...


@dataclass(frozen=True)
class CheckedFile:
    filename: str  # cleaned, for display only
    content_type: str  # from the content, never from the client
    data: bytes  # images re-encoded without metadata
    sha256: str


class AttachmentInspector(Protocol):
    """The one check for every uploaded document (complaint attachments, claim
    documents): the type from the content, images re-encoded without metadata, PDFs
    without active content."""

    def inspect(
        self, filename: str, data: bytes, *, field: str = "files", max_bytes: int | None = None
    ) -> CheckedFile:
        """Raises ValidationFailed (on ``field``) for a file of the wrong type, larger than
        ``max_bytes`` (default: the attachment limit), a decompression bomb, or a PDF with
        active content."""

    def page_count(self, content_type: str, data: bytes) -> int:
        """How many pictures ``page_image`` gives for a stored document (an image: 1)."""

    def page_image(self, content_type: str, data: bytes, page: int) -> tuple[bytes, str]:
        """A stored document as a picture for a staff page, and its content type: an image
        decoded and encoded again, a PDF's page drawn on the server (the browser never
        gets a PDF's bytes)."""


class FileStore(Protocol):
    """Files outside the database and outside the web root, encrypted at rest."""

    def put(self, data: bytes) -> str: ...
    def get(self, key: str) -> bytes: ...
    def delete(self, key: str) -> None: ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...
    def verify(self, password_hash: str, password: str) -> bool: ...
    def needs_rehash(self, password_hash: str) -> bool: ...
    def dummy_hash(self) -> str:
        """A hash of a password nobody knows, with the current parameters, made once: a
        login for an unknown email verifies against it, so it costs what a real one does."""


class DeviceTokens(Protocol):
    """Signed "known device" tokens (OWASP device cookies): proof that a browser or app
    logged in to an email before. Nothing is stored; the token names the email only by
    its hash and is signed with the application secret."""

    def issue(self, email_key: str, now: datetime) -> str: ...
    def device_of(self, token: str, email_key: str, *, now: datetime, max_age_s: int) -> str | None:
        """The device id inside a genuine, unexpired token for this email; else None."""


@dataclass(frozen=True)
class Policy:
    """Values from configuration that rules need; passed in, never read from settings."""

    terms_version: str = "2026-11-01"
    session_idle_minutes: int = 60
    staff_session_idle_minutes: int = 15
    session_absolute_hours: int = 12
    login_max_failures: int = 5
    login_lock_minutes: int = 15
    login_window_minutes: int = 15
    login_ip_limit: int = 30  # attempts per address per window, any account
    reset_requests_per_hour: int = 3
    # registration and "Lupa akun": identity checks per address per hour and per NIK per day
    identity_checks_per_ip_hour: int = 10
    identity_checks_per_nik_day: int = 5
    # after the face check, before the claim lock is off (the field policy's)
    claim_lock_wait_hours: int = CLAIM_LOCK_RELEASE_WAIT // timedelta(hours=1)
    bank_cooling_off_days: int = BANK_HOLD.days  # the field policy's, or the setting
    # Face checks per person per window; which attempt counts toward which limit is the
    # rule in jmo.domain.biometric_attempt (every attempt counts).
    face_max_attempts: int = 3  # compared with the reference: pass, review or fail
    face_max_retries: int = 10  # captures too poor to compare
    face_attempt_window_hours: int = 24
    # A single still photo cannot show liveness; allowed for the demo and tests, never in
    # production, where step 6 is the camera burst with a challenge.
    face_still_photo_allowed: bool = True
    max_upload_bytes: int = 8 * 1024 * 1024
    public_url: str = "http://127.0.0.1:8000"  # links in emails and the card QR
    attachment_max_bytes: int = 5 * 1024 * 1024
    attachment_max_files: int = 3
    # The liveness burst wire format (docs/biometrics.md), from the engine's thresholds.
    burst_max_frames: int = 45
    burst_frame_max_bytes: int = 512 * 1024
    # A browser or app that logged in successfully is a "known device" this long: its
    # wrong passwords count against its own budget, not the account's (docs/security.md).
    known_device_days: int = 180
    # Public card verification (/verify): scans per client address per minute.
    card_verify_ip_limit: int = 60
    # People per branch office and appointment slot.
    appointment_slot_capacity: int = DEFAULT_SLOT_CAPACITY

    @property
    def face_limits(self) -> FaceAttemptLimits:
        return FaceAttemptLimits(
            max_compared=self.face_max_attempts,
            max_unusable=self.face_max_retries,
            window=timedelta(hours=self.face_attempt_window_hours),
        )


@dataclass(frozen=True)
class BenefitServices:
    """What Cek Saldo JHT and the claims need besides the unit of work: the yield table
    (data, replaced when BPJS declares a rate), the statement renderer, and the JMO
    self-service limit for JHT claims (docs/domain-rules.md §3: Rp15M since May 2025)."""

    yields: YieldTable
    statements: StatementRenderer
    self_service_limit: int = 15_000_000
    # Days a new payout bank account waits before a claim may be paid to it (issue 5;
    # docs/domain-rules.md §5 "Changing the payout bank account"): the field policy's, or
    # the setting (jmo.domain.pengkinian.policy.money_holds).
    bank_cooling_off_days: int = BANK_HOLD.days
    # Days a claim waits after a new phone or email (the field policy's; tests set 0).
    contact_cooling_off_days: int = CONTACT_HOLD.days
    # Four eyes: above this gross, the person who verified a claim never approves it.
    claim_four_eyes_above: int = 15_000_000


class ReplicaCannotWrite(Exception):
    """A use case run on a read replica tried to write; nothing was sent to the database.
    The edge runs it again on the primary (``storage.read_routing``)."""


@dataclass
class Services:
    """Everything the edge (web, API, CLI) hands to use cases. Built by ``bootstrap``."""

    uow: UnitOfWorkFactory
    clock: Clock
    faces: FaceVerifier
    passwords: PasswordHasher
    device_tokens: DeviceTokens
    regions: RegionDirectory
    notices: NoticeComposer
    policy: Policy
    limiter: RateLimiter
    is_common_password: Callable[[str], bool]
    frames: FrameRegistry
    rng: random.Random  # picks liveness challenges (SystemRandom outside tests)
    card_tokens: CardTokens
    card_renderer: CardRenderer
    files: FileStore
    attachments: AttachmentInspector
    delivery: Delivery
    benefits: BenefitServices
    registry: ParticipantRegistry
    receipts: ReceiptSigner
    receipt_renderer: ReceiptRenderer
    # Hands the current request's database connection back (edge.Calls, after the last
    # use case of a request); nothing outside a request.
    end_request: Callable[[], None] = lambda: None
    # A unit of work on the read replica for a read by this session token, or None when
    # the primary must answer (no replica, replica behind or down, the session just wrote).
    replica_uow: Callable[[str], UnitOfWork | None] = lambda _token: None


__all__ = [
    "AccountRepository",
    "AccountToken",
    "AccountTokenRepository",
    "AppointmentRepository",
    "AttachmentInspector",
    "AuditLog",
    "BenefitServices",
    "BiometricAttemptRepository",
    "CardFace",
    "CardRenderer",
    "CardRepository",
    "CardTokens",
    "ChangeRequestRepository",
    "CheckedFile",
    "ClaimLockRepository",
    "ClaimRepository",
    "ComplaintRepository",
    "Delivery",
    "DeliveryFailed",
    "DeviceTokens",
    "DraftRepository",
    "Employer",
    "EmployerRepository",
    "EmployerUpload",
    "Employment",
    "FaceVerifier",
    "FileStore",
    "FrameRegistry",
    "Freeze",
    "FreezeRepository",
    "HistoryVersion",
    "IdentityClaim",
    "InboxMessage",
    "InboxRepository",
    "LedgerRepository",
    "NoticeComposer",
    "NoticeSender",
    "NpwpValidationRepository",
    "OnboardingRepository",
    "Outbox",
    "ParticipantRegistry",
    "ParticipantRepository",
    "PasswordHasher",
    "Policy",
    "RateDecision",
    "RateLimiter",
    "ReceiptDocument",
    "ReceiptRenderer",
    "ReceiptSigner",
    "ReferenceFace",
    "ReplicaCannotWrite",
    "RequestIdRepository",
    "SendReceipt",
    "Services",
    "SessionRepository",
    "StatementDocument",
    "StatementRenderer",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "Worker",
]
