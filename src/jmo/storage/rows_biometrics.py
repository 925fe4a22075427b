"""Digests of received burst frames, to refuse replays (a frame is never sent twice by a
live camera)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from jmo.storage.rows import Base


class SeenFrameRow(Base):
    __tablename__ = "seen_frames"
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(index=True)
