"""Participants: their records, heirs, NIK validations, and the registry that says
whether an identity belongs to one."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from jmo.domain.biometric import ReferenceFace
from jmo.domain.heirs import Heir
from jmo.domain.onboarding import IdentityClaim
from jmo.domain.participant import Employment, HistoryVersion, Participant


class ParticipantRepository(Protocol):
    def get(self, participant_id: UUID) -> Participant | None: ...
    def get_by_kpj(self, kpj: str) -> Participant | None: ...
    def find_by_nik(self, nik: str) -> list[Participant]: ...
    def same_person(self, participant_id: UUID) -> list[Participant]:
        """The record and every other KPJ under its NIK (empty when the id is unknown)."""

    def add(self, participant: Participant) -> None: ...
    def save(self, participant: Participant) -> None:
        """Write back; raises Conflict when another writer changed it since it was read."""

    def count(self) -> int: ...
    def search_by_name(self, text: str, limit: int) -> list[Participant]: ...
    def employments(self, participant_id: UUID) -> list[Employment]: ...
    def add_employment(self, participant_id: UUID, employment: Employment) -> None: ...
    def reference_face(self, participant_id: UUID) -> ReferenceFace | None: ...
    def set_reference_face(self, face: ReferenceFace) -> None: ...
    def add_history(self, version: HistoryVersion) -> None: ...
    def history(self, participant_id: UUID) -> list[HistoryVersion]: ...


class HeirRepository(Protocol):
    def add(self, heir: Heir) -> None:
        """Conflict ``heir.duplicate`` when the participant already lists this NIK."""

    def for_participant(self, participant_id: UUID) -> list[Heir]: ...
    def remove(self, participant_id: UUID, heir_id: UUID) -> bool: ...
    def naming(self, nik: str) -> list[Heir]:
        """Every entry, of any participant, whose heir has this NIK (by the blind index)."""


class NpwpValidationRepository(Protocol):
    def nik_marked_valid(self, participant_id: UUID) -> bool: ...
    def record(
        self,
        participant_id: UUID,
        *,
        nik_valid: bool,
        source: str,
        at: datetime,
        recorded_by: UUID | None,
    ) -> None: ...


class ParticipantRegistry(Protocol):
    """Does this identity belong to a participant? The local implementation reads the
    participants table; a population-registry (Dukcapil) adapter can replace it. Answers
    only "this record" or None: never why not."""

    def match(self, claim: IdentityClaim) -> UUID | None: ...
