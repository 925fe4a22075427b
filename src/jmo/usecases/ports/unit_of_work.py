"""One transaction, holding every repository."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Protocol, Self, TypeVar

from jmo.usecases.ports.accounts import (
    AccountRepository,
    AccountTokenRepository,
    OnboardingRepository,
    SessionRepository,
)
from jmo.usecases.ports.appointments import AppointmentRepository
from jmo.usecases.ports.audit import AuditLog
from jmo.usecases.ports.backoffice import WorkAssignmentRepository
from jmo.usecases.ports.card import CardRepository
from jmo.usecases.ports.claims import ClaimLockRepository, ClaimRepository
from jmo.usecases.ports.complaints import ComplaintRepository
from jmo.usecases.ports.employers import EmployerRepository
from jmo.usecases.ports.faces import BiometricAttemptRepository
from jmo.usecases.ports.freezes import FreezeRepository
from jmo.usecases.ports.jht import LedgerRepository
from jmo.usecases.ports.notices import InboxRepository, Outbox
from jmo.usecases.ports.participants import (
    HeirRepository,
    NpwpValidationRepository,
    ParticipantRepository,
)
from jmo.usecases.ports.pengkinian import ChangeRequestRepository, DraftRepository
from jmo.usecases.ports.requests import RequestIdRepository

T = TypeVar("T")


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


class ReplicaCannotWrite(Exception):
    """A use case run on a read replica tried to write; nothing was sent to the database.
    The edge runs it again on the primary (``storage.read_routing``)."""


class LaneMiss(Exception):
    """The fast read lane cannot answer this: the use case wanted to write (a session's
    last-seen time, a summary to rebuild) or to read what the lane does not serve. Nothing
    was written; the edge runs the whole call again on the general path."""


class FastReads(Protocol):
    """Read-only units of work without a hop to a worker thread (``storage.fast_reads``):
    ``run`` calls ``work`` with one and returns its answer, or raises ``LaneMiss``."""

    async def run(self, work: Callable[[UnitOfWork], T]) -> T: ...
