"""What the pages and the API show about a participant's data update."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from jmo.domain.biometric_attempt import BiometricAttempt
from jmo.domain.identifiers.nik import mask_nik
from jmo.domain.participant import Identity, Participant, Profile
from jmo.domain.pengkinian.change_request import (
    OPEN_STATUSES,
    ChangeKind,
    ChangeRequest,
    ChangeStatus,
)
from jmo.domain.pengkinian.disclosure import mask_identity, mask_profile, mask_values
from jmo.domain.pengkinian.draft import PengkinianDraft
from jmo.domain.pengkinian.forms import STEP_FIELDS, profile_to_form
from jmo.domain.pengkinian.policy import app_locked
from jmo.domain.pengkinian.steps import FORM_STEPS, Step
from jmo.domain.pengkinian.verification import ContactCheck
from jmo.usecases.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class PengkinianView:
    """What the pages and the API show. Before the selfie of the open draft has passed
    (and after that pass expired) ``identity``, ``profile``, ``forms`` and ``entries`` hold
    masked values (``jmo.domain.pengkinian.disclosure``); rules read the draft instead."""

    participant_id: UUID
    identity: Identity
    profile: Profile
    data_is_current: bool
    completed_at: datetime | None
    draft: PengkinianDraft | None
    has_reference_photo: bool
    currently_employed: bool
    open_identity_request: ChangeRequest | None
    last_change_request: ChangeRequest | None
    # a new bank account the risk rules flagged, waiting for two staff members
    held_bank_change: ChangeRequest | None = None
    forms: dict[str, dict[str, str]] = field(default_factory=dict)  # step -> values to show
    # step 7: channels waiting for their one-time code -> where it was sent
    pending_checks: dict[str, ContactCheck] = field(default_factory=dict)
    # step 6: the latest face attempt of this draft (its decision, scores and rule values)
    last_attempt: BiometricAttempt | None = None
    # what was typed in the draft, per step, as it may be shown (masked before the pass)
    entries: dict[str, dict[str, str]] = field(default_factory=dict)
    sensitive_shown: bool = False
    nik_masked: str = ""  # always masked (the account page, the card)
    # where the person resumes: the furthest step, or the selfie once its pass expired
    step: Step = Step.IDENTITY
    # fields the app shows read-only, with a way to ask an officer (the field policy)
    locked_fields: tuple[str, ...] = ()

    def pending_values(self) -> dict[str, str]:
        """All values the draft will write, as typed (for the confirmation page)."""
        merged: dict[str, str] = {}
        for step in FORM_STEPS:
            merged.update(self.forms.get(step.value, {}))
        return merged


@dataclass(frozen=True)
class RequestStates:
    """What a person's change requests (newest first) say on the home page and in the
    update flow."""

    # an identity correction waiting for documents at the branch
    open_identity: ChangeRequest | None
    last_pengkinian: ChangeRequest | None
    # a new bank account the risk rules flagged, waiting for two staff members
    held_bank_change: ChangeRequest | None


def request_states(requests: list[ChangeRequest]) -> RequestStates:
    return RequestStates(
        open_identity=next(
            (
                r
                for r in requests
                if r.kind is ChangeKind.IDENTITY_CORRECTION
                and r.status is ChangeStatus.NEEDS_DOCUMENTS
            ),
            None,
        ),
        last_pengkinian=next((r for r in requests if r.kind is ChangeKind.PENGKINIAN), None),
        held_bank_change=next(
            (r for r in requests if r.kind is ChangeKind.BANK_CHANGE and r.status in OPEN_STATUSES),
            None,
        ),
    )


@dataclass(frozen=True)
class HomeView:
    """What the home page (Beranda) shows: the data update's state, not its forms. Three
    reads (the person, the open draft, the requests) where the full view takes five and
    masks every form (issue 10: the home page is the most visited)."""

    full_name: str
    kpj: str
    province_code: str | None
    data_is_current: bool
    completed_at: datetime | None
    has_open_draft: bool
    requests: RequestStates


def build_home_view(uow: UnitOfWork, participant: Participant) -> HomeView:
    return HomeView(
        full_name=participant.identity.full_name,
        kpj=participant.identity.kpj,
        province_code=participant.profile.province_code,
        data_is_current=participant.data_is_current,
        completed_at=participant.pengkinian_completed_at,
        has_open_draft=uow.drafts.open_for(participant.id) is not None,
        requests=request_states(uow.change_requests.for_participant(participant.id)),
    )


def build_view(uow: UnitOfWork, participant: Participant, now: datetime) -> PengkinianView:
    draft = uow.drafts.open_for(participant.id)
    states = request_states(uow.change_requests.for_participant(participant.id))
    employments = uow.participants.employments(participant.id)
    employed = any(e.end_date is None or e.end_date >= now.date() for e in employments)
    shown = draft is not None and draft.shows_sensitive_values(now)
    locked = app_locked(participant.profile.as_dict())
    forms: dict[str, dict[str, str]] = {}
    for step in FORM_STEPS:
        values = profile_to_form(step, participant.profile)
        if draft is not None and step.value in draft.entries:
            typed = draft.entries[step.value]
            values.update(
                {k: v for k, v in typed.items() if k in STEP_FIELDS[step] and k not in locked}
            )
        forms[step.value] = values if shown else mask_values(values)
    entries = dict(draft.entries) if draft is not None else {}
    if not shown:
        entries = {step: mask_values(values) for step, values in entries.items()}
    last_attempt = None
    if draft is not None and draft.created_at is not None:
        attempts = uow.biometric_attempts.for_participant(participant.id, draft.created_at)
        mine = [a for a in attempts if a.draft_id == draft.id]
        last_attempt = mine[-1] if mine else None
    return PengkinianView(
        participant_id=participant.id,
        identity=participant.identity if shown else mask_identity(participant.identity),
        profile=participant.profile if shown else mask_profile(participant.profile),
        data_is_current=participant.data_is_current,
        completed_at=participant.pengkinian_completed_at,
        draft=draft,
        has_reference_photo=uow.participants.has_reference_face(participant.id),
        currently_employed=employed,
        open_identity_request=states.open_identity,
        last_change_request=states.last_pengkinian,
        held_bank_change=states.held_bank_change,
        forms=forms,
        entries=entries,
        sensitive_shown=shown,
        nik_masked=mask_nik(participant.identity.nik),
        step=draft.resume_step(now) if draft is not None else Step.IDENTITY,
        last_attempt=last_attempt,
        locked_fields=locked,
        pending_checks={
            channel: check
            for channel, check in (draft.verifications.items() if draft else ())
            if check.verified_at is None and Step.CONTACT.value not in draft.completed  # type: ignore[union-attr]
        },
    )
