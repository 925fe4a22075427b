"""Delivering the outbox: ``jmo outbox send`` (one pass) and ``jmo outbox worker`` (a loop).

Guarantees (docs/notifications.md):

* **Never lost.** A notice is a row written in the same transaction as its change. A mail
  server that is down only makes the attempt fail: the row stays, with ``attempts``,
  ``last_error`` and ``next_attempt_at`` (exponential backoff), until it is delivered or the
  attempts run out (then ``failed_at`` is set and an audit entry says so).
* **Never sent twice.** One notice per transaction: the row is claimed with a lock
  (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, the single writer of SQLite), handed to the
  server, and marked sent in that same transaction. Another worker skips the locked row and
  after the commit sees it sent. The only gap no outbox can close, a crash between the
  server's "accepted" and our commit, is covered by the idempotency key travelling as the
  email's Message-ID and the SMS gateway's reference.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from jmo.domain.notices import NoticeChannel, SendReceipt
from jmo.domain.time import Clock
from jmo.usecases.auditing import audit
from jmo.usecases.ports.notices import Delivery, DeliveryFailed
from jmo.usecases.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger("jmo.outbox")


@dataclass(frozen=True)
class Attempt:
    notice_id: UUID
    kind: str
    channel: NoticeChannel
    outcome: str  # "sent", "retry" or "failed"
    via: str | None = None
    error: str | None = None
    next_attempt_at: datetime | None = None


@dataclass(frozen=True)
class DispatchReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0

    @property
    def attempted(self) -> int:
        return self.sent + self.retried + self.failed


def dispatch_next(uow: UnitOfWork, delivery: Delivery, *, now: datetime) -> Attempt | None:
    """Deliver the next due notice, if any. One transaction, one notice."""
    with uow:
        notice = uow.outbox.claim_next_due(now)
        if notice is None:
            return None
        sender = delivery.senders.get(notice.channel)
        receipt: SendReceipt | None = None
        failure: DeliveryFailed
        try:
            if sender is None:
                raise DeliveryFailed(f"no sender for {notice.channel.value}")
            if not notice.can_be_sent(now):
                # its link or code expired (or was forgotten) before it could be delivered:
                # a stale one is never sent late; the person asks for a new one
                raise DeliveryFailed("one-time secret expired before delivery", permanent=True)
            receipt = sender.send(notice.rendered())
        except DeliveryFailed as exc:
            failure = exc
        except Exception as exc:  # a bug in an adapter must not stall the queue on one row
            log.exception("sender crashed on notice %s", notice.id)
            failure = DeliveryFailed(f"unexpected {type(exc).__name__}")

        if receipt is not None:
            uow.outbox.mark_sent(
                notice.id,
                at=now,
                via=receipt.via,
                provider_message_id=receipt.provider_message_id,
                keep_secrets=receipt.read_from_outbox,
            )
            audit(
                uow,
                None,
                "notice.sent",
                subject_type="notice",
                subject_id=notice.id,
                at=now,
                kind=notice.kind,
                channel_used=notice.channel.value,
                via=receipt.via,
                attempts=notice.attempts + 1,
            )
            uow.commit()
            return Attempt(notice.id, notice.kind, notice.channel, "sent", via=receipt.via)

        attempts = notice.attempts + 1
        next_at = None if failure.permanent else delivery.retry.next_attempt(attempts, now)
        uow.outbox.mark_failed(notice.id, at=now, error=failure.reason, next_attempt_at=next_at)
        if next_at is None:
            audit(
                uow,
                None,
                "notice.failed",
                subject_type="notice",
                subject_id=notice.id,
                at=now,
                kind=notice.kind,
                channel_used=notice.channel.value,
                attempts=attempts,
                permanent=failure.permanent,
            )
        uow.commit()
        log.warning(
            "notice %s (%s) attempt %d failed: %s", notice.id, notice.kind, attempts, failure.reason
        )
        return Attempt(
            notice.id,
            notice.kind,
            notice.channel,
            "retry" if next_at else "failed",
            error=failure.reason,
            next_attempt_at=next_at,
        )


def dispatch_due(
    uow: UnitOfWorkFactory, delivery: Delivery, *, clock: Clock, limit: int = 500
) -> DispatchReport:
    """Deliver every notice due now (at most ``limit``), one transaction each; first forget
    the one-time secrets that expired (a cheap indexed update)."""
    with uow() as work:
        work.outbox.forget_expired_secrets(clock.now())
        work.commit()
    sent = retried = failed = 0
    for _ in range(limit):
        attempt = dispatch_next(uow(), delivery, now=clock.now())
        if attempt is None:
            break
        if attempt.outcome == "sent":
            sent += 1
        elif attempt.outcome == "retry":
            retried += 1
        else:
            failed += 1
    return DispatchReport(sent=sent, retried=retried, failed=failed)
