"""Staff accounts, managed by admins: create (bound to a branch office), disable (every
session ends at once), reset the second factor (the next sign-in enrols a new one).
`jmo staff create|disable|reset-2fa` calls these; an admin manages the staff of the
branches they serve."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from jmo.domain.accounts import STAFF_ROLES, Account, Actor, Role
from jmo.domain.backoffice import totp
from jmo.domain.backoffice.branches import HEAD_OFFICE, get_branch
from jmo.domain.backoffice.permissions import Action
from jmo.domain.errors import DomainError, NotFound, ValidationFailed
from jmo.domain.identifiers.npp import parse_npp
from jmo.usecases.access import require_action
from jmo.usecases.accounts.create import create_account
from jmo.usecases.auditing import audit
from jmo.usecases.ports.accounts import PasswordHasher
from jmo.usecases.ports.unit_of_work import UnitOfWork


def create_staff(
    uow: UnitOfWork,
    passwords: PasswordHasher,
    actor: Actor,
    *,
    email: str,
    password: str,
    role: Role,
    branch_code: str,
    now: datetime,
    is_common: Callable[[str], bool] | None = None,
) -> Account:
    if role not in STAFF_ROLES:
        raise ValidationFailed.single("role", "field.choice")
    branch = get_branch(branch_code.strip().upper())
    if branch is None:
        raise ValidationFailed.single("branch", "field.choice")
    require_action(actor, Action.STAFF_MANAGE, branch=branch.code, missing="branch")
    return create_account(
        uow,
        passwords,
        actor,
        email=email,
        password=password,
        role=role,
        now=now,
        branch_code=branch.code,
        is_common=is_common,
    )


def _staff_account(uow: UnitOfWork, actor: Actor, email: str) -> Account:
    """A staff account of a branch the admin serves, or an employer HR account (those the
    head office manages: a company is not a branch's)."""
    require_action(actor, Action.STAFF_MANAGE)
    account = uow.accounts.get_by_email(email.strip().lower())
    if account is None or not account.needs_second_factor:
        raise NotFound("account")
    branch = account.branch_code if account.is_staff else HEAD_OFFICE
    require_action(actor, Action.STAFF_MANAGE, branch=branch or "", missing="account")
    return account


def create_employer_user(
    uow: UnitOfWork,
    passwords: PasswordHasher,
    actor: Actor,
    *,
    email: str,
    password: str,
    npp: str,
    now: datetime,
    is_common: Callable[[str], bool] | None = None,
) -> Account:
    """An HR login of one company (`jmo staff create EMAIL --role employer_hr --npp NPP`);
    the first sign-in at /perusahaan/masuk enrols the authenticator, like staff."""
    require_action(actor, Action.STAFF_MANAGE, branch=HEAD_OFFICE, missing="branch")
    try:
        company = parse_npp(npp)
    except DomainError as exc:
        raise ValidationFailed.single("npp", exc.code) from exc
    with uow:
        if uow.employers.get_by_npp(company) is None:
            raise ValidationFailed.single("npp", "employer.not_found")
    return create_account(
        uow,
        passwords,
        actor,
        email=email,
        password=password,
        role=Role.EMPLOYER_HR,
        now=now,
        employer_npp=company,
        is_common=is_common,
    )


def disable_staff(uow: UnitOfWork, actor: Actor, *, email: str, now: datetime) -> Account:
    with uow:
        account = _staff_account(uow, actor, email)
        if account.disabled_at is None:
            account.disabled_at = now
            uow.accounts.save(account)
        ended = uow.sessions.revoke_all(account.id, now)
        audit(
            uow,
            actor,
            "staff.disabled",
            subject_type="account",
            subject_id=account.id,
            at=now,
            sessions_ended=ended,
        )
        uow.commit()
        return account


def reset_two_factor(uow: UnitOfWork, actor: Actor, *, email: str, now: datetime) -> Account:
    """Lost phone: the secret and recovery codes go, sessions end; the next sign-in with
    the password shows a new QR code."""
    with uow:
        account = _staff_account(uow, actor, email)
        uow.accounts.set_totp(account.id, None, confirmed_at=None)
        uow.accounts.replace_recovery_codes(account.id, [], now)
        uow.sessions.revoke_all(account.id, now)
        audit(
            uow,
            actor,
            "staff.second_factor_reset",
            subject_type="account",
            subject_id=account.id,
            at=now,
        )
        uow.commit()
        return account


def set_second_factor(
    uow: UnitOfWork, actor: Actor, *, email: str, secret: str, now: datetime
) -> None:
    """A confirmed secret set by an admin without the QR step: the demo's staff (so `jmo
    staff totp` works at once) and tests. Real staff enrol by QR code."""
    with uow:
        account = _staff_account(uow, actor, email)
        totp.code_at(secret, 0)  # a malformed secret fails here, not at sign-in
        uow.accounts.set_totp(account.id, secret, confirmed_at=now)
        audit(
            uow,
            actor,
            "staff.second_factor_set",
            subject_type="account",
            subject_id=account.id,
            at=now,
        )
        uow.commit()
