"""Readable request ids. The number is drawn by one atomic upsert on the kind's counter
for the year (``INSERT ... ON CONFLICT DO UPDATE ... RETURNING``, on SQLite and
PostgreSQL alike): two requests made at the same moment wait for each other on that row
and never get the same number; a rolled-back request leaves a gap, never a duplicate."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import Table, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session as DbSession

from jmo.domain.requests.ids import RequestId, RequestKind, id_year
from jmo.domain.requests.timeline import RequestRef
from jmo.storage.rows_requests import RequestIdRow, RequestSequenceRow


def _ref(row: RequestIdRow) -> RequestRef:
    return RequestRef(
        request_id=RequestId(RequestKind(row.kind), row.year, row.seq),
        item_id=row.item_id,
        participant_id=row.participant_id,
        created_at=row.created_at,
    )


class SqlRequestIds:
    def __init__(self, session: DbSession) -> None:
        self._s = session

    def _next(self, kind: RequestKind, year: int) -> int:
        table = RequestSequenceRow.__table__
        assert isinstance(table, Table)  # a declarative class has a Table
        insert = pg_insert if self._s.get_bind().dialect.name == "postgresql" else sqlite_insert
        statement = (
            insert(table)
            .values(kind=kind.value, year=year, last_seq=1)
            .on_conflict_do_update(
                index_elements=[table.c.kind, table.c.year],
                set_={"last_seq": table.c.last_seq + 1},
            )
            .returning(table.c.last_seq)
        )
        return int(self._s.execute(statement).scalar_one())

    def assign(
        self, kind: RequestKind, item_id: UUID, participant_id: UUID, at: datetime
    ) -> RequestId:
        year = id_year(at)
        request_id = RequestId(kind, year, self._next(kind, year))
        self._s.add(
            RequestIdRow(
                request_id=str(request_id),
                kind=kind.value,
                year=year,
                seq=request_id.seq,
                item_id=item_id,
                participant_id=participant_id,
                created_at=at,
            )
        )
        self._s.flush()
        return request_id

    def get(self, request_id: RequestId) -> RequestRef | None:
        row = self._s.get(RequestIdRow, str(request_id))
        return _ref(row) if row is not None else None

    def of_item(self, item_id: UUID) -> RequestRef | None:
        row = self._s.scalars(select(RequestIdRow).where(RequestIdRow.item_id == item_id)).first()
        return _ref(row) if row is not None else None

    def for_participant(self, participant_id: UUID) -> list[RequestRef]:
        """Newest first."""
        rows = self._s.scalars(
            select(RequestIdRow)
            .where(RequestIdRow.participant_id == participant_id)
            .order_by(RequestIdRow.created_at.desc(), RequestIdRow.request_id.desc())
        )
        return [_ref(r) for r in rows]
