"""The SQLAlchemy unit of work: one database transaction per use case."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from jmo.domain.errors import Conflict, DomainError
from jmo.storage.crypto import FieldCipher
from jmo.storage.repositories.accounts import SqlAccounts, SqlAccountTokens, SqlSessions
from jmo.storage.repositories.audit import SqlAuditLog
from jmo.storage.repositories.biometric_attempts import SqlBiometricAttempts
from jmo.storage.repositories.cards import SqlCards
from jmo.storage.repositories.change_requests import SqlChangeRequests
from jmo.storage.repositories.claims import SqlClaims
from jmo.storage.repositories.complaints import SqlComplaints
from jmo.storage.repositories.drafts import SqlDrafts
from jmo.storage.repositories.employers import SqlEmployers
from jmo.storage.repositories.jht_ledger import SqlLedger
from jmo.storage.repositories.npwp_validations import SqlNpwpValidations
from jmo.storage.repositories.outbox import SqlOutbox
from jmo.storage.repositories.participants import SqlParticipants
from jmo.usecases.ports import (
    AccountRepository,
    AccountTokenRepository,
    AuditLog,
    BiometricAttemptRepository,
    CardRepository,
    ChangeRequestRepository,
    ClaimRepository,
    ComplaintRepository,
    DraftRepository,
    EmployerRepository,
    LedgerRepository,
    NpwpValidationRepository,
    Outbox,
    ParticipantRepository,
    SessionRepository,
)


class DatabaseUnavailable(DomainError):
    """The database did not answer; the request may be retried."""


class SqlAlchemyUnitOfWork:
    # Typed by the ports, so mypy checks each repository against its contract.
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

    def __init__(self, session_factory: sessionmaker[Session], cipher: FieldCipher) -> None:
        self._factory = session_factory
        self._cipher = cipher
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("use the unit of work inside `with uow:`")
        return self._session

    def __enter__(self) -> Self:
        session = self._factory()
        self._session = session
        self.accounts = SqlAccounts(session)
        self.sessions = SqlSessions(session)
        self.account_tokens = SqlAccountTokens(session)
        self.employers = SqlEmployers(session)
        self.participants = SqlParticipants(session, self._cipher)
        self.drafts = SqlDrafts(session, self._cipher)
        self.change_requests = SqlChangeRequests(session, self._cipher)
        self.biometric_attempts = SqlBiometricAttempts(session)
        self.audit = SqlAuditLog(session)
        self.outbox = SqlOutbox(session, self._cipher)
        self.cards = SqlCards(session)
        self.complaints = SqlComplaints(session, self._cipher)
        self.jht_ledger = SqlLedger(session)
        self.claims = SqlClaims(session, self._cipher)
        self.npwp_validations = SqlNpwpValidations(session)
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
