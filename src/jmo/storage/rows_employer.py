"""Tables of the employer portal (revision 0008_employer): the correction files a company
applied (keyed by their content's hash: the same file twice is applied once) and the
signed letters ("surat pengantar koreksi data"). HR accounts are rows of ``accounts``
(role ``employer_hr``, ``employer_npp``)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from jmo.storage.rows import Base


def _uuid() -> uuid.UUID:
    return uuid.uuid4()


class EmployerUploadRow(Base):
    __tablename__ = "employer_uploads"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    npp: Mapped[str] = mapped_column(String(8))
    content_hash: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"))
    uploaded_at: Mapped[datetime]
    rows: Mapped[int] = mapped_column(Integer)
    applied: Mapped[int] = mapped_column(Integer)
    queued: Mapped[int] = mapped_column(Integer)

    # Two uploads of the same file at once: one commits, the other rolls back whole.
    __table_args__ = (UniqueConstraint("npp", "content_hash"),)


class EmployerLetterRow(Base):
    """The letter's statements (encrypted: they carry a NIK or a birth date) and the
    signature over them."""

    __tablename__ = "employer_letters"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    npp: Mapped[str] = mapped_column(String(8), index=True)
    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("participants.id"), index=True)
    # The identity-correction request the letter goes with (the worker's own "Data tidak
    # sesuai", or the one the company's correction opened).
    change_request_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("change_requests.id"), index=True
    )
    content_enc: Mapped[str] = mapped_column(Text)
    token: Mapped[str] = mapped_column(String(200))
    issued_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"))
    issued_at: Mapped[datetime]
