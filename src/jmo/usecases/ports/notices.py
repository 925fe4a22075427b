"""Telling people: the outbox, the in-app inbox, the texts, and the senders."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol
from uuid import UUID

from jmo.domain.inbox import InboxMessage
from jmo.domain.notices import Notice, NoticeChannel, RetryPolicy, SendReceipt


class Outbox(Protocol):
    def add(self, notice: Notice) -> None: ...
    def latest(self, limit: int) -> list[Notice]: ...
    def queued_at(
        self, participant_id: UUID, kinds: Sequence[str], since: datetime
    ) -> list[datetime]:
        """When each notice of these kinds for the participant was queued, oldest first."""

    def claim_next_due(self, now: datetime) -> Notice | None:
        """The oldest unsent notice whose time has come, locked for this transaction
        (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite serialises writers): no other
        worker can pick it until this transaction ends."""

    def mark_sent(
        self,
        notice_id: UUID,
        *,
        at: datetime,
        via: str,
        provider_message_id: str | None,
        keep_secrets: bool = False,
    ) -> None:
        """Delivered; its one-time secrets are forgotten unless ``keep_secrets`` (the dev
        outbox, which is itself where the notice is read)."""

    def mark_failed(
        self, notice_id: UUID, *, at: datetime, error: str, next_attempt_at: datetime | None
    ) -> None:
        """One more failed attempt; ``next_attempt_at`` None means give up (and forget its
        secrets)."""

    def forget_expired_secrets(self, now: datetime) -> int:
        """Wipe the secrets whose time has passed (sent or not); how many rows."""

    def counts(self) -> dict[str, int]: ...


class InboxRepository(Protocol):
    def add_once(self, message: InboxMessage, event: str) -> bool: ...
    def for_participant(self, participant_id: UUID, limit: int) -> list[InboxMessage]: ...
    def unread_count(self, participant_id: UUID) -> int: ...
    def mark_read(self, participant_id: UUID, message_id: UUID | None, at: datetime) -> int: ...


class NoticeComposer(Protocol):
    """Turns a notice kind and its parameters into a subject and body in a language.
    (Text lives at the edge, in the gettext catalogues; use cases only name the kind.)"""

    def compose(self, kind: str, locale: str, **params: str) -> tuple[str, str]: ...
    def link(self, path: str) -> str:
        """An absolute address of this service for a link in a notice."""
        ...


class DeliveryFailed(Exception):
    """A notice could not be handed over. ``permanent``: trying again will not help
    (the server refused the recipient); otherwise the dispatcher retries with backoff."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


class NoticeSender(Protocol):
    """Hands one notice to a mail server or SMS gateway. Raises DeliveryFailed."""

    def send(self, notice: Notice) -> SendReceipt: ...


@dataclass(frozen=True)
class Delivery:
    senders: Mapping[NoticeChannel, NoticeSender]
    retry: RetryPolicy = field(default_factory=RetryPolicy)
