""" "Bukan saya" (issue 12): one tap on the link in a notice (or the button in the inbox)
freezes data changes and claim payouts on the person's records at once, ends every
session, and records a security event for the officers. An officer lifts the freeze
(staff API or CLI) only after the person passed a face check with liveness since the
freeze (``freeze_face``; docs/decisions/freeze-lift-needs-face.md).

The freeze covers every KPJ of the same NIK (one person); the data update's submit and
the claim payment check it (``require_not_frozen``)."""

from __future__ import annotations

import uuid
from datetime import datetime

from jmo.domain.accounts import Actor
from jmo.domain.backoffice.permissions import Action
from jmo.domain.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from jmo.domain.freeze import Freeze
from jmo.domain.notices import NoticeChannel
from jmo.domain.requests.ids import RequestKind
from jmo.usecases.access import (
    access_participant_as_staff,
    participants_in_scope,
    require_action,
    require_participant,
    require_staff,
)
from jmo.usecases.accounts.sessions import Client
from jmo.usecases.auditing import audit
from jmo.usecases.notifications.protection import NOT_ME_PURPOSE, token_hash
from jmo.usecases.notifications.queue import queue_notice
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.unit_of_work import UnitOfWork

FROZEN = "account.frozen"


def _person(uow: UnitOfWork, participant_id: uuid.UUID) -> list[uuid.UUID]:
    return [p.id for p in uow.participants.same_person(participant_id)] or [participant_id]


def active_freeze(uow: UnitOfWork, participant_id: uuid.UUID) -> Freeze | None:
    """Inside the caller's unit of work."""
    return uow.freezes.active(_person(uow, participant_id))


def require_not_frozen(uow: UnitOfWork, participant_id: uuid.UUID) -> None:
    """Inside the caller's unit of work: refuse a data change or a payout while frozen."""
    if active_freeze(uow, participant_id) is not None:
        raise PermissionDenied(FROZEN)


def _freeze(
    uow: UnitOfWork,
    notices: NoticeComposer,
    participant_id: uuid.UUID,
    account_id: uuid.UUID,
    *,
    source: str,
    channel: str,
    client: Client,
    now: datetime,
) -> Freeze:
    existing = active_freeze(uow, participant_id)
    if existing is not None:
        return existing  # a second tap changes nothing
    freeze = Freeze(uuid.uuid4(), participant_id, source, channel, now)
    uow.freezes.add(freeze)
    uow.request_ids.assign(RequestKind.SECURITY_FREEZE, freeze.id, participant_id, now)
    ended = uow.sessions.revoke_all(account_id, now)
    uow.account_tokens.end_all(account_id, now)
    audit(
        uow,
        None,
        "security.not_me",
        subject_type="participant",
        subject_id=participant_id,
        at=now,
        channel=client.channel,
        client_ip=client.ip,
        freeze_id=str(freeze.id),
        source=source,
        via=channel,
        sessions_ended=ended,
    )
    account = uow.accounts.get(account_id)
    if account is not None:
        queue_notice(
            uow,
            notices,
            kind="account.frozen",
            channel=NoticeChannel.EMAIL,
            recipient=account.email,
            participant_id=None,  # no "Bukan saya" on the freeze's own notice
            event_key=str(freeze.id),
            now=now,
            params={},
        )
    return freeze


def freeze_by_link(
    uow: UnitOfWork, notices: NoticeComposer, *, token: str, client: Client, now: datetime
) -> Freeze:
    """The link in a notice: works once, without logging in (the person may be locked
    out by whoever took the account)."""
    with uow:
        record = uow.account_tokens.get_by_hash(token_hash(token or ""))
        if (
            record is None
            or record.purpose != NOT_ME_PURPOSE
            or record.used_at is not None
            or record.expires_at <= now
        ):
            raise NotFound("account_token")
        account = uow.accounts.get(record.account_id)
        if account is None or account.participant_id is None:
            raise NotFound("account_token")
        if not uow.account_tokens.mark_used(record.id, now):
            raise NotFound("account_token")
        freeze = _freeze(
            uow,
            notices,
            account.participant_id,
            account.id,
            source="notice_link",
            channel="email_link",
            client=client,
            now=now,
        )
        uow.commit()
        return freeze


def freeze_from_app(
    uow: UnitOfWork, notices: NoticeComposer, actor: Actor, *, client: Client, now: datetime
) -> Freeze:
    """The "Bukan saya" button in the inbox, for the person logged in."""
    participant_id = require_participant(actor)
    with uow:
        freeze = _freeze(
            uow,
            notices,
            participant_id,
            actor.account_id,
            source="inbox",
            channel="app",
            client=client,
            now=now,
        )
        uow.commit()
        return freeze


def freeze_status(uow: UnitOfWork, participant_id: uuid.UUID) -> Freeze | None:
    with uow:
        return active_freeze(uow, participant_id)


def lift_freeze(
    uow: UnitOfWork, actor: Actor, participant_id: uuid.UUID, *, note: str, now: datetime
) -> Freeze:
    """An officer of the person's branch lifts it, after checking the report, once the
    person passed a face check with liveness since the freeze (``freeze_face``). Nothing
    to lift is a conflict, not a missing record: the 404 is for a participant outside the
    officer's branch (the back office's matrix)."""
    require_action(actor, Action.FREEZE_LIFT)
    note = (note or "").strip()
    if len(note) < 5:
        raise ValidationFailed.single("note", "freeze.note_required")
    with uow:
        access_participant_as_staff(uow, actor, participant_id, Action.FREEZE_LIFT)
        freeze = active_freeze(uow, participant_id)
        if freeze is None:
            raise Conflict("freeze.none")
        if freeze.face_passed_at is None:
            # The person's face check with liveness in the app comes first
            # (docs/decisions/freeze-lift-needs-face.md).
            raise Conflict("freeze.face_required")
        uow.freezes.lift(freeze.id, by=actor.account_id, note=note, at=now)
        audit(
            uow,
            actor,
            "security.freeze_lifted",
            subject_type="participant",
            subject_id=freeze.participant_id,
            at=now,
            freeze_id=str(freeze.id),
        )
        uow.commit()
        return freeze


def lift_freeze_for_kpj(
    uow: UnitOfWork, actor: Actor, kpj: str, *, note: str, now: datetime
) -> Freeze:
    """The same, found by a KPJ (the CLI at the counter)."""
    require_staff(actor)
    with uow:
        participant = uow.participants.get_by_kpj(kpj)
    if participant is None:
        raise NotFound("participant")
    return lift_freeze(uow, actor, participant.id, note=note, now=now)


def open_freezes(uow: UnitOfWork, actor: Actor, *, limit: int = 200) -> list[Freeze]:
    """The officers' queue of "Bukan saya" reports still in force, oldest first (no names:
    opening a participant is a recorded staff read), of the officer's branch."""
    require_action(actor, Action.QUEUE_VIEW)
    with uow:
        found = uow.freezes.open(limit)
        mine = participants_in_scope(uow, actor, (f.participant_id for f in found))
        return [f for f in found if f.participant_id in mine]
