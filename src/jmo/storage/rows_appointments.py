"""Appointments at a branch office (revision 0009_appointments). A booking holds a seat
of its slot (1..capacity): the unique (branch, start, seat) keeps a slot from being
overbooked even when two people take its last seat at once; a cancelled booking gives its
seat back (NULL)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from jmo.storage.rows import Base


def _uuid() -> uuid.UUID:
    return uuid.uuid4()


class AppointmentRow(Base):
    __tablename__ = "appointments"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("participants.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(30))
    reference: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    branch_code: Mapped[str] = mapped_column(String(10))
    starts_at: Mapped[datetime]
    seat: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    status_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    reschedules: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012
    __table_args__ = (
        UniqueConstraint("branch_code", "starts_at", "seat", name="uq_appointments_seat"),
        Index("ix_appointments_branch_starts", "branch_code", "starts_at"),
    )
