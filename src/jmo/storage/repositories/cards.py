from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session as DbSession

from jmo.domain.card import Card, Program
from jmo.storage.db import core_read
from jmo.storage.rows_services import CardRow


def _to_domain(row: CardRow | Any) -> Card:
    return Card(
        id=row.id,
        participant_id=row.participant_id,
        kpj=row.kpj,
        full_name=row.full_name,
        programs=tuple(Program(p) for p in row.programs),
        employer_name=row.employer_name,
        issued_at=row.issued_at,
        valid_through=row.valid_through,
        key_id=row.key_id,
        revoked_at=row.revoked_at,
        revoked_reason=row.revoked_reason,
    )


# The card page's read, built once and run in Core: plain rows (storage.repositories.participants).
_CARDS = CardRow.__table__
_LATEST_FOR = (
    select(_CARDS)
    .where(_CARDS.c.participant_id == bindparam("participant_id"))
    .order_by(_CARDS.c.issued_at.desc(), _CARDS.c.id)
    .limit(1)
)


class SqlCards:
    def __init__(self, session: DbSession) -> None:
        self._s = session

    def get(self, card_id: UUID) -> Card | None:
        row = self._s.get(CardRow, card_id)
        return _to_domain(row) if row else None

    def latest_for(self, participant_id: UUID) -> Card | None:
        found = core_read(self._s, _LATEST_FOR, {"participant_id": participant_id})
        row = found.first()
        return _to_domain(row) if row else None

    def add(self, card: Card) -> None:
        self._s.add(
            CardRow(
                id=card.id,
                participant_id=card.participant_id,
                kpj=card.kpj,
                full_name=card.full_name,
                programs=[p.value for p in card.programs],
                employer_name=card.employer_name,
                key_id=card.key_id,
                issued_at=card.issued_at,
                valid_through=card.valid_through,
                revoked_at=card.revoked_at,
                revoked_reason=card.revoked_reason,
            )
        )
        self._s.flush()

    def save(self, card: Card) -> None:
        row = self._s.get(CardRow, card.id)
        if row is None:
            raise LookupError("card vanished")
        row.revoked_at = card.revoked_at
        row.revoked_reason = card.revoked_reason
        self._s.flush()
