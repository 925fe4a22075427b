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

from jmo.domain.accounts import Account, AccountToken, Actor, Role, Session
from jmo.domain.backoffice import totp
from jmo.domain.errors import DomainError, PermissionDenied, TooManyAttempts
from jmo.domain.notices import NoticeChannel
from jmo.usecases.accounts.lockout import (
    Scope,
    email_key,
    minutes_left,
    record_failure,
    record_success,
)
from jmo.usecases.auditing import audit
from jmo.usecases.notifications.queue import queue_notice
from jmo.usecases.ports.accounts import DeviceTokens, PasswordHasher
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.rate_limits import RateLimiter
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import Policy


class LoginFailed(DomainError):
    pass


class SecondFactorEnrolment(DomainError):
    """Staff with the right password and no second factor yet: ``ticket`` (one use, a few
    minutes) opens the enrolment page (QR code), which ends in a session."""

    def __init__(self, ticket: str) -> None:
        super().__init__("auth.totp_enrolment_required", field="code")
        self.ticket = ticket


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
    # The client keeps it (a cookie, the app's storage) and shows it at the next login.
    device_token: str | None = None


@dataclass(frozen=True)
class Authenticated:
    actor: Actor
    session: Session
    account: Account


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


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
    devices: DeviceTokens,
    device_token: str | None = None,
    kind: str = "web",
    locale: str | None = None,
    second_factor: str | None = None,
) -> LoginResult:
    """Email and password -> a new session (a new token at every login) and a fresh
    known-device token.

    Defences (OWASP ASVS 2.2; docs/decisions/known-devices.md): a client that never
    logged in to this email is an *unknown client*: its wrong passwords count per address
    (failures only, so many people behind one carrier NAT or a branch kiosk can all log
    in) and per email, and 5 of them lock the email for unknown clients for a while, the
    lock growing with each repeat (15, 30, 60 ... minutes, at most a day). A *known
    device* (it presents the token of an earlier successful login to this email) has a
    budget of its own, so an attacker locking the email does not lock out the owner's
    phone. Unknown emails are
    locked and answered the same way, with one password verification either way, so
    neither the message nor the timing tells whether an account exists. The owner of a
    locked account gets an email with a link that lifts the lock.

    Staff also give ``second_factor`` (a TOTP code or a recovery code): a wrong one counts
    as a failed login; a disabled account fails like a wrong password; staff without a
    second factor yet get ``SecondFactorEnrolment`` (docs/back-office.md).
    """
    email = (email or "").strip().lower()
    key = email_key(email)
    device = _known_device(limiter, devices, device_token, key, now, policy)
    ip_bucket = f"login:ip:{client.ip}"
    if device is None:
        per_address = limiter.peek(
            ip_bucket,
            limit=policy.login_ip_limit,
            window_s=policy.login_window_minutes * 60,
            now=now,
        )
        if not per_address.allowed:
            raise TooManyAttempts(
                "auth.too_many_attempts",
                field="password",
                minutes=max(1, -(-per_address.retry_after_s // 60)),
            )
        locked = minutes_left(limiter, Scope.email(key), now)
        if locked:
            raise TooManyAttempts("auth.locked", field="password", minutes=locked)
    scope = Scope.device(device) if device else Scope.email(key)

    with uow:
        account = uow.accounts.get_by_email(email) if email else None
        # Exactly one verification either way: the dummy hash has the current parameters.
        stored = account.password_hash if account is not None else passwords.dummy_hash()
        password_ok = passwords.verify(stored, password or "") and account is not None
        factor_error: str | None = None
        if password_ok and account is not None and account.needs_second_factor:
            if account.disabled_at is not None:
                password_ok = False
            elif account.totp_confirmed_at is None or not account.totp_secret:
                ticket = issue_account_token(
                    account, "totp_enrol", now, valid_for=timedelta(minutes=10)
                )
                uow.account_tokens.add(ticket.record)
                uow.commit()
                raise SecondFactorEnrolment(ticket.secret)
            else:
                factor_error = check_second_factor(uow, account, second_factor or "", now)
                password_ok = factor_error is None
        if password_ok and account is not None:
            if passwords.needs_rehash(account.password_hash):
                account.password_hash = passwords.hash(password)
            opened = open_session(
                uow, account, client, now, policy, kind=kind, locale=locale, device=device
            )
            uow.commit()
            record_success(limiter, scope)
            return replace(opened, device_token=devices.issue(key, now))

    if device is None:
        limiter.hit(
            ip_bucket,
            limit=policy.login_ip_limit,
            window_s=policy.login_window_minutes * 60,
            now=now,
        )
    failure = record_failure(limiter, scope, policy, now)
    if failure.locked_minutes:
        if account is not None:
            _locked(uow, notices, account, client, now, policy, failure.locked_minutes, device)
        raise TooManyAttempts("auth.locked", field="password", minutes=failure.locked_minutes)
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
                failures=failure.count,
                known_device=device is not None,
            )
            uow.commit()
    if factor_error is not None:
        raise LoginFailed(factor_error, field="code")
    raise LoginFailed("auth.invalid_credentials", field="password")


def open_session(
    uow: UnitOfWork,
    account: Account,
    client: Client,
    now: datetime,
    policy: Policy,
    *,
    kind: str,
    locale: str | None,
    device: str | None = None,
) -> LoginResult:
    """A new session after a successful login (or staff enrolment). The caller commits."""
    account.last_login_at = now
    uow.accounts.save(account)
    token, session = _new_session(account, client, now, policy, kind, locale)
    uow.sessions.add(session)
    audit(
        uow,
        _actor(account, session, client.channel),
        "account.logged_in",
        subject_type="account",
        subject_id=account.id,
        at=now,
        session_kind=kind,
        known_device=device is not None,
    )
    return LoginResult(token=token, session=session, account=account)


def check_second_factor(uow: UnitOfWork, account: Account, code: str, now: datetime) -> str | None:
    """None when ``code`` is a current TOTP code not used before, or an unused recovery
    code (then spent); otherwise the error code. The caller commits."""
    code = "".join(code.split())
    if not code:
        return "auth.totp_required"
    assert account.totp_secret is not None
    step = totp.matching_step(account.totp_secret, code, now, after=account.totp_last_step)
    if step is not None and uow.accounts.use_totp_step(account.id, step):
        return None
    if len(code) > totp.DIGITS and uow.accounts.use_recovery_code(
        account.id, totp.recovery_hash(code), now
    ):
        return None
    return "auth.totp_invalid"


def _known_device(
    limiter: RateLimiter,
    devices: DeviceTokens,
    device_token: str | None,
    key: str,
    now: datetime,
    policy: Policy,
) -> str | None:
    """The device id when the client proves an earlier login to this email and its own
    budget is not spent; a locked known device is treated as an unknown client."""
    if not device_token:
        return None
    device = devices.device_of(
        device_token[:200], key, now=now, max_age_s=policy.known_device_days * 86400
    )
    if device is None or minutes_left(limiter, Scope.device(device), now):
        return None
    return device


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


def _locked(
    uow: UnitOfWork,
    notices: NoticeComposer,
    account: Account,
    client: Client,
    now: datetime,
    policy: Policy,
    minutes: int,
    device: str | None,
) -> None:
    """Audit the lock; for the email's lock, mail the owner the link that lifts it (a
    known device's own lock needs no link: the device still logs in as an unknown client)."""
    with uow:
        if device is None:
            token = issue_account_token(account, "unlock", now, valid_for=timedelta(hours=24))
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
            scope="device" if device else "email",
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
        if account.disabled_at is not None:
            raise PermissionDenied("auth.required")
        idle = (
            policy.staff_session_idle_minutes
            if account.needs_second_factor
            else policy.session_idle_minutes
        )
        if now - session.last_seen_at > timedelta(minutes=idle):
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
        branch_code=account.branch_code if account.is_staff else None,
        employer_npp=account.employer_npp if account.role is Role.EMPLOYER_HR else None,
    )
