"""The back office: who works on which item."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID


class WorkAssignmentRepository(Protocol):
    def assign(self, kind: str, item_id: UUID, account_id: UUID, at: datetime) -> None: ...
    def of_items(self, item_ids: Sequence[UUID]) -> dict[UUID, tuple[UUID, str]]: ...
