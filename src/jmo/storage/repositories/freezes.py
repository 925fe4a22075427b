from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from jmo.domain.biometric import LivenessChallenge
from jmo.domain.freeze import Freeze
from jmo.storage.rows_accounts import FreezeRow


def _freeze(row: FreezeRow) -> Freeze:
    return Freeze(
        id=row.id,
        participant_id=row.participant_id,
        source=row.source,
        channel=row.channel,
        frozen_at=row.frozen_at,
        lifted_at=row.lifted_at,
        lifted_by=row.lifted_by,
        lift_note=row.lift_note,
        challenge=LivenessChallenge.from_dict(row.challenge) if row.challenge else None,
        face_passed_at=row.face_passed_at,
    )


class SqlFreezes:
    def __init__(self, session: DbSession) -> None:
        self._s = session

    def add(self, freeze: Freeze) -> None:
        self._s.add(
            FreezeRow(
                id=freeze.id,
                participant_id=freeze.participant_id,
                source=freeze.source,
                channel=freeze.channel,
                frozen_at=freeze.frozen_at,
                lifted_at=None,
                lifted_by=None,
                lift_note=None,
            )
        )
        self._s.flush()

    def active(self, participant_ids: list[UUID]) -> Freeze | None:
        """The oldest freeze still in force on any of these records (one person's KPJs)."""
        row = self._s.scalar(
            select(FreezeRow)
            .where(FreezeRow.participant_id.in_(participant_ids), FreezeRow.lifted_at.is_(None))
            .order_by(FreezeRow.frozen_at)
            .limit(1)
        )
        return _freeze(row) if row else None

    def open(self, limit: int) -> list[Freeze]:
        rows = self._s.scalars(
            select(FreezeRow)
            .where(FreezeRow.lifted_at.is_(None))
            .order_by(FreezeRow.frozen_at)
            .limit(limit)
        )
        return [_freeze(r) for r in rows]

    def lift(self, freeze_id: UUID, *, by: UUID, note: str, at: datetime) -> None:
        row = self._s.get(FreezeRow, freeze_id)
        if row is None or row.lifted_at is not None:
            raise LookupError("freeze not in force")
        row.lifted_at = at
        row.lifted_by = by
        row.lift_note = note[:500]
        self._s.flush()

    def save_face(
        self,
        freeze_id: UUID,
        *,
        challenge: LivenessChallenge | None,
        face_passed_at: datetime | None,
    ) -> None:
        row = self._s.get(FreezeRow, freeze_id)
        if row is None:
            raise LookupError("no such freeze")
        row.challenge = dict(challenge.to_dict()) if challenge else None
        row.face_passed_at = face_passed_at
        self._s.flush()

    def for_participant(self, participant_id: UUID) -> list[Freeze]:
        rows = self._s.scalars(
            select(FreezeRow)
            .where(FreezeRow.participant_id == participant_id)
            .order_by(FreezeRow.frozen_at.desc())
        )
        return [_freeze(r) for r in rows]
