"""Freezes ("Bukan saya")."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from jmo.domain.biometric import LivenessChallenge
from jmo.domain.freeze import Freeze


class FreezeRepository(Protocol):
    def add(self, freeze: Freeze) -> None: ...
    def active(self, participant_ids: list[UUID]) -> Freeze | None: ...
    def open(self, limit: int) -> list[Freeze]: ...
    def lift(self, freeze_id: UUID, *, by: UUID, note: str, at: datetime) -> None: ...
    def for_participant(self, participant_id: UUID) -> list[Freeze]: ...
    def save_face(
        self,
        freeze_id: UUID,
        *,
        challenge: LivenessChallenge | None,
        face_passed_at: datetime | None,
    ) -> None: ...
