"""Getting an account without one: registration ("Buat Akun Baru") and "Lupa akun" (the
email or phone is lost). Both start with the identity (NIK, KPJ, birth date, and the
full name for registration), then prove a new email and a new mobile number with
one-time codes (the same ``ContactCheck`` as the data update); "Lupa akun" also needs a
face check with liveness against the reference photo before the contacts are re-bound.

The person holds a random token for the flow (cookie or API field); only its SHA-256 is
stored, and the flow ends after ``VALID_FOR``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from jmo.domain.biometric import LivenessChallenge
from jmo.domain.errors import PermissionDenied
from jmo.domain.pengkinian.verification import ContactCheck

VALID_FOR = timedelta(minutes=30)
TERMS_FIELD = "terms_accepted"


class Purpose(StrEnum):
    REGISTER = "register"
    RECOVER = "recover"


@dataclass
class Onboarding:
    id: uuid.UUID
    purpose: Purpose
    participant_id: uuid.UUID
    created_at: datetime
    checks: dict[str, ContactCheck] = field(default_factory=dict)  # "email" | "phone"
    codes_sent: int = 0
    face_passed_at: datetime | None = None
    liveness_challenge: LivenessChallenge | None = None
    completed_at: datetime | None = None

    @property
    def expires_at(self) -> datetime:
        return self.created_at + VALID_FOR

    def require_open(self, now: datetime) -> None:
        if self.completed_at is not None or now > self.expires_at:
            raise PermissionDenied("onboarding.expired")

    @property
    def needs_face(self) -> bool:
        return self.purpose is Purpose.RECOVER and self.face_passed_at is None

    def require_face(self) -> None:
        if self.needs_face:
            raise PermissionDenied("onboarding.face_first")

    def verified(self, channel: str) -> str | None:
        """The proven target of a channel, or None."""
        check = self.checks.get(channel)
        return check.target if check is not None and check.verified_at is not None else None

    @property
    def contacts_proven(self) -> bool:
        return self.verified("email") is not None and self.verified("phone") is not None

    @property
    def step(self) -> str:
        """Where the person is: "face", "contact", "codes" or "finish"."""
        if self.needs_face:
            return "face"
        if not self.checks:
            return "contact"
        if not self.contacts_proven:
            return "codes"
        return "finish"

    def salt(self, channel: str) -> str:
        return f"onboarding:{self.id}:{channel}"


@dataclass(frozen=True)
class IdentityClaim:
    """What a person types to say who they are (registration, "Lupa akun")."""

    nik: str
    kpj: str
    birth_date: date
    full_name: str | None = None  # registration asks for it; "Lupa akun" does not
