"""The SQLAlchemy unit of work: one database transaction per use case, and one database
session per HTTP request.

Outside a request (the CLI, workers, tests calling use cases) every ``with uow:`` opens its
own session, as before. Inside a request, the edge opens a :class:`RequestTransaction`
(``request_transaction()``) and every unit of work of that request shares its session: the
authentication and the use case run on one pooled connection checked out once, and on
PostgreSQL in one transaction when they only read (no second BEGIN, no second pool
pre-ping, no second ROLLBACK). A block that wrote and did not commit is rolled back when it
ends, exactly as before; its identity map is cleared at the end of every block, so a later
block reads fresh rows. SQLite takes its write lock at BEGIN (``BEGIN IMMEDIATE``), so there
each block still ends its own transaction: holding the lock for a whole request would queue
every other request behind it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import TracebackType
from typing import Any, Self

from sqlalchemy import event
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from jmo.domain.errors import Conflict, DomainError
from jmo.storage.crypto import FieldCipher
from jmo.storage.repositories.accounts import SqlAccounts, SqlAccountTokens, SqlSessions
from jmo.storage.repositories.appointments import SqlAppointments
from jmo.storage.repositories.audit import SqlAuditLog
from jmo.storage.repositories.backoffice import SqlWorkAssignments
from jmo.storage.repositories.biometric_attempts import SqlBiometricAttempts
from jmo.storage.repositories.cards import SqlCards
from jmo.storage.repositories.change_requests import SqlChangeRequests
from jmo.storage.repositories.claim_locks import SqlClaimLocks
from jmo.storage.repositories.claims import SqlClaims
from jmo.storage.repositories.complaints import SqlComplaints
from jmo.storage.repositories.drafts import SqlDrafts
from jmo.storage.repositories.employers import SqlEmployers
from jmo.storage.repositories.freezes import SqlFreezes
from jmo.storage.repositories.heirs import SqlHeirs
from jmo.storage.repositories.inbox import SqlInbox
from jmo.storage.repositories.jht_ledger import SqlLedger
from jmo.storage.repositories.npwp_validations import SqlNpwpValidations
from jmo.storage.repositories.onboardings import SqlOnboardings
from jmo.storage.repositories.outbox import SqlOutbox
from jmo.storage.repositories.participants import SqlParticipants
from jmo.storage.repositories.request_ids import SqlRequestIds
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


class DatabaseUnavailable(DomainError):
    """The database did not answer; the request may be retried."""


_WROTE = "jmo_wrote"  # Session.info flag: something was flushed or executed as a write


def _mark_flush(session: Session, _context: Any) -> None:
    session.info[_WROTE] = True


def _mark_write(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


class RequestTransaction:
    """The database session of one HTTP request, opened by the first unit of work that
    needs it (in whichever worker thread that is) and closed by :meth:`close` when the
    response has been sent. Used by one request at a time, never by two threads at once
    (the edge awaits each call before the next)."""

    def __init__(self) -> None:
        self.session: Session | None = None
        self.keep_open = False  # keep a read-only transaction open between blocks
        self.depth = 0
        self.committed_writes = False  # read-your-writes: storage.read_routing

    def attach(self, factory: sessionmaker[Session]) -> Session:
        if self.session is None:
            session = factory()
            event.listen(session, "after_flush", _mark_flush)
            event.listen(session, "do_orm_execute", _mark_write)
            bind = session.get_bind()
            self.keep_open = bind.dialect.name != "sqlite"
            self.session = session
        return self.session

    def end_block(self, *, failed: bool) -> None:
        """The end of an outermost ``with uow:``: undo what was written and not committed;
        forget the loaded rows; end the transaction unless it only read, ended without an
        error, and may stay open."""
        session = self.session
        if session is None:
            return
        wrote = session.info.pop(_WROTE, False)
        try:
            if wrote or failed or not self.keep_open:
                session.rollback()
            session.expunge_all()
        except Exception:
            # A connection that broke under the block: drop it; the next block opens a
            # new session, and the block's own error is what the caller sees.
            self.session = None
            session.invalidate()

    def close(self) -> None:
        session, self.session = self.session, None
        if session is not None:
            session.close()  # returns the connection; the pool's reset rolls back


_current_request: ContextVar[RequestTransaction | None] = ContextVar(
    "jmo_request_transaction", default=None
)


def release_request_session() -> None:
    """Close the current request's session now (from the worker thread that used it last),
    so the request needs no further hop to a thread to hand the connection back. A later
    unit of work in the same request opens a new one."""
    held = _current_request.get()
    if held is not None:
        held.close()


@contextmanager
def request_transaction() -> Iterator[RequestTransaction]:
    """Share one session among the units of work of the code run inside (one request).
    The caller closes ``.close()`` it (from a worker thread: closing may talk to the
    database) after leaving the block."""
    holder = RequestTransaction()
    token = _current_request.set(holder)
    try:
        yield holder
    finally:
        _current_request.reset(token)


class Repositories:
    """The repositories of a unit of work, typed by the ports so mypy checks each against
    its contract (``attach_repositories`` fills them)."""

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


class SqlAlchemyUnitOfWork(Repositories):
    def __init__(
        self, session_factory: sessionmaker[Session], cipher: FieldCipher, *, shared: bool = True
    ) -> None:
        """``shared=False``: a session of its own even inside a request (the read replica:
        the request's shared session is on the primary)."""
        self._factory = session_factory
        self._cipher = cipher
        self._joins_request = shared
        self._session: Session | None = None
        self._shared: RequestTransaction | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("use the unit of work inside `with uow:`")
        return self._session

    def __enter__(self) -> Self:
        shared = _current_request.get() if self._joins_request else None
        if shared is not None:
            session = shared.attach(self._factory)
            shared.depth += 1
            self._shared = shared
        else:
            session = self._factory()
        self._session = session
        attach_repositories(self, session, self._cipher)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self._session
        self._session = None
        if session is None:
            return
        shared, self._shared = self._shared, None
        if shared is not None:
            shared.depth -= 1
            if shared.depth == 0:
                shared.end_block(failed=exc is not None)
        else:
            try:
                session.rollback()  # a no-op after commit(); undoes anything left uncommitted
            finally:
                session.close()
        if isinstance(exc, StaleDataError):
            raise Conflict("record.changed") from exc
        if isinstance(exc, IntegrityError):
            raise Conflict("record.duplicate") from exc
        if isinstance(exc, OperationalError):
            raise DatabaseUnavailable("service.database_unavailable") from exc

    def commit(self) -> None:
        try:
            self.session.commit()
            if self.session.info.pop(_WROTE, None) and self._shared is not None:
                self._shared.committed_writes = True
        except StaleDataError as exc:
            self.session.rollback()
            raise Conflict("record.changed") from exc
        except IntegrityError as exc:
            # Two writers raced on a unique rule (one open draft, one idempotency key):
            # the loser is told to reload, nothing half-written stays.
            self.session.rollback()
            raise Conflict("record.duplicate") from exc
        except OperationalError as exc:
            self.session.rollback()
            raise DatabaseUnavailable("service.database_unavailable") from exc

    def rollback(self) -> None:
        self.session.rollback()
        self.session.info.pop(_WROTE, None)


def attach_repositories(uow: Repositories, session: Session, cipher: FieldCipher) -> None:
    """Every repository of a unit of work on ``session`` (the fast read lane builds the same
    ones on its own session, ``storage.fast_reads``)."""
    uow.accounts = SqlAccounts(session, cipher)
    uow.work_assignments = SqlWorkAssignments(session)
    uow.appointments = SqlAppointments(session)
    uow.sessions = SqlSessions(session)
    uow.account_tokens = SqlAccountTokens(session)
    uow.employers = SqlEmployers(session, cipher)
    uow.participants = SqlParticipants(session, cipher)
    uow.drafts = SqlDrafts(session, cipher)
    uow.change_requests = SqlChangeRequests(session, cipher)
    uow.biometric_attempts = SqlBiometricAttempts(session)
    uow.audit = SqlAuditLog(session)
    uow.outbox = SqlOutbox(session, cipher)
    uow.cards = SqlCards(session)
    uow.complaints = SqlComplaints(session, cipher)
    uow.jht_ledger = SqlLedger(session)
    uow.claims = SqlClaims(session, cipher)
    uow.npwp_validations = SqlNpwpValidations(session)
    uow.onboardings = SqlOnboardings(session, cipher)
    uow.inbox = SqlInbox(session)
    uow.freezes = SqlFreezes(session)
    uow.claim_locks = SqlClaimLocks(session)
    uow.heirs = SqlHeirs(session, cipher)
    uow.request_ids = SqlRequestIds(session)
