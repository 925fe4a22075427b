"""Tables for account security: one-time tokens, rate-limit counters and blocks."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from jmo.storage.rows import Base, _uuid


class AccountTokenRow(Base):
    """A one-time link sent by email (unlock after a lockout, password reset). Only the
    SHA-256 of the token is stored."""

    __tablename__ = "account_tokens"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class RateCounterRow(Base):
    __tablename__ = "rate_limit_counters"
    bucket: Mapped[str] = mapped_column(String(120), primary_key=True)
    window_start: Mapped[int] = mapped_column(Integer, primary_key=True)  # epoch seconds
    count: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class RateBlockRow(Base):
    __tablename__ = "rate_limit_blocks"
    bucket: Mapped[str] = mapped_column(String(120), primary_key=True)
    until: Mapped[datetime]
