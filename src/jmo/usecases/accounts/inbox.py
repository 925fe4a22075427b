"""The in-app inbox (issue 12): a copy of every notice about the person's data or money
(``jmo.usecases.notifications.protection``), the unread count for the page header, and
marking messages read."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from jmo.domain.accounts import Actor
from jmo.domain.freeze import Freeze
from jmo.domain.inbox import InboxMessage
from jmo.usecases.access import require_participant
from jmo.usecases.accounts.not_me import active_freeze
from jmo.usecases.ports.unit_of_work import UnitOfWork

PAGE_SIZE = 100


@dataclass(frozen=True)
class InboxView:
    messages: list[InboxMessage]
    unread: int
    freeze: Freeze | None  # the account is frozen ("Bukan saya" was used)


def inbox(uow: UnitOfWork, actor: Actor) -> InboxView:
    participant_id = require_participant(actor)
    with uow:
        return InboxView(
            uow.inbox.for_participant(participant_id, PAGE_SIZE),
            uow.inbox.unread_count(participant_id),
            active_freeze(uow, participant_id),
        )


def unread_count(uow: UnitOfWork, actor: Actor) -> int:
    """For the header of participant pages; 0 for staff."""
    if not actor.is_participant or actor.participant_id is None:
        return 0
    with uow:
        return uow.inbox.unread_count(actor.participant_id)


def mark_read(uow: UnitOfWork, actor: Actor, message_id: uuid.UUID | None, *, now: datetime) -> int:
    """One message of the person (or all of them when ``message_id`` is None)."""
    participant_id = require_participant(actor)
    with uow:
        changed = uow.inbox.mark_read(participant_id, message_id, now)
        uow.commit()
        return changed
