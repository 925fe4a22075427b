"""The only way to load a record on someone's behalf. Missing and forbidden give the same
``NotFound``, so ids cannot be probed."""

from __future__ import annotations

from uuid import UUID

from jmo.domain.accounts import Actor, Role
from jmo.domain.card import Card
from jmo.domain.claims.model import Claim
from jmo.domain.complaints import AttachmentInfo, Complaint
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
    return require_current(access_own_participant(uow, actor))


def require_current(participant: Participant) -> Participant:
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


def require_staff(actor: Actor) -> None:
    """Officers (and admins) only; checked inside the use cases an officer portal calls."""
    if actor.role not in (Role.OFFICER, Role.ADMIN):
        raise PermissionDenied("auth.staff_only")


def access_complaint(uow: UnitOfWork, actor: Actor, complaint_id: UUID) -> Complaint:
    """A participant reaches only their own tickets, staff every ticket (branch scoping
    arrives with the officer portal); anyone else, or a missing id: the same NotFound."""
    complaint = uow.complaints.get(complaint_id)
    if complaint is None:
        raise NotFound("complaint")
    if actor.role in (Role.OFFICER, Role.ADMIN):
        return complaint
    if (
        actor.role is Role.PARTICIPANT
        and actor.participant_id is not None
        and complaint.participant_id == actor.participant_id
    ):
        return complaint
    raise NotFound("complaint")


def access_attachment(
    uow: UnitOfWork, actor: Actor, complaint_id: UUID, attachment_id: UUID
) -> AttachmentInfo:
    complaint = access_complaint(uow, actor, complaint_id)
    for attachment in complaint.attachments:
        if attachment.id == attachment_id:
            return attachment
    raise NotFound("attachment")


def access_card(uow: UnitOfWork, actor: Actor, card_id: UUID) -> Card:
    """Cards by id are for staff (revocation); a participant's own card is reached through
    ``access_current_participant``."""
    card = uow.cards.get(card_id)
    if card is None or actor.role not in (Role.OFFICER, Role.ADMIN):
        raise NotFound("card")
    return card


# --- Cek Saldo JHT and claims -------------------------------------------------------------


def access_own_kpj_records(uow: UnitOfWork, actor: Actor) -> list[Participant]:
    """The actor's own record (data current) first, then every other KPJ the fund holds
    under the same NIK: one person with cards from past employers (domain-rules.md §1,
    KPJ). They are the same person, so the balances of all of them are theirs to see."""
    participant_id = require_participant(actor)
    records = uow.participants.same_person(participant_id)
    own = next((p for p in records if p.id == participant_id), None)
    if own is None:
        raise NotFound("participant")
    require_current(own)
    others = [p for p in records if p.id != own.id]
    return [own, *sorted(others, key=lambda p: p.identity.kpj)]


def access_own_kpj(uow: UnitOfWork, actor: Actor, kpj: str) -> Participant:
    for record in access_own_kpj_records(uow, actor):
        if record.identity.kpj == kpj:
            return record
    raise NotFound("kpj")


def access_claim(uow: UnitOfWork, actor: Actor, claim_id: UUID) -> Claim:
    """Staff see every claim; a participant only the claims they filed. Missing and not
    yours answer the same."""
    claim = uow.claims.get(claim_id)
    if claim is None:
        raise NotFound("claim")
    if actor.role in (Role.OFFICER, Role.ADMIN):
        return claim
    if actor.participant_id is not None and claim.claimant_participant_id == actor.participant_id:
        return claim
    raise NotFound("claim")
