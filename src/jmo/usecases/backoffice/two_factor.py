"""The staff second factor: enrolment by QR code after the first correct password, ten
recovery codes, and the development helper that shows the current code.

The ticket from ``SecondFactorEnrolment`` (an account token, one use, ten minutes) proves
the password was right; the enrolment ends in the same session a login gives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from jmo.domain.accounts import Account, AccountToken
from jmo.domain.backoffice import totp
from jmo.domain.errors import NotFound, PermissionDenied, ValidationFailed
from jmo.usecases.accounts.sessions import Client, LoginResult, hash_token, open_session
from jmo.usecases.auditing import audit
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import Policy

TICKET_PURPOSE = "totp_enrol"


@dataclass(frozen=True)
class Enrolment:
    email: str
    secret: str  # shown as text beside the QR code, for apps that cannot scan
    uri: str  # otpauth://, what the QR code holds


@dataclass(frozen=True)
class Enrolled:
    login: LoginResult
    recovery_codes: list[str]  # shown once; only their hashes are kept


def _ticket(uow: UnitOfWork, ticket: str, now: datetime) -> tuple[AccountToken, Account]:
    token = uow.account_tokens.get_by_hash(hash_token(ticket or ""))
    if (
        token is None
        or token.purpose != TICKET_PURPOSE
        or token.used_at is not None
        or now >= token.expires_at
    ):
        raise PermissionDenied("auth.enrolment_expired")
    account = uow.accounts.get(token.account_id)
    if account is None or not account.needs_second_factor or account.disabled_at is not None:
        raise PermissionDenied("auth.enrolment_expired")
    return token, account


def start_enrolment(uow: UnitOfWork, *, ticket: str, now: datetime) -> Enrolment:
    """A new secret (kept unconfirmed until a code from it matches); reloading the page
    shows the same one."""
    with uow:
        _, account = _ticket(uow, ticket, now)
        secret = account.totp_secret
        if secret is None or account.totp_confirmed_at is not None:
            secret = totp.new_secret()
            uow.accounts.set_totp(account.id, secret, confirmed_at=None)
            uow.commit()
        return Enrolment(account.email, secret, totp.provisioning_uri(secret, account.email))


def finish_enrolment(
    uow: UnitOfWork,
    *,
    ticket: str,
    code: str,
    client: Client,
    now: datetime,
    policy: Policy,
    kind: str = "web",
    locale: str | None = None,
) -> Enrolled:
    with uow:
        token, account = _ticket(uow, ticket, now)
        if account.totp_secret is None:
            raise PermissionDenied("auth.enrolment_expired")
        step = totp.matching_step(account.totp_secret, code, now, after=None)
        if step is None:
            raise ValidationFailed.single("code", "auth.totp_invalid")
        if not uow.account_tokens.mark_used(token.id, now):
            raise PermissionDenied("auth.enrolment_expired")
        uow.accounts.set_totp(account.id, account.totp_secret, confirmed_at=now)
        uow.accounts.use_totp_step(account.id, step)
        codes = totp.new_recovery_codes()
        uow.accounts.replace_recovery_codes(account.id, [totp.recovery_hash(c) for c in codes], now)
        audit(
            uow,
            None,
            "account.second_factor_enrolled",
            subject_type="account",
            subject_id=account.id,
            at=now,
            channel=client.channel,
            client_ip=client.ip,
        )
        result = open_session(uow, account, client, now, policy, kind=kind, locale=locale)
        uow.commit()
        return Enrolled(result, codes)


def development_code(uow: UnitOfWork, *, email: str, now: datetime) -> str:
    """The current code of a staff account (``jmo staff totp``, development only: the CLI
    refuses in any other environment)."""
    with uow:
        account = uow.accounts.get_by_email(email.strip().lower())
        if account is None or not account.needs_second_factor or not account.totp_secret:
            raise NotFound("account")
        return totp.current_code(account.totp_secret, now)
