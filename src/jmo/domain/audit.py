"""Audit entries: who did what, when, through which channel and client.

The log is append-only and hash-chained: each entry's hash covers its content and the
previous entry's hash, so an edited, deleted or reordered entry breaks the chain. Details
never carry personal data values (field names yes, values no).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from jmo.domain.identifiers.bank import mask_bank_account
from jmo.domain.identifiers.nik import NIK_LENGTH, mask_nik

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    action: str  # past tense, dotted: "pengkinian.submitted", "account.logged_in"
    actor_account_id: UUID | None
    actor_role: str | None
    channel: str
    subject_type: str
    subject_id: str
    client_ip: str | None = None
    user_agent: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


def entry_hash(entry: AuditEntry, prev_hash: str, seq: int) -> str:
    canonical = json.dumps(
        {
            "seq": seq,
            "prev": prev_hash,
            "at": entry.at.isoformat(),
            "action": entry.action,
            "actor": str(entry.actor_account_id) if entry.actor_account_id else None,
            "role": entry.actor_role,
            "channel": entry.channel,
            "subject": [entry.subject_type, entry.subject_id],
            "ip": entry.client_ip,
            "ua": entry.user_agent,
            "details": entry.details,
        },
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


# --- Reading the trail back (the audit page and ``jmo audit export``) ------------------------


@dataclass(frozen=True)
class AuditFilter:
    """Which entries an audit search returns. ``None`` means "any"; an empty tuple means
    "none" (a branch without staff). ``until`` is exclusive."""

    subjects: tuple[tuple[str, str], ...] | None = None  # any of these (type, id) pairs
    actors: tuple[UUID, ...] | None = None  # any of these accounts
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    @property
    def matches_nothing(self) -> bool:
        return self.subjects == () or self.actors == ()


@dataclass(frozen=True)
class AuditPosition:
    """A keyset cursor: entries come newest first by (time, sequence), and the next page
    starts strictly after the last one shown. Deep pages cost what the first does (no
    OFFSET), whatever the table's size. Pages pass on only ``seq`` (the time is looked up
    again), so a cursor cannot be made to say anything else."""

    at: datetime
    seq: int


@dataclass(frozen=True)
class StoredEntry:
    seq: int
    entry: AuditEntry

    @property
    def position(self) -> AuditPosition:
        return AuditPosition(self.entry.at, self.seq)


# a number standing alone: not the digits inside a UUID, a reference or a hash
_LONG_DIGITS = re.compile(r"(?<![\w-])\d{8,}(?![\w-])")


def _mask_run(match: re.Match[str]) -> str:
    digits = match.group(0)
    return mask_nik(digits) if len(digits) == NIK_LENGTH else mask_bank_account(digits)


def mask_numbers(value: Any) -> Any:
    """Details say which record, never its content, and yet an export must not be the
    place where a NIK or an account number leaks if one ever slipped in: every run of
    eight or more digits is masked (a NIK as ``3174 **** **** **01``, anything else to its
    last four digits), through nested lists and objects. Numbers stay: they are amounts
    and counts (identifiers are strings, their leading zeros matter)."""
    if isinstance(value, str):
        return _LONG_DIGITS.sub(_mask_run, value)
    if isinstance(value, dict):
        return {k: mask_numbers(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_numbers(v) for v in value]
    return value
