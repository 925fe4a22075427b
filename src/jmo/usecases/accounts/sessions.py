"""Login, the session behind every request, logout.

Tokens are random (256 bits); only their SHA-256 is stored, so a copy of the database
does not let anyone log in. The same session table serves the web cookie and the API's
bearer token.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from jmo.domain.accounts import Account, Actor, Role, Session
from jmo.domain.errors import DomainError, PermissionDenied, TooManyAttempts
from jmo.usecases.auditing import audit
from jmo.usecases.ports import PasswordHasher, Policy, UnitOfWork


class LoginFailed(DomainError):
    pass


@dataclass(frozen=True)
class Client:
    ip: str | None
    user_agent: str | None
    channel: str = "app"


@dataclass(frozen=True)
class LoginResult:
    token: str
    session: Session
    account: Account


@dataclass(frozen=True)
class Authenticated:
    actor: Actor
    session: Session
    account: Account


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Verifying against a fixed hash when the email is unknown makes both answers take the
# same time, so response time does not reveal whether an account exists.
_DUMMY_PASSWORD = "not-a-real-password"  # noqa: S105


def login(
    uow: UnitOfWork,
    passwords: PasswordHasher,
    *,
    email: str,
    password: str,
    client: Client,
    now: datetime,
    policy: Policy,
    kind: str = "web",
    locale: str | None = None,
) -> LoginResult:
    email = (email or "").strip().lower()
    with uow:
        account = uow.accounts.get_by_email(email) if email else None
        if account is None:
            passwords.verify(passwords.hash(_DUMMY_PASSWORD), password or "")
            raise LoginFailed("auth.invalid_credentials", field="password")
        if account.is_locked(now):
            minutes = max(1, int((account.locked_until - now).total_seconds() // 60) + 1)  # type: ignore[operator]
            raise TooManyAttempts("auth.locked", field="password", minutes=minutes)
        if not passwords.verify(account.password_hash, password or ""):
            account.failed_logins += 1
            if account.failed_logins >= policy.login_max_failures:
                account.locked_until = now + timedelta(minutes=policy.login_lock_minutes)
                account.failed_logins = 0
            uow.accounts.save(account)
            audit(
                uow,
                None,
                "account.login_failed",
                subject_type="account",
                subject_id=account.id,
                at=now,
                channel=client.channel,
                locked=account.locked_until is not None and account.is_locked(now),
            )
            uow.commit()
            raise LoginFailed("auth.invalid_credentials", field="password")

        if passwords.needs_rehash(account.password_hash):
            account.password_hash = passwords.hash(password)
        account.failed_logins = 0
        account.locked_until = None
        account.last_login_at = now
        uow.accounts.save(account)

        token = secrets.token_urlsafe(32)
        session = Session(
            id=uuid.uuid4(),
            account_id=account.id,
            token_hash=hash_token(token),
            kind=kind,
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=policy.session_absolute_hours),
            csrf_token=secrets.token_urlsafe(24),
            client_ip=client.ip,
            user_agent=client.user_agent,
            locale=locale,
        )
        uow.sessions.add(session)
        actor = _actor(account, session, client.channel)
        audit(
            uow,
            actor,
            "account.logged_in",
            subject_type="account",
            subject_id=account.id,
            at=now,
            session_kind=kind,
        )
        uow.commit()
        return LoginResult(token=token, session=session, account=account)


def authenticate(
    uow: UnitOfWork, *, token: str, client: Client, now: datetime, policy: Policy
) -> Authenticated:
    """The session for a cookie or bearer token, or ``auth.required``. Sessions end after
    ``session_idle_minutes`` without a request and ``session_absolute_hours`` in all."""
    if not token:
        raise PermissionDenied("auth.required")
    with uow:
        session = uow.sessions.get_by_token_hash(hash_token(token))
        if session is None or session.revoked_at is not None or now >= session.expires_at:
            raise PermissionDenied("auth.required")
        if now - session.last_seen_at > timedelta(minutes=policy.session_idle_minutes):
            uow.sessions.revoke(session.id, now)
            uow.commit()
            raise PermissionDenied("auth.session_expired")
        account = uow.accounts.get(session.account_id)
        if account is None:
            raise PermissionDenied("auth.required")
        # Write last_seen at most once a minute: a page view should not always be a write.
        if now - session.last_seen_at > timedelta(minutes=1):
            uow.sessions.touch(session.id, now)
            uow.commit()
            session = replace(session, last_seen_at=now)
        client = Client(ip=client.ip, user_agent=client.user_agent, channel=client.channel)
        return Authenticated(
            actor=_actor(account, session, client.channel, client), session=session, account=account
        )


def logout(uow: UnitOfWork, auth: Authenticated, *, now: datetime) -> None:
    with uow:
        uow.sessions.revoke(auth.session.id, now)
        audit(
            uow,
            auth.actor,
            "account.logged_out",
            subject_type="account",
            subject_id=auth.account.id,
            at=now,
        )
        uow.commit()


def set_session_locale(uow: UnitOfWork, auth: Authenticated, locale: str) -> None:
    with uow:
        uow.sessions.set_locale(auth.session.id, locale)
        uow.commit()


def _actor(account: Account, session: Session, channel: str, client: Client | None = None) -> Actor:
    return Actor(
        account_id=account.id,
        role=account.role,
        participant_id=account.participant_id if account.role is Role.PARTICIPANT else None,
        channel=channel,
        client_ip=client.ip if client else session.client_ip,
        user_agent=client.user_agent if client else session.user_agent,
        session_id=session.id,
    )
