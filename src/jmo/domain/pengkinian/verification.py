"""One-time codes that prove a new phone number or email belongs to the person (issue 5;
OWASP ASVS 2.7 out-of-band verifiers): 6 digits, valid 10 minutes, 5 tries, resent to the
same target at most every minute and 5 times.

Across targets (issue 8 item 3: otherwise any number of new numbers and addresses each
get codes, an SMS-pumping and spam tool): at most ``MAX_CODES_PER_HOUR`` codes per person
in any hour and ``MAX_CODES_PER_DRAFT`` per data update, whatever the channel and target.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from jmo.domain.errors import TooManyAttempts, ValidationFailed

CODE_LENGTH = 6
VALID_FOR = timedelta(minutes=10)
MAX_ATTEMPTS = 5
RESEND_AFTER = timedelta(seconds=60)
MAX_SENDS = 5  # to one target
MAX_CODES_PER_HOUR = 6  # per person, every channel and target: new phone and email,
# a resend of each and one corrected typo
CODES_WINDOW = timedelta(hours=1)
MAX_CODES_PER_DRAFT = 10  # per data update, however long it stays open
CHANNELS = ("phone", "email")
CODE_KINDS = ("otp.phone", "otp.email")  # the notices that carry a code


def check_code_budget(
    *,
    wanted: int,
    sent_in_draft: int,
    sent_recently: Sequence[datetime],
    now: datetime,
    field: str,
) -> None:
    """Refuse before sending when ``wanted`` more codes would pass a limit across targets.
    ``sent_recently``: when the person's codes of the last ``CODES_WINDOW`` were sent."""
    if sent_in_draft + wanted > MAX_CODES_PER_DRAFT:
        raise TooManyAttempts("otp.draft_limit", field=field)
    if len(sent_recently) + wanted > MAX_CODES_PER_HOUR:
        # The earliest sends that must leave the window before ``wanted`` fit again.
        oldest = sorted(sent_recently)[len(sent_recently) + wanted - MAX_CODES_PER_HOUR - 1]
        wait = oldest + CODES_WINDOW - now
        minutes = max(1, -(-int(wait.total_seconds()) // 60))
        raise TooManyAttempts("otp.hourly_limit", field=field, minutes=minutes)


def code_hash(code: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


@dataclass(frozen=True)
class ContactCheck:
    channel: str  # "phone" | "email"
    target: str  # the new number (E.164) or address being proven
    code_hash: str
    sent_at: datetime
    attempts: int = 0
    sends: int = 1
    verified_at: datetime | None = None

    @property
    def expires_at(self) -> datetime:
        return self.sent_at + VALID_FOR

    def is_verified_for(self, target: str) -> bool:
        return self.verified_at is not None and self.target == target

    def attempt(self, code: str, salt: str, now: datetime, field: str) -> ContactCheck:
        """The check after one try; raises for a wrong, expired or exhausted code (the
        caller stores the returned or raised-with state)."""
        if self.verified_at is not None:
            return self
        if self.attempts >= MAX_ATTEMPTS:
            raise ValidationFailed.single(field, "otp.too_many")
        if now > self.expires_at:
            raise ValidationFailed.single(field, "otp.expired")
        tried = replace(self, attempts=self.attempts + 1)
        digits = "".join(ch for ch in code if ch.isdigit())
        if not hmac.compare_digest(code_hash(digits, salt), self.code_hash):
            raise _WrongCode(tried, field, MAX_ATTEMPTS - tried.attempts)
        return replace(tried, verified_at=now)

    def resend(self, new_hash: str, now: datetime) -> ContactCheck:
        if now - self.sent_at < RESEND_AFTER:
            wait = int((RESEND_AFTER - (now - self.sent_at)).total_seconds()) + 1
            raise TooManyAttempts("otp.resend_wait", field=f"{self.channel}_code", seconds=wait)
        if self.sends >= MAX_SENDS:
            raise TooManyAttempts("otp.resend_limit", field=f"{self.channel}_code")
        return ContactCheck(self.channel, self.target, new_hash, now, 0, self.sends + 1)

    def to_json(self) -> dict[str, Any]:
        return {
            "channel": self.channel,
            "target": self.target,
            "code_hash": self.code_hash,
            "sent_at": self.sent_at.isoformat(),
            "attempts": self.attempts,
            "sends": self.sends,
            "verified_at": self.verified_at.isoformat() if self.verified_at else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ContactCheck:
        return cls(
            channel=data["channel"],
            target=data["target"],
            code_hash=data["code_hash"],
            sent_at=datetime.fromisoformat(data["sent_at"]),
            attempts=int(data["attempts"]),
            sends=int(data["sends"]),
            verified_at=datetime.fromisoformat(data["verified_at"])
            if data["verified_at"]
            else None,
        )


class _WrongCode(ValidationFailed):
    """A wrong code: carries the check with the attempt counted, so it can be stored."""

    def __init__(self, check: ContactCheck, field: str, left: int) -> None:
        super().__init__(ValidationFailed.single(field, "otp.wrong", left=left).errors)
        self.check = check


def wrong_code_state(error: ValidationFailed) -> ContactCheck | None:
    return error.check if isinstance(error, _WrongCode) else None
