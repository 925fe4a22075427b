"""The only way to load a record on someone's behalf. Missing and forbidden give the same
``NotFound``, so ids cannot be probed."""

from __future__ import annotations

from uuid import UUID

from jmo.domain.accounts import Actor, Role
from jmo.domain.errors import NotFound, PermissionDenied
from jmo.domain.participant import Participant
from jmo.domain.pengkinian.change_request import ChangeRequest
from jmo.usecases.ports import UnitOfWork


def require_participant(actor: Actor) -> UUID:
    if actor.role is not Role.PARTICIPANT or actor.participant_id is None:
        raise PermissionDenied("auth.participant_only")
    return actor.participant_id


def access_own_participant(uow: UnitOfWork, actor: Actor) -> Participant:
    participant_id = require_participant(actor)
    participant = uow.participants.get(participant_id)
    if participant is None:
        raise NotFound("participant")
    return participant


def access_current_participant(uow: UnitOfWork, actor: Actor) -> Participant:
    """The actor's own participant record, for services that current data unlocks (the
    fund's rule: Cek Saldo, claims, the card and Pengaduan open after Pengkinian Data)."""
    participant = access_own_participant(uow, actor)
    if not participant.data_is_current:
        raise PermissionDenied("service.locked")
    return participant


def access_participant(uow: UnitOfWork, actor: Actor, participant_id: UUID) -> Participant:
    """Staff may read participants (branch scoping arrives with the officer portal);
    a participant only themself."""
    allowed = actor.role in (Role.OFFICER, Role.ADMIN) or actor.participant_id == participant_id
    participant = uow.participants.get(participant_id) if allowed else None
    if participant is None:
        raise NotFound("participant")
    return participant


def access_change_request(uow: UnitOfWork, actor: Actor, request_id: UUID) -> ChangeRequest:
    request = uow.change_requests.get(request_id)
    if request is None:
        raise NotFound("change_request")
    if actor.role in (Role.OFFICER, Role.ADMIN):
        return request
    if actor.participant_id is not None and request.participant_id == actor.participant_id:
        return request
    raise NotFound("change_request")
