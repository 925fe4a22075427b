"""Starting, resuming and walking the wizard (steps 5, 7, 8, 9)."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Mapping
from datetime import datetime

from jmo.domain.accounts import Actor
from jmo.domain.errors import (
    Conflict,
    DomainError,
    PermissionDenied,
    TooManyAttempts,
    ValidationFailed,
)
from jmo.domain.identifiers.phone import parse_mobile
from jmo.domain.identifiers.region import RegionDirectory
from jmo.domain.input_rules import Text
from jmo.domain.participant import Participant
from jmo.domain.pengkinian.draft import PengkinianDraft
from jmo.domain.pengkinian.forms import STEP_FIELDS, FormContext, validate_step
from jmo.domain.pengkinian.policy import check_app_changes
from jmo.domain.pengkinian.steps import FORM_STEPS, Step
from jmo.usecases.access import access_own_participant
from jmo.usecases.auditing import audit
from jmo.usecases.pengkinian.contact_check import contact_targets, send_codes, unverified
from jmo.usecases.pengkinian.views import HomeView, PengkinianView, build_home_view, build_view
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.unit_of_work import UnitOfWork


def get_pengkinian(uow: UnitOfWork, actor: Actor, *, now: datetime) -> PengkinianView:
    with uow:
        participant = access_own_participant(uow, actor)
        return build_view(uow, participant, now)


def get_home(uow: UnitOfWork, actor: Actor) -> HomeView:
    """The home page's state of the data update (``views.HomeView``)."""
    with uow:
        return build_home_view(uow, access_own_participant(uow, actor))


def start_pengkinian(uow: UnitOfWork, actor: Actor, *, now: datetime) -> PengkinianView:
    """ "OK, Lanjutkan": open a draft, or resume the open one (same step, entries kept)."""
    with uow:
        participant = access_own_participant(uow, actor)
        if uow.drafts.open_for(participant.id) is None:
            draft = PengkinianDraft(
                id=uuid.uuid4(),
                participant_id=participant.id,
                base_version=participant.version,
                created_at=now,
                updated_at=now,
            )
            uow.drafts.add(draft)
            audit(
                uow,
                actor,
                "pengkinian.started",
                subject_type="participant",
                subject_id=participant.id,
                at=now,
                draft_id=str(draft.id),
            )
            # Another device may have opened one a moment ago: then use that one.
            with contextlib.suppress(Conflict):
                uow.commit()
    with uow:
        return build_view(uow, access_own_participant(uow, actor), now)


def confirm_identity(uow: UnitOfWork, actor: Actor, *, now: datetime) -> PengkinianView:
    """Step 5, "Sudah": the person says NIK, KPJ, name, place and date of birth are right."""
    with uow:
        participant = access_own_participant(uow, actor)
        draft = _open_draft(uow, participant.id)
        draft.confirm_identity(now)
        uow.drafts.save(draft)
        audit(
            uow,
            actor,
            "pengkinian.identity_confirmed",
            subject_type="participant",
            subject_id=participant.id,
            at=now,
        )
        uow.commit()
        return build_view(uow, participant, now)


def save_step(
    uow: UnitOfWork,
    actor: Actor,
    step: Step,
    raw: Mapping[str, str],
    *,
    regions: RegionDirectory,
    notices: NoticeComposer,
    now: datetime,
    expected_version: int | None = None,
    rules: Mapping[str, Text] | None = None,
) -> PengkinianView:
    """Steps 7-9, "Selanjutnya". ``rules``: the API's narrower syntax (``FIELD_RULES``),
    checked like the step's own rules. Only values that pass validation are stored in the draft
    (a field that fails keeps its last valid entry, issue 9 item 1: a resumed form must
    never come back with "12" as the phone); the page keeps what was typed. Only a whole
    valid step moves the person on. A new phone number or email at step 7 is first proven
    with a one-time code (``view.pending_checks``)."""
    if step not in FORM_STEPS:
        raise ValueError(f"{step} has no form")
    typed = {name: str(raw.get(name) or "") for name in STEP_FIELDS[step]}
    with uow:
        participant = access_own_participant(uow, actor)
        draft = _open_draft(uow, participant.id)
        draft.require_reached(step)
        if expected_version is not None and expected_version != draft.version:
            raise Conflict("draft.changed")
        try:
            # Steps 7-9 show the sensitive values only while the selfie pass holds; after
            # it, the form showed them masked, and masked values must not be stored.
            draft.require_biometric(now)
        except PermissionDenied:
            uow.drafts.save(draft)  # back to step 6; the entries typed before stay
            uow.commit()
            raise
        stored = dict(draft.entries.get(step.value, {}))
        draft.keep_entries(step, typed, now)
        context = FormContext(
            regions=regions,
            identity=participant.identity,
            today=now.date(),
            phone=phone_after_update(draft, participant),
        )
        try:
            values = validate_step(step, typed, context, rules)
            # The field policy: a field kept for an officer is refused here, beside it.
            check_app_changes(participant.profile.as_dict(), values)
        except ValidationFailed as exc:
            draft.keep_entries(step, valid_entries(typed, stored, exc), now)
            uow.drafts.save(draft)
            uow.commit()
            raise
        to_prove = (
            unverified(draft, contact_targets(values, participant)) if step is Step.CONTACT else {}
        )
        if to_prove:
            # Step 7 is open again until the codes come back, even if it was done before.
            draft.completed.discard(Step.CONTACT.value)
            draft.reached = min(draft.reached, Step.CONTACT)
            try:
                sent = send_codes(uow, notices, draft, participant, to_prove, now)
            except TooManyAttempts:
                uow.drafts.save(draft)  # what was typed is kept; no code went out
                uow.commit()
                raise
            uow.drafts.save(draft)
            if sent:  # none when the codes already sent to these targets still hold
                audit(
                    uow,
                    actor,
                    "pengkinian.contact_code_sent",
                    subject_type="participant",
                    subject_id=participant.id,
                    at=now,
                    channels=sorted(sent),
                )
            uow.commit()
            return build_view(uow, participant, now)
        draft.mark_done(step, now)
        uow.drafts.save(draft)
        audit(
            uow,
            actor,
            f"pengkinian.{step.value}_saved",
            subject_type="participant",
            subject_id=participant.id,
            at=now,
        )
        uow.commit()
        return build_view(uow, participant, now)


def valid_entries(
    typed: Mapping[str, str], stored: Mapping[str, str], failure: ValidationFailed
) -> dict[str, str]:
    """What a step keeps after ``failure``: the typed values of the fields that passed, and
    for each field that failed its previously stored (valid) value, if any."""
    failed = {error.field for error in failure.errors}
    kept = {name: value for name, value in typed.items() if name not in failed}
    kept.update({name: stored[name] for name in failed if name in stored})
    return kept


def _open_draft(uow: UnitOfWork, participant_id: uuid.UUID) -> PengkinianDraft:
    draft = uow.drafts.open_for(participant_id)
    if draft is None:
        raise PermissionDenied("pengkinian.not_started")
    return draft


def phone_after_update(draft: PengkinianDraft, participant: Participant) -> str | None:
    """The participant's phone as it will be after this update (step 7), in E.164."""
    raw = draft.entries.get(Step.CONTACT.value, {}).get("phone")
    if raw:
        try:
            return parse_mobile(raw)
        except DomainError:
            return None  # an invalid phone is step 7's error, not step 9's
    return participant.profile.phone
