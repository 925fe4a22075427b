"""Creating accounts (CLI and demo today; self-registration later)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from jmo.domain.accounts import Account, Actor, Role
from jmo.domain.errors import Conflict, NotFound
from jmo.domain.identifiers.email import parse_email
from jmo.domain.passwords import check_new_password
from jmo.usecases.auditing import audit
from jmo.usecases.ports.accounts import PasswordHasher
from jmo.usecases.ports.unit_of_work import UnitOfWork


def create_account(
    uow: UnitOfWork,
    passwords: PasswordHasher,
    actor: Actor | None,
    *,
    email: str,
    password: str,
    role: Role,
    now: datetime,
    kpj: str | None = None,
    employer_npp: str | None = None,
    branch_code: str | None = None,
    is_common: Callable[[str], bool] | None = None,
) -> Account:
    email = parse_email(email)
    check_new_password(
        password, is_common=is_common or (lambda _: False), personal=[email.split("@")[0]]
    )
    with uow:
        if uow.accounts.get_by_email(email) is not None:
            raise Conflict("account.email_taken", field="email")
        participant_id = None
        if role is Role.PARTICIPANT:
            participant = uow.participants.get_by_kpj(kpj or "")
            if participant is None:
                raise NotFound("participant")
            if uow.accounts.for_participant(participant.id) is not None:
                raise Conflict("account.participant_has_account", field="kpj")
            participant_id = participant.id
        account = Account(
            id=uuid.uuid4(),
            email=email,
            password_hash=passwords.hash(password),
            role=role,
            participant_id=participant_id,
            employer_npp=employer_npp,
            branch_code=branch_code,
            created_at=now,
            password_changed_at=now,
        )
        uow.accounts.add(account)
        audit(
            uow,
            actor,
            "account.created",
            subject_type="account",
            subject_id=account.id,
            at=now,
            channel=actor.channel if actor else "cli",
            role=role.value,
        )
        uow.commit()
        return account
