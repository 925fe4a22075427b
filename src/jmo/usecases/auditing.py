"""Writing audit entries from use cases (same transaction as the change)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jmo.domain.accounts import Actor
from jmo.domain.audit import AuditEntry
from jmo.usecases.ports import UnitOfWork


def audit(
    uow: UnitOfWork,
    actor: Actor | None,
    action: str,
    *,
    subject_type: str,
    subject_id: object,
    at: datetime,
    channel: str | None = None,
    **details: Any,
) -> None:
    uow.audit.append(
        AuditEntry(
            at=at,
            action=action,
            actor_account_id=actor.account_id if actor else None,
            actor_role=actor.role.value if actor else None,
            channel=channel or (actor.channel if actor else "system"),
            subject_type=subject_type,
            subject_id=str(subject_id),
            client_ip=actor.client_ip if actor else None,
            user_agent=actor.user_agent if actor else None,
            details=details,
        )
    )
