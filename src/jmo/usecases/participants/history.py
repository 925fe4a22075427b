"""A participant's history: every version, the change requests behind them, the audit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from jmo.domain.accounts import Actor
from jmo.domain.audit import AuditEntry
from jmo.domain.backoffice.permissions import Action
from jmo.domain.errors import NotFound
from jmo.domain.identifiers.kpj import parse_kpj
from jmo.domain.participant import Participant
from jmo.domain.pengkinian.change_request import ChangeRequest
from jmo.usecases.access import access_participant_as_staff
from jmo.usecases.auditing import participant_subjects
from jmo.usecases.ports import HistoryVersion, UnitOfWork
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
