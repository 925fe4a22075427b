"""Work-queue assignments (who took which item)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from jmo.storage.rows import AccountRow
from jmo.storage.rows_backoffice import WorkAssignmentRow


class SqlWorkAssignments:
    def __init__(self, session: DbSession) -> None:
        self._s = session

    def assign(self, kind: str, item_id: UUID, account_id: UUID, at: datetime) -> None:
        """Take an item (from whoever had it)."""
        row = self._s.scalar(
            select(WorkAssignmentRow).where(
                WorkAssignmentRow.item_kind == kind, WorkAssignmentRow.item_id == item_id
            )
        )
        if row is None:
            self._s.add(
                WorkAssignmentRow(
                    item_kind=kind, item_id=item_id, account_id=account_id, assigned_at=at
                )
            )
        else:
            row.account_id = account_id
            row.assigned_at = at
        self._s.flush()

    def of_items(self, item_ids: Sequence[UUID]) -> dict[UUID, tuple[UUID, str]]:
        """item id -> (account id, email) of whoever holds it."""
        if not item_ids:
            return {}
        rows = self._s.execute(
            select(WorkAssignmentRow.item_id, AccountRow.id, AccountRow.email)
            .join(AccountRow, AccountRow.id == WorkAssignmentRow.account_id)
            .where(WorkAssignmentRow.item_id.in_(list(item_ids)))
        ).all()
        return {item: (account, email) for item, account, email in rows}
