"""Registration, "Buat Akun Baru" (issue 12): identity first (NIK, KPJ, full name, birth
date, checked against the participant registry), then a new email and mobile number each
proven by a code, then a password and the terms. Pages and API call these same steps.

One person, one account: when the NIK already has an account under another KPJ, the new
KPJ joins that account (the records of one NIK are one person, ``same_person``) and the
account's owner is told; no second account is made."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from jmo.domain.accounts import Account, Role
from jmo.domain.errors import CollectErrors, Conflict, ValidationFailed
from jmo.domain.identifiers.email import mask_email
from jmo.domain.identifiers.region import RegionDirectory
from jmo.domain.notices import NoticeChannel
from jmo.domain.onboarding import TERMS_FIELD, Purpose
from jmo.domain.passwords import check_new_password
from jmo.usecases.accounts.onboarding import (
    begin,
    check_identity,
    load,
    parse_identity,
    require_contacts,
)
from jmo.usecases.accounts.sessions import Client
from jmo.usecases.auditing import audit
from jmo.usecases.notifications.queue import queue_notice
from jmo.usecases.ports.accounts import PasswordHasher
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.participants import ParticipantRegistry
from jmo.usecases.ports.rate_limits import RateLimiter
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import Policy

STARTED, JOINED, HAS_ACCOUNT = "started", "joined", "has_account"


@dataclass(frozen=True)
class RegistrationStart:
    outcome: str  # STARTED (go on with the token), JOINED or HAS_ACCOUNT (log in instead)
    token: str | None = None
    email_masked: str | None = None  # the existing account's login, masked


def start_registration(
    uow: UnitOfWork,
    registry: ParticipantRegistry,
    limiter: RateLimiter,
    notices: NoticeComposer,
    raw: Mapping[str, str],
    *,
    regions: RegionDirectory,
    client: Client,
    policy: Policy,
    now: datetime,
) -> RegistrationStart:
    claim = parse_identity(raw, regions, today=now.date(), with_name=True)
    participant_id = check_identity(registry, limiter, claim, client=client, policy=policy, now=now)
    with uow:
        for record in uow.participants.same_person(participant_id):
            account = uow.accounts.for_participant(record.id)
            if account is None:
                continue
            if record.id == participant_id:
                return RegistrationStart(HAS_ACCOUNT, email_masked=mask_email(account.email))
            audit(
                uow,
                None,
                "account.kpj_joined",
                subject_type="account",
                subject_id=account.id,
                at=now,
                channel=client.channel,
                client_ip=client.ip,
                joined_participant=str(participant_id),
            )
            queue_notice(
                uow,
                notices,
                kind="account.kpj_joined",
                channel=NoticeChannel.EMAIL,
                recipient=account.email,
                participant_id=account.participant_id,
                event_key=f"{account.id}:{participant_id}",
                now=now,
                params={},
            )
            uow.commit()
            return RegistrationStart(JOINED, email_masked=mask_email(account.email))
        started = begin(uow, Purpose.REGISTER, participant_id, now)
        audit(
            uow,
            None,
            "account.registration_started",
            subject_type="participant",
            subject_id=participant_id,
            at=now,
            channel=client.channel,
            client_ip=client.ip,
        )
        uow.commit()
        return RegistrationStart(STARTED, token=started.token)


def complete_registration(
    uow: UnitOfWork,
    passwords: PasswordHasher,
    notices: NoticeComposer,
    *,
    token: str,
    password: str,
    terms_accepted: bool,
    terms_version: str,
    policy: Policy,
    is_common: Callable[[str], bool],
    client: Client,
    now: datetime,
) -> Account:
    """The account, made with the proven email and phone and the accepted terms."""
    with uow:
        item = load(uow, token, Purpose.REGISTER, now)
        email, phone = require_contacts(item)
        participant = uow.participants.get(item.participant_id)
        assert participant is not None
        errors = CollectErrors()
        errors.run(
            "password",
            check_new_password,
            password,
            is_common=is_common,
            personal=[email.split("@")[0], *participant.identity.full_name.split()],
        )
        if not terms_accepted:
            errors.add(TERMS_FIELD, "terms.required")
        elif terms_version != policy.terms_version:
            errors.add(TERMS_FIELD, "terms.outdated")
        errors.raise_if_any()
        for record in uow.participants.same_person(participant.id):
            if uow.accounts.for_participant(record.id) is not None:
                raise Conflict("account.participant_has_account", field="kpj")
        if uow.accounts.get_by_email(email) is not None:
            raise ValidationFailed.single("email", "account.email_taken")
        account = Account(
            id=uuid.uuid4(),
            email=email,
            password_hash=passwords.hash(password),
            role=Role.PARTICIPANT,
            participant_id=participant.id,
            created_at=now,
            password_changed_at=now,
            phone=phone,
            terms_version=terms_version,
            terms_accepted_at=now,
        )
        uow.accounts.add(account)
        item.completed_at = now
        uow.onboardings.save(item)
        audit(
            uow,
            None,
            "account.registered",
            subject_type="account",
            subject_id=account.id,
            at=now,
            channel=client.channel,
            client_ip=client.ip,
            terms_version=terms_version,
        )
        queue_notice(
            uow,
            notices,
            kind="account.registered",
            channel=NoticeChannel.EMAIL,
            recipient=email,
            participant_id=participant.id,
            event_key=str(account.id),
            now=now,
            params={},
        )
        uow.commit()
        return account
