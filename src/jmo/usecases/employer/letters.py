"""The "surat pengantar koreksi data" as a signed digital letter: the company states a
worker's correct identity data; the letter goes with an identity-correction request (the
worker's own "Data tidak sesuai", or the one a company's correction opened) and officers
check its signature on the request page instead of reading a paper scan.

Signed with the card's Ed25519 keys (``JMO_CARD_SIGNING_KEYS``, their rotation) under a
signing prefix of its own (``CardTokens.sign_letter``); the token carries the letter's id and
the SHA-256 of its statements, the statements themselves stay in the database, encrypted."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.backoffice import corrections as officer_rules
from jmo.domain.backoffice.corrections import EventKind
from jmo.domain.backoffice.employer import Employer, Letter
from jmo.domain.backoffice.permissions import Action
from jmo.domain.errors import NotFound
from jmo.domain.identifiers.region import RegionCodes
from jmo.domain.participant import Participant
from jmo.domain.pengkinian.change_request import ChangeKind, ChangeRequest, ChangeStatus
from jmo.usecases.access import access_change_request_as_staff, access_worker_as_employer
from jmo.usecases.auditing import audit
from jmo.usecases.backoffice.worked_requests import record_event
from jmo.usecases.employer.workers import company_of
from jmo.usecases.ports.card import CardTokens
from jmo.usecases.ports.unit_of_work import UnitOfWork


def issue_letter(
    uow: UnitOfWork,
    actor: Actor,
    employer: Employer,
    participant: Participant,
    values: Mapping[str, str],
    *,
    tokens: CardTokens,
    request_id: UUID | None,
    now: datetime,
) -> Letter:
    """Sign and keep a letter (the caller checked the values and commits)."""
    letter = Letter(
        id=uuid.uuid4(),
        npp=employer.npp,
        company=employer.name,
        participant_id=participant.id,
        kpj=participant.identity.kpj,
        worker_name=participant.identity.full_name,
        values=dict(values),
        issued_by=actor.account_id,
        issued_at=now.replace(microsecond=0),  # what every database keeps exactly
    )
    token = tokens.sign_letter(letter.signed_payload())
    uow.employers.add_letter(letter, token, request_id)
    audit(
        uow,
        actor,
        "employer.letter_issued",
        subject_type="participant",
        subject_id=participant.id,
        at=now,
        npp=employer.npp,
        letter=letter.reference,
    )
    return letter


def open_request_of(uow: UnitOfWork, participant_id: UUID) -> ChangeRequest | None:
    return uow.change_requests.latest_open(participant_id, ChangeKind.IDENTITY_CORRECTION)


def letter_for_worker_request(
    uow: UnitOfWork,
    actor: Actor,
    participant_id: UUID,
    values: Mapping[str, str],
    *,
    regions: RegionCodes,
    tokens: CardTokens,
    now: datetime,
) -> tuple[Letter, ChangeRequest]:
    """HR issues the letter for the correction the worker reported in the app: the values
    are checked by the officer's rules for the fields the worker reported, and the letter
    joins the request (which then waits for an officer, not for documents)."""
    with uow:
        employer = company_of(uow, actor, Action.EMPLOYER_LETTER)
        participant = access_worker_as_employer(uow, actor, participant_id, Action.EMPLOYER_LETTER)
        request = open_request_of(uow, participant.id)
        if request is None:
            raise NotFound("change_request")
        changes = officer_rules.parse_corrected_values(
            values,
            participant.identity,
            fields=request.reported_fields,
            regions=regions,
            today=now.date(),
            profile=participant.profile,
        )
        letter = issue_letter(
            uow,
            actor,
            employer,
            participant,
            {c.field: c.new or "" for c in changes},
            tokens=tokens,
            request_id=request.id,
            now=now,
        )
        if request.status is ChangeStatus.NEEDS_DOCUMENTS:
            request = officer_rules.documents_received(request)
            uow.change_requests.save(request)
        record_event(uow, actor, request, EventKind.DOCUMENTS_UPLOADED, now, letter.reference)
        uow.commit()
        return letter, request


@dataclass(frozen=True)
class LetterCheck:
    letter: Letter
    valid: bool  # the signature is the fund's and covers exactly these statements


def verify_letter(letter: Letter, token: str, tokens: CardTokens) -> bool:
    try:
        payload = tokens.verify_letter(token)
    except ValueError:
        return False
    return payload == letter.signed_payload()


def letter_of_request(
    uow: UnitOfWork, actor: Actor, request_id: UUID, *, tokens: CardTokens
) -> LetterCheck | None:
    """For the officer's request page (the page's own read is recorded there)."""
    with uow:
        request = access_change_request_as_staff(uow, actor, request_id)
        found = uow.employers.letter_for_request(request.id)
    if found is None:
        return None
    letter, token = found
    valid = verify_letter(letter, token, tokens) and letter.participant_id == request.participant_id
    return LetterCheck(letter, valid)
