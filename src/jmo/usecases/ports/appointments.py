"""Appointments at a branch office."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from jmo.domain.backoffice.appointments import Appointment, AppointmentStatus, Purpose


class AppointmentRepository(Protocol):
    def get(self, appointment_id: UUID) -> Appointment | None: ...
    def taken(self, branch_code: str, starts_at: datetime) -> int: ...
    def taken_between(
        self, branch_code: str, start: datetime, end: datetime
    ) -> dict[datetime, int]: ...
    def add(self, appointment: Appointment) -> None: ...
    def save(self, appointment: Appointment) -> Appointment: ...
    def of_participant(self, participant_id: UUID, limit: int) -> list[Appointment]: ...
    def open_for(
        self, participant_id: UUID, purpose: Purpose, reference: str
    ) -> Appointment | None: ...
    def of_subject(self, subject_id: UUID) -> list[Appointment]: ...
    def between(
        self,
        start: datetime,
        end: datetime,
        *,
        statuses: tuple[AppointmentStatus, ...] | None = None,
        branch_code: str | None = None,
        limit: int = 500,
    ) -> list[Appointment]: ...
