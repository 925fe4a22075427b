"""Queueing a notice in the same transaction as the change it reports."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime

from jmo.domain.notices import (
    SECRET_PARAMS,
    Notice,
    NoticeChannel,
    carries_sensitive_number,
    fill_secrets,
    secret_names,
    secret_placeholder,
    without_placeholder_marks,
)
from jmo.domain.participant import Participant
from jmo.usecases.notifications.protection import NOT_ME_FOOTER, copy_to_inbox, not_me_link
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.unit_of_work import UnitOfWork


class SensitiveNotice(ValueError):
    """A notice text would carry a NIK- or account-like number: a bug in a template or in
    the parameters, refused before it reaches a mail server."""


def queue_notice(
    uow: UnitOfWork,
    composer: NoticeComposer,
    *,
    kind: str,
    channel: NoticeChannel,
    recipient: str,
    participant_id: uuid.UUID | None,
    event_key: str,
    now: datetime,
    params: Mapping[str, str],
    locale: str = "id",
    secrets: Mapping[str, str] | None = None,
    secrets_valid_until: datetime | None = None,
) -> Notice:
    """``event_key`` names the event (a message id, a status change): with the kind,
    channel and recipient it is the idempotency key, unique in the outbox, so the same
    event never queues the same notice twice.

    ``secrets`` (a reset or unlock link, a one-time code) are composed as placeholders:
    the stored text never holds them; they are kept apart until ``secrets_valid_until``
    and filled in for the sender only (docs/notifications.md)."""
    secrets = dict(secrets or {})
    if SECRET_PARAMS & set(params):
        raise ValueError(f"{kind}: a link or code goes in secrets, never in params")
    if secrets and secrets_valid_until is None:
        raise ValueError("a notice with secrets needs the time they stop being valid")
    shown = {name: without_placeholder_marks(value) for name, value in params.items()}
    placeholders = {name: secret_placeholder(name) for name in secrets}
    subject, body = composer.compose(kind, locale, **shown, **placeholders)
    if participant_id is not None and not secrets:
        # A notice about the person's data or money: a copy in the in-app inbox, and a
        # one-tap "Bukan saya" link (issue 12). Codes and links are neither.
        copy_to_inbox(uow, participant_id, kind, event_key, subject, body, now)
        not_me = not_me_link(uow, composer, participant_id, now)
        if not_me is not None:
            _, footer = composer.compose(NOT_ME_FOOTER, locale, not_me=secret_placeholder("not_me"))
            body = f"{body}\n\n{footer}"
            secrets["not_me"], secrets_valid_until = not_me
    if set(secrets) - secret_names(subject + body):
        raise ValueError(f"the text of {kind} does not show every secret it was given")
    full_subject, full_body = fill_secrets(subject, secrets), fill_secrets(body, secrets)
    if carries_sensitive_number(full_subject) or carries_sensitive_number(full_body):
        raise SensitiveNotice(kind)
    notice = Notice(
        id=uuid.uuid4(),
        channel=channel,
        recipient=recipient,
        kind=kind,
        subject=subject,
        body=body,
        idempotency_key=f"{kind}:{event_key}:{channel.value}:{recipient}"[:120],
        created_at=now,
        participant_id=participant_id,
        secrets=secrets,
        secrets_expire_at=secrets_valid_until if secrets else None,
    )
    uow.outbox.add(notice)
    return notice


def notify_participant(
    uow: UnitOfWork,
    composer: NoticeComposer,
    participant: Participant,
    *,
    kind: str,
    event_key: str,
    now: datetime,
    params: Mapping[str, str],
    sms: bool = False,
) -> list[Notice]:
    """Email to the participant's address, and an SMS too when ``sms`` (for notices that
    ask the person to act)."""
    queued = []
    if participant.profile.email:
        queued.append(
            queue_notice(
                uow,
                composer,
                kind=kind,
                channel=NoticeChannel.EMAIL,
                recipient=participant.profile.email,
                participant_id=participant.id,
                event_key=event_key,
                now=now,
                params=params,
            )
        )
    if sms and participant.profile.phone:
        queued.append(
            queue_notice(
                uow,
                composer,
                kind=kind,
                channel=NoticeChannel.SMS,
                recipient=participant.profile.phone,
                participant_id=participant.id,
                event_key=event_key,
                now=now,
                params=params,
            )
        )
    return queued
