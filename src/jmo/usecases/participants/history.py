"""A participant's history: every version, the change requests behind them, the audit (for
staff); and the participant's own change history, masked (Riwayat perubahan data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from jmo.domain.accounts import Actor
from jmo.domain.audit import AuditEntry
from jmo.domain.backoffice.permissions import Action
from jmo.domain.errors import NotFound
from jmo.domain.identifiers.kpj import parse_kpj
from jmo.domain.participant import HistoryVersion, Participant
from jmo.domain.pengkinian.change_request import ChangeRequest
from jmo.domain.requests.receipt import masked_line
from jmo.domain.requests.timeline import ChangeLine
from jmo.usecases.access import access_own_participant, access_participant_as_staff
from jmo.usecases.auditing import participant_subjects
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.staff_reads import StaffRead, record_staff_read


@dataclass(frozen=True)
class ParticipantHistory:
    participant: Participant
    versions: list[HistoryVersion]
    change_requests: list[ChangeRequest]
    audit: list[AuditEntry]


def participant_history(
    uow: UnitOfWork, actor: Actor, *, kpj: str, now: datetime
) -> ParticipantHistory:
    with uow:
        found = uow.participants.get_by_kpj(parse_kpj(kpj))
        if found is None:
            raise NotFound("participant")
        participant = access_participant_as_staff(uow, actor, found.id, Action.HISTORY_READ)
        requests = uow.change_requests.for_participant(participant.id)
        subjects = participant_subjects(uow, participant.id)
        found_history = ParticipantHistory(
            participant=participant,
            versions=uow.participants.history(participant.id),
            change_requests=requests,
            audit=uow.audit.for_subjects(subjects),
        )
        record_staff_read(uow, actor, StaffRead.HISTORY, [participant.id], at=now)
        uow.commit()
        return found_history


@dataclass(frozen=True)
class MyHistoryEntry:
    """One version of the participant's data as they see it: when, through which request
    (its id), and what changed from the version before, masked like a receipt."""

    version: int
    recorded_at: datetime
    request_id: str | None
    changes: tuple[ChangeLine, ...]


def my_change_history(uow: UnitOfWork, actor: Actor) -> list[MyHistoryEntry]:
    """Newest first. The first version is the data the fund held when the record was made
    (no changes to show)."""
    with uow:
        participant = access_own_participant(uow, actor)
        versions = sorted(uow.participants.history(participant.id), key=lambda v: v.version)
        entries: list[MyHistoryEntry] = []
        before: dict[str, str | None] | None = None
        for v in versions:
            now_values = v.profile.as_dict()
            changes = (
                tuple(
                    masked_line(name, before.get(name), value)
                    for name, value in now_values.items()
                    if (before.get(name) or None) != (value or None)
                )
                if before is not None
                else ()
            )
            ref = (
                uow.request_ids.of_item(v.change_request_id)
                if v.change_request_id is not None
                else None
            )
            entries.append(
                MyHistoryEntry(
                    version=v.version,
                    recorded_at=v.recorded_at,
                    request_id=str(ref.request_id) if ref is not None else None,
                    changes=changes,
                )
            )
            before = now_values
        return list(reversed(entries))
