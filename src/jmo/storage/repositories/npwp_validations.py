from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy.orm import Session as DbSession

from jmo.storage.rows_jht import NpwpValidationRow


class SqlNpwpValidations:
    def __init__(self, session: DbSession) -> None:
        self._s = session

    def nik_marked_valid(self, participant_id: UUID) -> bool:
        row = self._s.get(NpwpValidationRow, participant_id)
        return bool(row and row.nik_valid)

    def record(
        self,
        participant_id: UUID,
        *,
        nik_valid: bool,
        source: str,
        at: datetime,
        recorded_by: UUID | None,
    ) -> None:
        row = self._s.get(NpwpValidationRow, participant_id)
        if row is None:
            row = NpwpValidationRow(participant_id=participant_id)
            self._s.add(row)
        row.nik_valid = nik_valid
        row.source = source
        row.checked_at = at
        row.recorded_by = recorded_by
        self._s.flush()
