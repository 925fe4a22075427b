"""Appointments at a branch office, with the seat each open booking holds."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from jmo.domain.backoffice.appointments import Appointment, AppointmentStatus, Purpose
from jmo.storage.rows_appointments import AppointmentRow

_HOLDS_SEAT = (
    AppointmentStatus.BOOKED.value,
    AppointmentStatus.ARRIVED.value,
    AppointmentStatus.DONE.value,
    AppointmentStatus.NO_SHOW.value,
)


def _of(row: AppointmentRow) -> Appointment:
    return Appointment(
        id=row.id,
        code=row.code,
        participant_id=row.participant_id,
        purpose=Purpose(row.purpose),
        reference=row.reference,
        subject_id=row.subject_id,
        branch_code=row.branch_code,
        starts_at=row.starts_at,
        status=AppointmentStatus(row.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
        status_by=row.status_by,
        reschedules=row.reschedules,
        version=row.version,
    )


class SqlAppointments:
    def __init__(self, session: DbSession) -> None:
        self._s = session

    def get(self, appointment_id: UUID) -> Appointment | None:
        row = self._s.get(AppointmentRow, appointment_id)
        return _of(row) if row is not None else None

    def taken(self, branch_code: str, starts_at: datetime) -> int:
        """Seats of the slot held by bookings (a cancelled one holds none)."""
        return int(
            self._s.scalar(
                select(func.count())
                .select_from(AppointmentRow)
                .where(
                    AppointmentRow.branch_code == branch_code,
                    AppointmentRow.starts_at == starts_at,
                    AppointmentRow.seat.is_not(None),
                )
            )
            or 0
        )

    def taken_between(
        self, branch_code: str, start: datetime, end: datetime
    ) -> dict[datetime, int]:
        rows = self._s.execute(
            select(AppointmentRow.starts_at, func.count())
            .where(
                AppointmentRow.branch_code == branch_code,
                AppointmentRow.starts_at >= start,
                AppointmentRow.starts_at < end,
                AppointmentRow.seat.is_not(None),
            )
            .group_by(AppointmentRow.starts_at)
        ).all()
        return {at: int(n) for at, n in rows}

    def _free_seat(self, branch_code: str, starts_at: datetime) -> int:
        seats = set(
            self._s.scalars(
                select(AppointmentRow.seat).where(
                    AppointmentRow.branch_code == branch_code,
                    AppointmentRow.starts_at == starts_at,
                    AppointmentRow.seat.is_not(None),
                )
            )
        )
        return next(n for n in range(1, len(seats) + 2) if n not in seats)

    def add(self, appointment: Appointment) -> None:
        row = AppointmentRow(
            id=appointment.id,
            code=appointment.code,
            participant_id=appointment.participant_id,
            purpose=appointment.purpose.value,
            reference=appointment.reference,
            subject_id=appointment.subject_id,
            branch_code=appointment.branch_code,
            starts_at=appointment.starts_at,
            seat=self._free_seat(appointment.branch_code, appointment.starts_at),
            status=appointment.status.value,
            status_by=appointment.status_by,
            reschedules=appointment.reschedules,
            created_at=appointment.created_at,
            updated_at=appointment.updated_at,
            version=appointment.version,
        )
        self._s.add(row)
        self._s.flush()  # a seat taken by someone else meanwhile: the unique index refuses

    def save(self, appointment: Appointment) -> Appointment:
        row = self._s.get(AppointmentRow, appointment.id)
        if row is None:
            raise LookupError("appointment vanished")
        moved = (row.branch_code, row.starts_at) != (appointment.branch_code, appointment.starts_at)
        row.branch_code = appointment.branch_code
        row.starts_at = appointment.starts_at
        if appointment.status.value not in _HOLDS_SEAT:
            row.seat = None
        elif moved:
            row.seat = None
            self._s.flush()
            row.seat = self._free_seat(appointment.branch_code, appointment.starts_at)
        row.status = appointment.status.value
        row.status_by = appointment.status_by
        row.reschedules = appointment.reschedules
        row.updated_at = appointment.updated_at
        # UPDATE ... WHERE version = <the version read>: a lost race is "record.changed".
        row.version = appointment.version + 1
        self._s.flush()
        return _of(row)

    def of_participant(self, participant_id: UUID, limit: int) -> list[Appointment]:
        rows = self._s.scalars(
            select(AppointmentRow)
            .where(AppointmentRow.participant_id == participant_id)
            .order_by(AppointmentRow.starts_at.desc())
            .limit(limit)
        )
        return [_of(r) for r in rows]

    def open_for(
        self, participant_id: UUID, purpose: Purpose, reference: str
    ) -> Appointment | None:
        row = self._s.scalar(
            select(AppointmentRow).where(
                AppointmentRow.participant_id == participant_id,
                AppointmentRow.purpose == purpose.value,
                AppointmentRow.reference == reference,
                AppointmentRow.status.in_(
                    (AppointmentStatus.BOOKED.value, AppointmentStatus.ARRIVED.value)
                ),
            )
        )
        return _of(row) if row is not None else None

    def of_subject(self, subject_id: UUID) -> list[Appointment]:
        rows = self._s.scalars(
            select(AppointmentRow)
            .where(AppointmentRow.subject_id == subject_id)
            .order_by(AppointmentRow.starts_at)
        )
        return [_of(r) for r in rows]

    def between(
        self,
        start: datetime,
        end: datetime,
        *,
        statuses: tuple[AppointmentStatus, ...] | None = None,
        branch_code: str | None = None,
        limit: int = 500,
    ) -> list[Appointment]:
        """The appointments starting in [start, end), of one branch or (None) of every
        branch, by start time."""
        query = select(AppointmentRow).where(
            AppointmentRow.starts_at >= start, AppointmentRow.starts_at < end
        )
        if branch_code is not None:
            query = query.where(AppointmentRow.branch_code == branch_code)
        if statuses is not None:
            query = query.where(AppointmentRow.status.in_([s.value for s in statuses]))
        rows = self._s.scalars(
            query.order_by(AppointmentRow.starts_at, AppointmentRow.code).limit(limit)
        )
        return [_of(r) for r in rows]
