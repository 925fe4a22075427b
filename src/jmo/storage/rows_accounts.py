"""Tables for getting an account and keeping it safe (issue 12): the registration and
"Lupa akun" flows, the in-app inbox, and the freezes a "Bukan saya" puts on an account."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from jmo.storage.rows import Base, _uuid


class OnboardingRow(Base):
    """One registration or "Lupa akun" in progress. ``state_enc`` holds the contact checks
    (the new email and number, code hashes) encrypted; the person's token only as SHA-256."""

    __tablename__ = "account_onboardings"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    purpose: Mapped[str] = mapped_column(String(10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("participants.id"), index=True)
    state_enc: Mapped[str] = mapped_column(Text)
    face_passed_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
    completed_at: Mapped[datetime | None]


class InboxRow(Base):
    """A copy of a notice to the person, for the in-app inbox (one per event, whatever
    the number of channels it went out on)."""

    __tablename__ = "inbox_messages"
    __table_args__ = (UniqueConstraint("participant_id", "event", name="uq_inbox_messages_event"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("participants.id"), index=True)
    event: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(60))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    read_at: Mapped[datetime | None]


class FreezeRow(Base):
    """Data changes and claim payouts stopped on a person's records ("Bukan saya"); an
    officer lifts it after the person passed a face check with liveness."""

    __tablename__ = "account_freezes"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("participants.id"), index=True)
    source: Mapped[str] = mapped_column(String(60))  # the notice kind, or "inbox"
    channel: Mapped[str] = mapped_column(String(20))  # "email_link" | "app"
    frozen_at: Mapped[datetime]
    lifted_at: Mapped[datetime | None]
    lifted_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    lift_note: Mapped[str | None] = mapped_column(String(500))
    # The person's face check toward lifting it (issue 12): the challenge in force, the pass.
    challenge: Mapped[dict[str, Any] | None]
    face_passed_at: Mapped[datetime | None]


class ClaimLockRow(Base):
    """The participant's own claim lock (one row per person, kept after release)."""

    __tablename__ = "claim_locks"
    participant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("participants.id"), primary_key=True
    )
    locked_at: Mapped[datetime | None]
    unlock_after: Mapped[datetime | None]
    challenge: Mapped[dict[str, Any] | None]


class HeirRow(Base):
    """One heir (ahli waris) the participant recorded for a death claim; the name and the
    NIK encrypted, the NIK also as a blind index with the participants' context (an heir
    who has an account is found by it)."""

    __tablename__ = "participant_heirs"
    __table_args__ = (
        UniqueConstraint("participant_id", "nik_index", name="uq_participant_heirs_nik"),
    )
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("participants.id"), index=True)
    relationship: Mapped[str] = mapped_column(String(20))
    full_name_enc: Mapped[str] = mapped_column(Text)
    nik_enc: Mapped[str] = mapped_column(Text)
    nik_index: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime]
