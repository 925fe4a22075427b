"""Kartu Digital: the membership card, its programs, how long it is valid, and the claims
its QR token carries.

The QR code holds a link to ``/verify/<token>``. The token is signed (Ed25519, key id in the
token; ``jmo.adapters.card_tokens``) and carries only the card id and its dates, no personal
data: whoever scans it learns nothing until the fund's server answers, and the server shows
only what a hospital or an employer needs (a masked name and KPJ, the programs, the status).

Rules chosen here (docs/api.md, "Kartu Digital"):

* **Programs** follow the participant's employment. A salaried participant (Penerima Upah)
  with a current employment is covered by JKK, JKM, JHT and JP (PP 44/2015, 45/2015,
  46/2015; the registry does not hold the employer's scale yet, so JP is assumed, as for
  medium and large employers), plus JKP for Indonesian citizens under 54 when the employment
  began (PP 6/2025; docs/domain-rules.md section 3). Without a current employment only the JHT
  account remains (it stays until it is claimed).
* **Valid through** the end of the month after the month of issue (UTC+7 calendar): coverage
  follows monthly contributions, so a card is never older than about two months. Opening
  Kartu Digital after that issues a new card automatically; a screenshot kept after someone
  left their job stops verifying.
* A new card is issued when the old one expired or what it shows changed (name, programs,
  employer); the old one is revoked ("replaced"). The participant can also revoke it and get
  a new one (a lost phone, a card shared by mistake).
"""

from __future__ import annotations

import struct
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from jmo.domain.time import WIB, age_on


class Program(StrEnum):
    JKK = "JKK"
    JKM = "JKM"
    JHT = "JHT"
    JP = "JP"
    JKP = "JKP"


PROGRAM_LABELS: dict[Program, str] = {
    Program.JKK: "Jaminan Kecelakaan Kerja",
    Program.JKM: "Jaminan Kematian",
    Program.JHT: "Jaminan Hari Tua",
    Program.JP: "Jaminan Pensiun",
    Program.JKP: "Jaminan Kehilangan Pekerjaan",
}

JKP_MAX_AGE_AT_START = 54  # PP 6/2025: under 54 when registered

# Labels in this module, for the gettext extractor (jmo.i18n.extract_labels).
LABELS: tuple[str, ...] = tuple(PROGRAM_LABELS.values())


class CardStatus(StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    EXPIRED = "expired"
    INVALID = "invalid"


@dataclass(frozen=True)
class EmploymentFact:
    employer_name: str
    start_date: date
    end_date: date | None


def current_employment(employments: list[EmploymentFact], today: date) -> EmploymentFact | None:
    """The most recent employment that has not ended by ``today``."""
    current = [e for e in employments if e.end_date is None or e.end_date >= today]
    return max(current, key=lambda e: e.start_date) if current else None


def programs_for(
    employments: list[EmploymentFact], *, birth_date: date, citizenship: str | None, today: date
) -> tuple[Program, ...]:
    job = current_employment(employments, today)
    if job is None:
        return (Program.JHT,)
    programs = [Program.JKK, Program.JKM, Program.JHT, Program.JP]
    if citizenship in (None, "WNI") and age_on(birth_date, job.start_date) < JKP_MAX_AGE_AT_START:
        programs.append(Program.JKP)
    return tuple(programs)


def valid_through(issued_at: datetime) -> datetime:
    """The last moment of the month after the month of issue, in WIB, as UTC."""
    local = issued_at.astimezone(WIB)
    year, month = (
        (local.year, local.month + 2) if local.month < 11 else (local.year + 1, local.month - 10)
    )
    first_of_month_after_next = datetime.combine(date(year, month, 1), time(0, 0), tzinfo=WIB)
    return (first_of_month_after_next - timedelta(seconds=1)).astimezone(UTC)


@dataclass
class Card:
    id: uuid.UUID
    participant_id: uuid.UUID
    kpj: str
    full_name: str
    programs: tuple[Program, ...]
    employer_name: str | None
    issued_at: datetime
    valid_through: datetime
    key_id: str
    revoked_at: datetime | None = None
    revoked_reason: str | None = None

    def status(self, now: datetime) -> CardStatus:
        if self.revoked_at is not None:
            return CardStatus.REVOKED
        if now > self.valid_through:
            return CardStatus.EXPIRED
        return CardStatus.VALID

    def shows_the_same(
        self, full_name: str, programs: tuple[Program, ...], employer: str | None
    ) -> bool:
        return (self.full_name, self.programs, self.employer_name) == (
            full_name,
            programs,
            employer,
        )

    def revoke(self, reason: str, now: datetime) -> None:
        if self.revoked_at is None:
            self.revoked_at = now
            self.revoked_reason = reason


# --- the token's claims ------------------------------------------------------------------

CLAIMS_VERSION = 1
_CLAIMS = struct.Struct(">B16sII")  # version, card id, issued (unix), expires (unix)


@dataclass(frozen=True)
class CardClaims:
    card_id: uuid.UUID
    issued_at: datetime
    expires_at: datetime

    def encode(self) -> bytes:
        return _CLAIMS.pack(
            CLAIMS_VERSION,
            self.card_id.bytes,
            int(self.issued_at.timestamp()),
            int(self.expires_at.timestamp()),
        )

    @classmethod
    def decode(cls, data: bytes) -> CardClaims:
        """Raises ValueError for anything that is not exactly a version-1 claim set."""
        if len(data) != _CLAIMS.size:
            raise ValueError("claims have the wrong length")
        version, card_id, issued, expires = _CLAIMS.unpack(data)
        if version != CLAIMS_VERSION:
            raise ValueError("unknown claims version")
        return cls(
            card_id=uuid.UUID(bytes=card_id),
            issued_at=datetime.fromtimestamp(issued, UTC),
            expires_at=datetime.fromtimestamp(expires, UTC),
        )


# --- what a verifier may see -------------------------------------------------------------


def mask_name(full_name: str) -> str:
    """``Budi Santoso`` -> ``Budi S******``; a single name keeps its first half. Enough
    to compare with an identity card in hand, not enough to harvest names from scans."""
    words = full_name.split()
    if not words:
        return ""
    if len(words) == 1:
        word = words[0]
        keep = (len(word) + 1) // 2
        return word[:keep] + "*" * (len(word) - keep)
    return " ".join([words[0], *(w[0] + "*" * (len(w) - 1) for w in words[1:])])


def mask_kpj(kpj: str) -> str:
    """``20000000001`` -> ``2000*****01``."""
    if len(kpj) <= 6:
        return "*" * len(kpj)
    return kpj[:4] + "*" * (len(kpj) - 6) + kpj[-2:]


@dataclass(frozen=True)
class CardFace:
    """What the card shows (already masked where it must be)."""

    full_name: str
    kpj: str
    nik_masked: str
    programs: tuple[str, ...]
    employer_name: str | None
    valid_through: datetime
    verify_url: str
