"""Step 10, "Konfirmasi": apply the update, once.

All or nothing in one transaction: the participant's new profile, the change request with
its field-level diff, consent and biometric result, the history version, the audit entry
and the notices. Submitting twice (double click, two devices, a retried API call) applies
once and answers with the same change request; an update that would overwrite data changed
elsewhere since the draft began is refused with a clear message.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from jmo.domain.accounts import Actor
from jmo.domain.errors import Conflict, PermissionDenied, ValidationFailed
from jmo.domain.identifiers.region import RegionDirectory
from jmo.domain.participant import FieldChange, HistoryVersion, Participant, diff_profiles
from jmo.domain.pengkinian.change_request import (
    BiometricSummary,
    ChangeKind,
    ChangeRequest,
    ChangeStatus,
    Channel,
    Consent,
)
from jmo.domain.pengkinian.draft import DraftStatus, PengkinianDraft
from jmo.domain.pengkinian.forms import FormContext, validate_steps
from jmo.domain.pengkinian.policy import check_app_changes
from jmo.domain.pengkinian.steps import FORM_STEPS, Step
from jmo.domain.requests.ids import kind_of_change_request
from jmo.domain.risk import BANK_FIELDS, bank_change_needs_second_person, risk_flags
from jmo.usecases.access import access_own_participant
from jmo.usecases.accounts.not_me import require_not_frozen
from jmo.usecases.auditing import audit
from jmo.usecases.backoffice.approvals import hold_bank_change
from jmo.usecases.pengkinian.contact_check import contact_targets, unverified
from jmo.usecases.pengkinian.flow import phone_after_update
from jmo.usecases.pengkinian.update_notices import queue_update_notices
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import Policy

CONSENT_PURPOSE = "pengkinian_terms"


@dataclass(frozen=True)
class SubmitResult:
    change_request: ChangeRequest
    replayed: bool  # True when this submit had already been applied
    # a new bank account the risk rules flagged: not applied, waiting for two staff members
    held: ChangeRequest | None = None


def submit_pengkinian(
    uow: UnitOfWork,
    actor: Actor,
    *,
    terms_accepted: bool,
    terms_version: str,
    regions: RegionDirectory,
    notices: NoticeComposer,
    policy: Policy,
    now: datetime,
    idempotency_key: str | None = None,
) -> SubmitResult:
    try:
        return _submit(
            uow,
            actor,
            terms_accepted=terms_accepted,
            terms_version=terms_version,
            regions=regions,
            notices=notices,
            policy=policy,
            now=now,
            idempotency_key=idempotency_key,
        )
    except Conflict as exc:
        if exc.code not in ("record.changed", "record.duplicate"):
            raise
        # Lost a race with a simultaneous submit of the same draft: if that one applied,
        # answer with its result, as if this click had done it.
        replay = _already_submitted(uow, actor, idempotency_key)
        if replay is None:
            raise Conflict("pengkinian.concurrent_update") from exc
        return SubmitResult(replay, replayed=True)


def _already_submitted(
    uow: UnitOfWork, actor: Actor, idempotency_key: str | None
) -> ChangeRequest | None:
    with uow:
        participant = access_own_participant(uow, actor)
        if idempotency_key:
            found = uow.change_requests.by_idempotency_key(participant.id, idempotency_key)
            if found is not None:
                return found
        if uow.drafts.open_for(participant.id) is None:
            return _last_submitted(uow, participant.id)
    return None


def _last_submitted(uow: UnitOfWork, participant_id: uuid.UUID) -> ChangeRequest | None:
    latest = uow.drafts.latest_for(participant_id)
    if latest is None or latest.status is not DraftStatus.SUBMITTED:
        return None
    if latest.change_request_id is None:
        return None
    return uow.change_requests.get(latest.change_request_id)


def _submit(
    uow: UnitOfWork,
    actor: Actor,
    *,
    terms_accepted: bool,
    terms_version: str,
    regions: RegionDirectory,
    notices: NoticeComposer,
    policy: Policy,
    now: datetime,
    idempotency_key: str | None,
) -> SubmitResult:
    with uow:
        participant = access_own_participant(uow, actor)
        if idempotency_key:
            done = uow.change_requests.by_idempotency_key(participant.id, idempotency_key)
            if done is not None:
                return SubmitResult(done, replayed=True)
        draft = uow.drafts.open_for(participant.id)
        if draft is None:
            # The second click of a double click arrives after the first applied.
            previous = _last_submitted(uow, participant.id)
            if previous is not None:
                return SubmitResult(previous, replayed=True)
            raise PermissionDenied("pengkinian.not_started")
        require_not_frozen(uow, participant.id)  # "Bukan saya" (issue 12)

        draft.require_reached(Step.CONFIRM)
        missing = [s.value for s in FORM_STEPS if s.value not in draft.completed]
        if missing:
            raise PermissionDenied("pengkinian.step_locked", step=missing[0])
        if not terms_accepted:
            raise ValidationFailed.single("terms", "terms.required")
        if terms_version != policy.terms_version:
            raise Conflict("terms.outdated", field="terms")
        try:
            draft.require_biometric(now)
        except PermissionDenied:
            uow.drafts.save(draft)  # keep the step sent back to 6
            uow.commit()
            raise

        if participant.version != draft.base_version:
            # Someone else (a branch officer, the employer, another update) changed the
            # record since this draft began. Refuse rather than silently overwrite; the
            # person sees the current data on the confirmation page and confirms again.
            draft.base_version = participant.version
            uow.drafts.save(draft)
            uow.commit()
            raise Conflict("pengkinian.data_changed")

        values = validated_values(draft, participant, regions, now)
        if unverified(draft, contact_targets(values, participant)):
            # A new phone or email that was never proven with its code (changed by another
            # device after step 7, say): back to step 7, nothing applied.
            draft.completed.discard(Step.CONTACT.value)
            draft.reached = Step.CONTACT
            uow.drafts.save(draft)
            uow.commit()
            raise PermissionDenied("pengkinian.contact_unverified")
        # The field policy again: a draft saved before a rule changed cannot carry it past.
        check_app_changes(participant.profile.as_dict(), values)
        held_changes = flagged_bank_change(uow, participant, values, policy, now)
        if held_changes:
            values = {k: v for k, v in values.items() if k not in BANK_FIELDS}
        new_profile = participant.profile.with_changes(values)
        changes = participant.apply_profile(new_profile, now)
        participant.pengkinian_completed_at = now

        request = ChangeRequest(
            id=uuid.uuid4(),
            participant_id=participant.id,
            kind=ChangeKind.PENGKINIAN,
            channel=Channel.APP,
            status=ChangeStatus.APPLIED,
            changes=changes,
            base_version=draft.base_version,
            submitted_by=actor.account_id,
            submitted_at=now,
            applied_at=now,
            consent=Consent(
                purpose=CONSENT_PURPOSE,
                terms_version=terms_version,
                accepted_at=now,
                channel=Channel.APP,
            ),
            biometric=_biometric_summary(uow, draft),
            idempotency_key=idempotency_key,
        )
        uow.participants.save(participant)
        uow.change_requests.add(request)
        uow.request_ids.assign(
            kind_of_change_request(request.kind.value, request.changed_fields),
            request.id,
            request.participant_id,
            request.submitted_at,
        )
        uow.participants.add_history(
            HistoryVersion(
                participant_id=participant.id,
                version=participant.version,
                profile=participant.profile,
                change_request_id=request.id,
                recorded_at=now,
            )
        )
        draft.mark_submitted(request.id, now)
        uow.drafts.save(draft)
        audit(
            uow,
            actor,
            "pengkinian.submitted",
            subject_type="change_request",
            subject_id=request.id,
            at=now,
            participant_id=str(participant.id),
            changed_fields=list(request.changed_fields),
            terms_version=terms_version,
        )
        queue_update_notices(
            uow, notices, participant, request, changes, now, policy.bank_cooling_off_days
        )
        held = hold_bank_change(
            uow,
            actor,
            participant,
            held_changes,
            channel=Channel.APP,
            notices=notices,
            now=now,
        )
        uow.commit()
        return SubmitResult(request, replayed=False, held=held)


def validated_values(
    draft: PengkinianDraft, participant: Participant, regions: RegionDirectory, now: datetime
) -> dict[str, str | None]:
    """Validate every step again at submit time: rules or reference data may have moved
    since the step was saved, and what is applied must be valid now."""
    context = FormContext(
        regions=regions,
        identity=participant.identity,
        today=now.date(),
        phone=phone_after_update(draft, participant),
    )
    return validate_steps({s: draft.entries.get(s.value, {}) for s in FORM_STEPS}, context)


def flagged_bank_change(
    uow: UnitOfWork,
    participant: Participant,
    values: dict[str, str | None],
    policy: Policy,
    now: datetime,
) -> tuple[FieldChange, ...]:
    """The bank part of an update, when the risk rules say it needs a second person
    (``domain/risk.py``); empty when it may apply at once."""
    proposed = diff_profiles(participant.profile, participant.profile.with_changes(values))
    flags = risk_flags(
        [(v.recorded_at, v.profile) for v in uow.participants.history(participant.id)],
        now=now,
        cooling_off=timedelta(days=policy.bank_cooling_off_days),
    )
    if not bank_change_needs_second_person(flags, [c.field for c in proposed]):
        return ()
    return tuple(c for c in proposed if c.field in BANK_FIELDS)


def _biometric_summary(uow: UnitOfWork, draft: PengkinianDraft) -> BiometricSummary | None:
    if draft.biometric_attempt_id is None:
        return None
    attempt = uow.biometric_attempts.get(draft.biometric_attempt_id)
    if attempt is None:
        return None
    return BiometricSummary(
        attempt_id=attempt.id,
        decision=attempt.decision,
        distance=attempt.distance,
        model=attempt.model,
    )
