from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import Update, func, select, update
from sqlalchemy.orm import Session as DbSession

from jmo.domain.notices import Notice, NoticeChannel
from jmo.storage.crypto import FieldCipher
from jmo.storage.rows import OutboxRow

MAX_ERROR_LENGTH = 500
_SECRETS = "outbox.secrets"
_FORGET = {"secrets_enc": None, "secrets_expire_at": None}


def forget_expired_secrets_statement(now: datetime) -> Update:
    """The one definition of "a secret has expired" for the outbox (the dispatcher's pass
    and ``jmo retention run`` both run it)."""
    return (
        update(OutboxRow)
        .where(OutboxRow.secrets_enc.is_not(None), OutboxRow.secrets_expire_at <= now)
        .values(**_FORGET)
    )


def _seal(cipher: FieldCipher, notice: Notice) -> str | None:
    """The secrets, encrypted, bound to their row: the notice id is inside the sealed
    value and checked on reading, so a value copied to another row does not open."""
    if not notice.secrets:
        return None
    plain = json.dumps({"notice": str(notice.id), "values": dict(notice.secrets)})
    return cipher.encrypt(plain, context=_SECRETS)


def _unseal(cipher: FieldCipher, row: OutboxRow) -> Mapping[str, str]:
    if not row.secrets_enc:
        return {}
    sealed = json.loads(cipher.decrypt(row.secrets_enc, context=_SECRETS) or "{}")
    if sealed.get("notice") != str(row.id):
        return {}  # not this row's: the notice is then not sent (Notice.can_be_sent)
    return {str(k): str(v) for k, v in dict(sealed.get("values") or {}).items()}


def _to_domain(row: OutboxRow, cipher: FieldCipher) -> Notice:
    return Notice(
        id=row.id,
        channel=NoticeChannel(row.channel),
        recipient=row.recipient,
        kind=row.kind,
        subject=row.subject,
        body=row.body,
        idempotency_key=row.idempotency_key,
        created_at=row.created_at,
        participant_id=row.participant_id,
        sent_at=row.sent_at,
        attempts=row.attempts,
        last_error=row.last_error,
        next_attempt_at=row.next_attempt_at,
        failed_at=row.failed_at,
        delivered_via=row.delivered_via,
        provider_message_id=row.provider_message_id,
        secrets=_unseal(cipher, row),
        secrets_expire_at=row.secrets_expire_at,
    )


class SqlOutbox:
    """Notices are rows written in the same transaction as the change they report; the
    dispatcher (``jmo.usecases.notifications.dispatch``) sends them after commit."""

    def __init__(self, session: DbSession, cipher: FieldCipher) -> None:
        self._s = session
        self._c = cipher

    def add(self, notice: Notice) -> None:
        self._s.add(
            OutboxRow(
                id=notice.id,
                channel=notice.channel.value,
                recipient=notice.recipient,
                kind=notice.kind,
                subject=notice.subject,
                body=notice.body,
                idempotency_key=notice.idempotency_key,
                participant_id=notice.participant_id,
                created_at=notice.created_at,
                next_attempt_at=notice.next_attempt_at or notice.created_at,
                attempts=0,
                secrets_enc=_seal(self._c, notice),
                secrets_expire_at=notice.secrets_expire_at if notice.secrets else None,
            )
        )
        self._s.flush()

    def latest(self, limit: int) -> list[Notice]:
        rows = self._s.scalars(
            select(OutboxRow).order_by(OutboxRow.created_at.desc(), OutboxRow.id).limit(limit)
        )
        return [_to_domain(row, self._c) for row in rows]

    def queued_at(
        self, participant_id: UUID, kinds: Sequence[str], since: datetime
    ) -> list[datetime]:
        rows = self._s.scalars(
            select(OutboxRow.created_at)
            .where(
                OutboxRow.participant_id == participant_id,
                OutboxRow.kind.in_(list(kinds)),
                OutboxRow.created_at >= since,
            )
            .order_by(OutboxRow.created_at)
        )
        return list(rows)

    def claim_next_due(self, now: datetime) -> Notice | None:
        # SKIP LOCKED: a second worker passes over a row another worker is sending and takes
        # the next one, instead of waiting for it or sending it too. SQLite has no row locks
        # (SQLAlchemy leaves the clause out there); its BEGIN IMMEDIATE makes the whole
        # claim-send-mark transaction one writer at a time (jmo.storage.db).
        row = self._s.scalar(
            select(OutboxRow)
            .where(
                OutboxRow.sent_at.is_(None),
                OutboxRow.failed_at.is_(None),
                OutboxRow.next_attempt_at <= now,
            )
            .order_by(OutboxRow.next_attempt_at, OutboxRow.created_at, OutboxRow.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        return _to_domain(row, self._c) if row is not None else None

    def _row(self, notice_id: UUID) -> OutboxRow:
        row = self._s.get(OutboxRow, notice_id)
        if row is None:
            raise LookupError("notice vanished")
        return row

    def mark_sent(
        self,
        notice_id: UUID,
        *,
        at: datetime,
        via: str,
        provider_message_id: str | None,
        keep_secrets: bool = False,
    ) -> None:
        row = self._row(notice_id)
        row.attempts += 1
        row.last_attempt_at = at
        row.sent_at = at
        row.delivered_via = via
        row.provider_message_id = provider_message_id
        if not keep_secrets:
            row.secrets_enc = row.secrets_expire_at = None
        self._s.flush()

    def mark_failed(
        self, notice_id: UUID, *, at: datetime, error: str, next_attempt_at: datetime | None
    ) -> None:
        row = self._row(notice_id)
        row.attempts += 1
        row.last_attempt_at = at
        row.last_error = error[:MAX_ERROR_LENGTH]
        if next_attempt_at is None:
            row.failed_at = at
            row.secrets_enc = row.secrets_expire_at = None  # given up: nothing left to send
        else:
            row.next_attempt_at = next_attempt_at
        self._s.flush()

    def forget_expired_secrets(self, now: datetime) -> int:
        result = self._s.execute(forget_expired_secrets_statement(now))
        return int(getattr(result, "rowcount", 0) or 0)

    def counts(self) -> dict[str, int]:
        sent = func.count(OutboxRow.sent_at)
        failed = func.count(OutboxRow.failed_at)
        total = func.count()
        row = self._s.execute(select(total, sent, failed).select_from(OutboxRow)).one()
        return {
            "total": row[0],
            "sent": row[1],
            "failed": row[2],
            "pending": row[0] - row[1] - row[2],
        }
