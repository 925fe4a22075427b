"""The only way to load a record on someone's behalf. Missing and forbidden give the same
``NotFound``, so ids cannot be probed."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from jmo.domain.accounts import STAFF_ROLES, Actor, Role
from jmo.domain.backoffice.branches import branch_of, serves
from jmo.domain.backoffice.permissions import Action, allowed
from jmo.domain.card import Card
from jmo.domain.claims.model import Claim
from jmo.domain.complaints import AttachmentInfo, Complaint
from jmo.domain.errors import NotFound, PermissionDenied
from jmo.domain.participant import Participant
from jmo.domain.pengkinian.change_request import ChangeRequest
from jmo.usecases.ports.unit_of_work import UnitOfWork


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
    """Staff roles only (the door of the staff API and pages); what each role may then do
    is ``require_action``."""
    if actor.role not in STAFF_ROLES:
        raise PermissionDenied("auth.staff_only")


def require_action(
    actor: Actor, action: Action, *, branch: str | None = None, missing: str = "record"
) -> None:
    """The permission table (``jmo.domain.backoffice.permissions``) and the scope: a role
    without the action is refused (403 ``staff.not_allowed``); a record of another branch
    answers as a missing one (``NotFound(missing)``), so ids cannot be probed across
    branches."""
    require_staff(actor)
    if not allowed(actor.role, action):
        raise PermissionDenied("staff.not_allowed", action=action.value)
    if branch is not None and not serves(actor.branch_code, branch):
        raise NotFound(missing)


def require_employer_action(actor: Actor, action: Action) -> str:
    """Employer HR with the action; returns the company (NPP) that bounds what it may see.
    Staff and participants are refused (403): the employer portal is not theirs."""
    if actor.role is not Role.EMPLOYER_HR or not actor.employer_npp:
        raise PermissionDenied("auth.employer_only")
    if not allowed(actor.role, action):
        raise PermissionDenied("staff.not_allowed", action=action.value)
    return actor.employer_npp


def access_worker_as_employer(
    uow: UnitOfWork, actor: Actor, participant_id: UUID, action: Action
) -> Participant:
    """A worker of the actor's company (an employment there, current or ended); another
    company's worker answers as a missing one, so ids cannot be probed across companies."""
    npp = require_employer_action(actor, action)
    participant = uow.participants.get(participant_id)
    if participant is None or not any(
        e.employer_npp == npp for e in uow.participants.employments(participant_id)
    ):
        raise NotFound("worker")
    return participant


def in_scope(actor: Actor, participant: Participant) -> bool:
    return serves(actor.branch_code, branch_of(participant))


def participants_in_scope(uow: UnitOfWork, actor: Actor, ids: Iterable[UUID]) -> set[UUID]:
    """Which of these participants the actor's branch serves (for queues and lists)."""
    found: set[UUID] = set()
    for participant_id in set(ids):
        participant = uow.participants.get(participant_id)
        if participant is not None and in_scope(actor, participant):
            found.add(participant_id)
    return found


def _participant_in_scope(
    uow: UnitOfWork, actor: Actor, action: Action, participant_id: UUID, missing: str
) -> Participant:
    participant = uow.participants.get(participant_id)
    if participant is None:
        raise NotFound(missing)
    require_action(actor, action, branch=branch_of(participant), missing=missing)
    return participant


# Each record has two doors: the participant's own (``access_own_*``: staff are refused,
# they have their own routes) and the staff one (``access_*_as_staff``: the role first,
# then missing or not). A staff use case that returns the data records the read
# (``jmo.usecases.staff_reads``).


def access_participant_as_staff(
    uow: UnitOfWork,
    actor: Actor,
    participant_id: UUID,
    action: Action = Action.PARTICIPANT_READ,
) -> Participant:
    """Staff of the participant's branch (or the head office) with the action."""
    require_action(actor, action)
    return _participant_in_scope(uow, actor, action, participant_id, "participant")


def access_own_change_request(uow: UnitOfWork, actor: Actor, request_id: UUID) -> ChangeRequest:
    participant_id = require_participant(actor)
    request = uow.change_requests.get(request_id)
    if request is None or request.participant_id != participant_id:
        raise NotFound("change_request")
    return request


def access_change_request_as_staff(
    uow: UnitOfWork,
    actor: Actor,
    request_id: UUID,
    action: Action = Action.CHANGE_REQUEST_READ,
) -> ChangeRequest:
    require_action(actor, action)
    request = uow.change_requests.get(request_id)
    if request is None:
        raise NotFound("change_request")
    _participant_in_scope(uow, actor, action, request.participant_id, "change_request")
    return request


def access_own_complaint(uow: UnitOfWork, actor: Actor, complaint_id: UUID) -> Complaint:
    """A participant reaches only their own tickets; another's, or a missing id: the same
    NotFound."""
    participant_id = require_participant(actor)
    complaint = uow.complaints.get(complaint_id)
    if complaint is None or complaint.participant_id != participant_id:
        raise NotFound("complaint")
    return complaint


def access_complaint_as_staff(
    uow: UnitOfWork,
    actor: Actor,
    complaint_id: UUID,
    action: Action = Action.COMPLAINT_READ,
) -> Complaint:
    """Staff of the participant's branch reach the ticket."""
    require_action(actor, action)
    complaint = uow.complaints.get(complaint_id)
    if complaint is None:
        raise NotFound("complaint")
    _participant_in_scope(uow, actor, action, complaint.participant_id, "complaint")
    return complaint


def attachment_of(complaint: Complaint, attachment_id: UUID) -> AttachmentInfo:
    for attachment in complaint.attachments:
        if attachment.id == attachment_id:
            return attachment
    raise NotFound("attachment")


def access_card(uow: UnitOfWork, actor: Actor, card_id: UUID) -> Card:
    """Cards by id are for staff (revocation); a participant's own card is reached through
    ``access_current_participant``."""
    if actor.role not in STAFF_ROLES:
        raise NotFound("card")
    require_action(actor, Action.CARD_REVOKE, missing="card")
    card = uow.cards.get(card_id)
    if card is None:
        raise NotFound("card")
    _participant_in_scope(uow, actor, Action.CARD_REVOKE, card.participant_id, "card")
    return card


# --- Cek Saldo JHT and claims -------------------------------------------------------------


def access_own_kpj_records(uow: UnitOfWork, actor: Actor) -> list[Participant]:
    """The actor's own record (data current) first, then every other KPJ the fund holds
    under the same NIK: one person with cards from past employers (docs/domain-rules.md §1,
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


def access_claim_as_staff(
    uow: UnitOfWork, actor: Actor, claim_id: UUID, action: Action = Action.CLAIM_READ
) -> Claim:
    """Staff of the claimant's branch (the branch that pays) reach the claim."""
    require_action(actor, action)
    claim = uow.claims.get(claim_id)
    if claim is None:
        raise NotFound("claim")
    _participant_in_scope(uow, actor, action, claim.claimant_participant_id, "claim")
    return claim
