"""Readable request ids (revision 0008_tracking): one row per request of any kind, and
the per-kind, per-year counter they are drawn from (``domain.requests.ids``)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Index, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from jmo.storage.rows import Base


class RequestIdRow(Base):
    """``request_id`` (PD-2026-000123) of the item ``item_id`` of ``kind`` (a change
    request, a claim, a complaint, a freeze, an appointment...)."""

    __tablename__ = "request_ids"
    request_id: Mapped[str] = mapped_column(String(20), primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    item_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    participant_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    created_at: Mapped[datetime]

    __table_args__ = (
        UniqueConstraint("kind", "year", "seq", name="uq_request_ids_kind_year_seq"),
        Index("ix_request_ids_participant", "participant_id", "created_at"),
    )


class RequestSequenceRow(Base):
    """The last number given for a kind in a year; bumped by one atomic upsert."""

    __tablename__ = "request_sequences"
    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer)
