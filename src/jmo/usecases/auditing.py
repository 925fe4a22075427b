"""Writing audit entries from use cases (same transaction as the change), and which
subjects one participant's entries are filed under."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.audit import AuditEntry
from jmo.usecases.ports.unit_of_work import UnitOfWork


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


def participant_subjects(uow: UnitOfWork, participant_id: UUID) -> list[tuple[str, str]]:
    """Every subject the log files a participant's entries under: the participant, their
    account, change requests, claims and complaints. The one list behind "who accessed my
    data", the export of one's data, ``participant history`` and the audit page."""
    subjects = [("participant", str(participant_id))]
    account = uow.accounts.for_participant(participant_id)
    if account is not None:
        subjects.append(("account", str(account.id)))
    subjects += [
        ("change_request", str(r.id)) for r in uow.change_requests.for_participant(participant_id)
    ]
    subjects += [("claim", str(c.id)) for c in uow.claims.for_claimant(participant_id)]
    subjects += [("complaint", str(c.id)) for c in uow.complaints.for_participant(participant_id)]
    return subjects
