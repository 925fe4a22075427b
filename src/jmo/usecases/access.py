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


def require_staff(actor: Actor) -> None:
    """Officers (and admins) only; checked inside the use cases an officer portal calls."""
    if actor.role not in (Role.OFFICER, Role.ADMIN):
        raise PermissionDenied("auth.staff_only")


# Each record has two doors: the participant's own (``access_own_*``: staff are refused,
# they have their own routes) and the staff one (``access_*_as_staff``: the role first,
# then missing or not). A staff use case that returns the data records the read
# (``jmo.usecases.staff_reads``).


def access_participant_as_staff(uow: UnitOfWork, actor: Actor, participant_id: UUID) -> Participant:
    """Staff may read participants (branch scoping arrives with the officer portal)."""
    require_staff(actor)
    participant = uow.participants.get(participant_id)
    if participant is None:
        raise NotFound("participant")
    return participant


def access_own_change_request(uow: UnitOfWork, actor: Actor, request_id: UUID) -> ChangeRequest:
    participant_id = require_participant(actor)
    request = uow.change_requests.get(request_id)
    if request is None or request.participant_id != participant_id:
        raise NotFound("change_request")
    return request


def access_change_request_as_staff(
    uow: UnitOfWork, actor: Actor, request_id: UUID
) -> ChangeRequest:
    require_staff(actor)
    request = uow.change_requests.get(request_id)
    if request is None:
        raise NotFound("change_request")
    return request


def access_own_complaint(uow: UnitOfWork, actor: Actor, complaint_id: UUID) -> Complaint:
    """A participant reaches only their own tickets; another's, or a missing id: the same
    NotFound."""
    participant_id = require_participant(actor)
    complaint = uow.complaints.get(complaint_id)
    if complaint is None or complaint.participant_id != participant_id:
        raise NotFound("complaint")
    return complaint


def access_complaint_as_staff(uow: UnitOfWork, actor: Actor, complaint_id: UUID) -> Complaint:
    """Staff reach every ticket (branch scoping arrives with the officer portal)."""
    require_staff(actor)
    complaint = uow.complaints.get(complaint_id)
    if complaint is None:
        raise NotFound("complaint")
    return complaint


def attachment_of(complaint: Complaint, attachment_id: UUID) -> AttachmentInfo:
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


def access_own_claim(uow: UnitOfWork, actor: Actor, claim_id: UUID) -> Claim:
    """A participant only the claims they filed. Missing and not yours answer the same."""
    participant_id = require_participant(actor)
    claim = uow.claims.get(claim_id)
    if claim is None or claim.claimant_participant_id != participant_id:
        raise NotFound("claim")
    return claim


def access_claim_as_staff(uow: UnitOfWork, actor: Actor, claim_id: UUID) -> Claim:
    require_staff(actor)
    claim = uow.claims.get(claim_id)
    if claim is None:
        raise NotFound("claim")
    return claim
