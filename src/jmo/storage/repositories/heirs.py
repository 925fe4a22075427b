from __future__ import annotations

from uuid import UUID

from sqlalchemy import delete, select
from sqlalchemy.orm import Session as DbSession

from jmo.domain.claims.model import HeirRelationship
from jmo.domain.heirs import Heir
from jmo.storage.crypto import FieldCipher
from jmo.storage.rows_accounts import HeirRow

NAME_CONTEXT = "participant_heirs.full_name"
NIK_CONTEXT = "participant_heirs.nik"
# The participants' index context: an heir's NIK and a participant's NIK index alike.
INDEX_CONTEXT = "participants.nik"


class SqlHeirs:
    def __init__(self, session: DbSession, cipher: FieldCipher) -> None:
        self._s = session
        self._c = cipher

    def _heir(self, row: HeirRow) -> Heir:
        return Heir(
            id=row.id,
            participant_id=row.participant_id,
            relationship=HeirRelationship(row.relationship),
            full_name=self._c.decrypt(row.full_name_enc, context=NAME_CONTEXT) or "",
            nik=self._c.decrypt(row.nik_enc, context=NIK_CONTEXT) or "",
            created_at=row.created_at,
        )

    def add(self, heir: Heir) -> None:
        self._s.add(
            HeirRow(
                id=heir.id,
                participant_id=heir.participant_id,
                relationship=heir.relationship.value,
                full_name_enc=self._c.encrypt(heir.full_name, context=NAME_CONTEXT) or "",
                nik_enc=self._c.encrypt(heir.nik, context=NIK_CONTEXT) or "",
                nik_index=self._c.blind_index(heir.nik, context=INDEX_CONTEXT),
                created_at=heir.created_at,
            )
        )
        self._s.flush()

    def for_participant(self, participant_id: UUID) -> list[Heir]:
        rows = self._s.scalars(
            select(HeirRow)
            .where(HeirRow.participant_id == participant_id)
            .order_by(HeirRow.created_at, HeirRow.id)
        )
        return [self._heir(r) for r in rows]

    def remove(self, participant_id: UUID, heir_id: UUID) -> bool:
        done = self._s.execute(
            delete(HeirRow).where(HeirRow.id == heir_id, HeirRow.participant_id == participant_id)
        )
        return bool(getattr(done, "rowcount", 0))

    def naming(self, nik: str) -> list[Heir]:
        index = self._c.blind_index(nik, context=INDEX_CONTEXT)
        rows = self._s.scalars(
            select(HeirRow).where(HeirRow.nik_index == index).order_by(HeirRow.created_at)
        )
        return [self._heir(r) for r in rows]
