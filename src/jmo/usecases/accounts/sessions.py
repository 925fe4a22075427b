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
from jmo.domain.notices import NoticeChannel
from jmo.usecases.auditing import audit
from jmo.usecases.notifications.queue import queue_notice
from jmo.usecases.ports import (
    AccountToken,
    NoticeComposer,
    PasswordHasher,
    Policy,
    RateLimiter,
    UnitOfWork,
)


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
_MAX_LOCK_MINUTES = 24 * 60


def email_key(email: str) -> str:
    """Rate-limit buckets name an email by its hash: no address in Redis or the limits table."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def login(
    uow: UnitOfWork,
    passwords: PasswordHasher,
    limiter: RateLimiter,
    *,
    email: str,
    password: str,
    client: Client,
    now: datetime,
    policy: Policy,
    notices: NoticeComposer,
    kind: str = "web",
    locale: str | None = None,
) -> LoginResult:
    """Email and password -> a new session (a new token at every login).

    Defences (OWASP ASVS 2.2): attempts per client address are limited; failures per email
    lock that email for a while, the lock growing with each repeat (15, 30, 60 ... minutes,
    at most a day); unknown emails are locked the same way and answered the same way, so
    neither the message nor the timing tells whether an account exists. The owner of a
    locked account gets an email with a link that lifts the lock.
    """
    email = (email or "").strip().lower()
    key = email_key(email)
    window_s = policy.login_window_minutes * 60
    per_address = limiter.hit(
        f"login:ip:{client.ip}", limit=policy.login_ip_limit, window_s=window_s, now=now
    )
    if not per_address.allowed:
        raise TooManyAttempts(
            "auth.too_many_attempts",
            field="password",
            minutes=max(1, -(-per_address.retry_after_s // 60)),
        )
    locked_for = limiter.blocked_for(f"login:lock:{key}", now=now)
    if locked_for:
        raise TooManyAttempts("auth.locked", field="password", minutes=-(-locked_for // 60))

    with uow:
        account = uow.accounts.get_by_email(email) if email else None
        if account is not None and passwords.verify(account.password_hash, password or ""):
            if passwords.needs_rehash(account.password_hash):
                account.password_hash = passwords.hash(password)
            account.last_login_at = now
            uow.accounts.save(account)
            token, session = _new_session(account, client, now, policy, kind, locale)
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
            limiter.reset(f"login:email:{key}")
            return LoginResult(token=token, session=session, account=account)
        if account is None:
            passwords.verify(passwords.hash(_DUMMY_PASSWORD), password or "")

    failures = limiter.hit(
        f"login:email:{key}", limit=policy.login_max_failures, window_s=window_s, now=now
    )
    if failures.count >= policy.login_max_failures:
        locks = limiter.hit(f"login:locks:{key}", limit=1_000, window_s=24 * 3600, now=now)
        minutes = min(policy.login_lock_minutes * 2 ** (locks.count - 1), _MAX_LOCK_MINUTES)
        limiter.block(f"login:lock:{key}", seconds=minutes * 60, now=now)
        limiter.reset(f"login:email:{key}")
        if account is not None:
            _send_unlock_link(uow, notices, account, client, now, policy, minutes)
        raise TooManyAttempts("auth.locked", field="password", minutes=minutes)
    if account is not None:
        with uow:
            audit(
                uow,
                None,
                "account.login_failed",
                subject_type="account",
                subject_id=account.id,
                at=now,
                channel=client.channel,
                client_ip=client.ip,
                failures=failures.count,
            )
            uow.commit()
    raise LoginFailed("auth.invalid_credentials", field="password")


def _new_session(
    account: Account, client: Client, now: datetime, policy: Policy, kind: str, locale: str | None
) -> tuple[str, Session]:
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
    return token, session


def _send_unlock_link(
    uow: UnitOfWork,
    notices: NoticeComposer,
    account: Account,
    client: Client,
    now: datetime,
    policy: Policy,
    minutes: int,
) -> None:
    token = issue_account_token(account, "unlock", now, valid_for=timedelta(hours=24))
    with uow:
        uow.account_tokens.add(token.record)
        queue_notice(
            uow,
            notices,
            kind="account.locked",
            channel=NoticeChannel.EMAIL,
            recipient=account.email,
            participant_id=account.participant_id,
            event_key=str(token.record.id),
            now=now,
            params={"minutes": str(minutes)},
            secrets={"link": f"{policy.public_url}/akun/buka-kunci?token={token.secret}"},
            secrets_valid_until=token.record.expires_at,
        )
        audit(
            uow,
            None,
            "account.locked",
            subject_type="account",
            subject_id=account.id,
            at=now,
            channel=client.channel,
            client_ip=client.ip,
            minutes=minutes,
        )
        uow.commit()


@dataclass(frozen=True)
class IssuedToken:
    secret: str  # goes into the link, never stored
    record: AccountToken


def issue_account_token(
    account: Account, purpose: str, now: datetime, *, valid_for: timedelta
) -> IssuedToken:
    secret = secrets.token_urlsafe(32)
    return IssuedToken(
        secret,
        AccountToken(
            id=uuid.uuid4(),
            account_id=account.id,
            purpose=purpose,
            token_hash=hash_token(secret),
            created_at=now,
            expires_at=now + valid_for,
        ),
    )


def authenticate(
    uow: UnitOfWork, *, token: str, client: Client, now: datetime, policy: Policy
) -> Authenticated:
    """The session for a cookie or bearer token, or ``auth.required``. Sessions end after
    ``session_idle_minutes`` without a request and ``session_absolute_hours`` in all."""
    if not token:
        raise PermissionDenied("auth.required")
    with uow:
        found = uow.sessions.get_with_account(hash_token(token))
        if found is None:
            raise PermissionDenied("auth.required")
        session, account = found
        if session.revoked_at is not None or now >= session.expires_at:
            raise PermissionDenied("auth.required")
        if now - session.last_seen_at > timedelta(minutes=policy.session_idle_minutes):
            uow.sessions.revoke(session.id, now)
            uow.commit()
            raise PermissionDenied("auth.session_expired")
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
