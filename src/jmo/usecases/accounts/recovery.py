"""Getting back in: the unlock link after a lockout, and password reset by email.

Answers never tell whether an email has an account (OWASP ASVS 2.5.x, 3.x): a reset
request for an unknown address is answered exactly like one for a known address.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from jmo.domain.accounts import Account, AccountToken
from jmo.domain.errors import NotFound, TooManyAttempts
from jmo.domain.notices import NoticeChannel
from jmo.domain.passwords import check_new_password
from jmo.usecases.accounts.lockout import Scope, clear, email_key
from jmo.usecases.accounts.sessions import Client, hash_token, issue_account_token
from jmo.usecases.auditing import audit
from jmo.usecases.notifications.queue import queue_notice
from jmo.usecases.ports.accounts import PasswordHasher
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.rate_limits import RateLimiter
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import Policy

RESET_VALID_FOR = timedelta(hours=1)


def valid_account_token(uow: UnitOfWork, secret: str, purpose: str, now: datetime) -> AccountToken:
    """The unused, unexpired token of this purpose, or ``NotFound`` (one answer for all)."""
    token = uow.account_tokens.get_by_hash(hash_token(secret or ""))
    if (
        token is None
        or token.purpose != purpose
        or token.used_at is not None
        or token.expires_at <= now
    ):
        raise NotFound("account_token")
    return token


def _clear_login_limits(limiter: RateLimiter, email: str) -> None:
    clear(limiter, Scope.email(email_key(email)))


def unlock_account(
    uow: UnitOfWork, limiter: RateLimiter, *, token: str, client: Client, now: datetime
) -> Account:
    """The link in the lockout email: lift the lock at once."""
    with uow:
        record = valid_account_token(uow, token, "unlock", now)
        account = uow.accounts.get(record.account_id)
        if account is None or not uow.account_tokens.mark_used(record.id, now):
            raise NotFound("account_token")
        audit(
            uow,
            None,
            "account.unlocked",
            subject_type="account",
            subject_id=account.id,
            at=now,
            channel=client.channel,
            client_ip=client.ip,
        )
        uow.commit()
    _clear_login_limits(limiter, account.email)
    return account


def request_password_reset(
    uow: UnitOfWork,
    limiter: RateLimiter,
    notices: NoticeComposer,
    *,
    email: str,
    client: Client,
    now: datetime,
    policy: Policy,
) -> None:
    """Send a reset link if the email has an account; say nothing either way."""
    email = (email or "").strip().lower()
    for bucket in (f"reset:ip:{client.ip}", f"reset:email:{email_key(email)}"):
        decision = limiter.hit(bucket, limit=policy.reset_requests_per_hour, window_s=3600, now=now)
        if not decision.allowed:
            raise TooManyAttempts(
                "auth.too_many_attempts", minutes=-(-decision.retry_after_s // 60)
            )
    with uow:
        account = uow.accounts.get_by_email(email) if email else None
        if account is None:
            return
        issued = issue_account_token(account, "password_reset", now, valid_for=RESET_VALID_FOR)
        uow.account_tokens.add(issued.record)
        queue_notice(
            uow,
            notices,
            kind="account.password_reset",
            channel=NoticeChannel.EMAIL,
            recipient=account.email,
            participant_id=account.participant_id,
            event_key=str(issued.record.id),
            now=now,
            params={},
            secrets={"link": f"{policy.public_url}/akun/reset-kata-sandi?token={issued.secret}"},
            secrets_valid_until=issued.record.expires_at,
        )
        audit(
            uow,
            None,
            "account.password_reset_requested",
            subject_type="account",
            subject_id=account.id,
            at=now,
            channel=client.channel,
            client_ip=client.ip,
        )
        uow.commit()


def check_reset_token(uow: UnitOfWork, *, token: str, now: datetime) -> None:
    """Is the link still good? (The page asks before showing the form.)"""
    with uow:
        valid_account_token(uow, token, "password_reset", now)


def reset_password(
    uow: UnitOfWork,
    passwords: PasswordHasher,
    limiter: RateLimiter,
    notices: NoticeComposer,
    *,
    token: str,
    new_password: str,
    is_common: Callable[[str], bool],
    client: Client,
    now: datetime,
) -> Account:
    """Set a new password from a reset link; every session of the account ends, and so
    does every other reset or unlock link still in someone's mailbox."""
    with uow:
        record = valid_account_token(uow, token, "password_reset", now)
        account = uow.accounts.get(record.account_id)
        if account is None:
            raise NotFound("account_token")
        check_new_password(
            new_password,
            is_common=is_common,
            personal=[account.email.split("@")[0]],
            field="new_password",
        )
        if not uow.account_tokens.mark_used(record.id, now):
            raise NotFound("account_token")
        account.password_hash = passwords.hash(new_password)
        account.password_changed_at = now
        uow.accounts.save(account)
        ended = uow.sessions.revoke_all(account.id, now)
        links_ended = uow.account_tokens.end_all(account.id, now)
        _password_changed_notice(uow, notices, account, now)
        audit(
            uow,
            None,
            "account.password_reset",
            subject_type="account",
            subject_id=account.id,
            at=now,
            channel=client.channel,
            client_ip=client.ip,
            sessions_ended=ended,
            links_ended=links_ended,
        )
        uow.commit()
    _clear_login_limits(limiter, account.email)
    clear(limiter, Scope.password_change(account.id))  # the form's lock, too: a new password
    return account


def _password_changed_notice(
    uow: UnitOfWork, notices: NoticeComposer, account: Account, now: datetime
) -> None:
    queue_notice(
        uow,
        notices,
        kind="account.password_changed",
        channel=NoticeChannel.EMAIL,
        recipient=account.email,
        participant_id=account.participant_id,
        event_key=f"{account.id}:{now.isoformat()}",
        now=now,
        params={},
    )
