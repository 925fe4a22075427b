"""The audit trail."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from jmo.domain.audit import AuditEntry, AuditFilter, AuditPosition, StoredEntry


class AuditLog(Protocol):
    def append(self, entry: AuditEntry) -> None: ...
    def for_subjects(self, subjects: Sequence[tuple[str, str]]) -> list[AuditEntry]: ...
    def search(
        self, where: AuditFilter, *, after: AuditPosition | None, limit: int
    ) -> list[StoredEntry]:
        """Newest first by (time, sequence), strictly after ``after`` (keyset pages)."""

    def position(self, seq: int) -> AuditPosition | None: ...
