"""Audit entries: who did what, when, through which channel and client.

The log is append-only and hash-chained: each entry's hash covers its content and the
previous entry's hash, so an edited, deleted or reordered entry breaks the chain. Details
never carry personal data values (field names yes, values no).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

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
