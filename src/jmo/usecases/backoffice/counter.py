"""The branch counter: an officer opens one participant (found by KPJ, recorded as a read)
and does Pengkinian Data for them with the app's own validation (``validate_steps``), the
person present with originals instead of a selfie. The change request says channel
"branch" and which originals were seen; the participant gets the app's notices and sees
the change, in words, in "who accessed my data".

A new bank account while the risk rules flag the participant is not applied here: it
waits, as its own request, for a supervisor who is not this officer (four eyes,
``usecases/backoffice/approvals.py``); the rest of the update applies at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.backoffice.counter import parse_documents_seen, require_originals
from jmo.domain.backoffice.permissions import Action
from jmo.domain.errors import CollectErrors, DomainError, NotFound, ValidationFailed
from jmo.domain.identifiers.kpj import parse_kpj
from jmo.domain.identifiers.phone import parse_mobile
from jmo.domain.identifiers.region import RegionDirectory
from jmo.domain.participant import Participant, Profile, diff_profiles
from jmo.domain.pengkinian.change_request import (
    ChangeKind,
    ChangeRequest,
    ChangeStatus,
    Channel,
    Consent,
)
from jmo.domain.pengkinian.forms import STEP_FIELDS, FormContext, profile_to_form, validate_steps
from jmo.domain.pengkinian.policy import check_channel_changes
from jmo.domain.pengkinian.steps import FORM_STEPS
from jmo.domain.risk import BANK_FIELDS, RiskFlag, risk_flags
from jmo.usecases.access import access_participant_as_staff, in_scope, require_action
from jmo.usecases.accounts.not_me import require_not_frozen
from jmo.usecases.auditing import audit
from jmo.usecases.backoffice.approvals import COUNTER_KINDS, hold_bank_change
from jmo.usecases.backoffice.worked_requests import record_history_version
from jmo.usecases.pengkinian.submit import CONSENT_PURPOSE, flagged_bank_change
from jmo.usecases.pengkinian.update_notices import queue_update_notices
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import Policy
from jmo.usecases.staff_reads import StaffRead, record_staff_read


def at_counter(actor: Actor) -> Actor:
    """The actor as the audit trail should name the place: the branch office."""
    return replace(actor, channel=Channel.BRANCH.value)


@dataclass(frozen=True)
class CounterView:
    participant: Participant
    has_reference_photo: bool
    waiting: list[ChangeRequest]  # reference photo or bank change, for a supervisor
    requests: list[ChangeRequest]  # every change request, newest first
    flags: list[RiskFlag]
    form: dict[str, str]  # the current data as typed, sensitive values left blank


def find_participant(uow: UnitOfWork, actor: Actor, kpj: str) -> UUID:
    """The participant of a KPJ in the officer's branch (another branch's: as missing)."""
    require_action(actor, Action.PARTICIPANT_READ)
    try:
        number = parse_kpj(kpj)
    except DomainError:
        raise ValidationFailed.single("kpj", "kpj.format") from None
    with uow:
        found = uow.participants.get_by_kpj(number)
        if found is None or not in_scope(actor, found):
            raise NotFound("participant")
        return found.id


def _versions(uow: UnitOfWork, participant_id: UUID) -> list[tuple[datetime, Profile]]:
    return [(v.recorded_at, v.profile) for v in uow.participants.history(participant_id)]


def _flags(uow: UnitOfWork, participant_id: UUID, policy: Policy, now: datetime) -> list[RiskFlag]:
    return risk_flags(
        _versions(uow, participant_id),
        now=now,
        cooling_off=timedelta(days=policy.bank_cooling_off_days),
    )


def counter_view(
    uow: UnitOfWork, actor: Actor, participant_id: UUID, *, policy: Policy, now: datetime
) -> CounterView:
    actor = at_counter(actor)  # the read is the branch office's, in the access log too
    with uow:
        participant = access_participant_as_staff(
            uow, actor, participant_id, Action.PARTICIPANT_READ
        )
        requests = uow.change_requests.for_participant(participant.id)
        form: dict[str, str] = {}
        for step in FORM_STEPS:
            form |= profile_to_form(step, participant.profile)
        # Sensitive values are not put in the page: left blank, they stay as on file.
        form = {k: ("" if k in Profile.SENSITIVE else v) for k, v in form.items()}
        record_staff_read(uow, actor, StaffRead.PROFILE, [participant.id], at=now)
        flags = _flags(uow, participant.id, policy, now)
        has_photo = uow.participants.has_reference_face(participant.id)
        uow.commit()
        return CounterView(
            participant=participant,
            has_reference_photo=has_photo,
            waiting=[
                r
                for r in requests
                if r.kind in COUNTER_KINDS and r.status is ChangeStatus.AWAITING_APPROVAL
            ],
            requests=requests,
            flags=flags,
            form=form,
        )


@dataclass(frozen=True)
class WalkInResult:
    applied: ChangeRequest
    held: ChangeRequest | None  # the bank change waiting for a supervisor, if flagged


def _entries(raw: Mapping[str, str], profile: Profile) -> dict[str, str]:
    """What the officer typed; a sensitive field left blank keeps the value on file."""
    current = profile.as_dict()
    typed: dict[str, str] = {}
    for step in FORM_STEPS:
        for name in STEP_FIELDS[step]:
            value = str(raw.get(name) or "")
            if not value.strip() and name in Profile.SENSITIVE:
                value = current.get(name) or ""
            typed[name] = value
    return typed


def _phone(raw: str, participant: Participant) -> str | None:
    try:
        return parse_mobile(raw) if raw.strip() else participant.profile.phone
    except DomainError:
        return None  # the phone's own error is reported by its step


def walk_in_pengkinian(
    uow: UnitOfWork,
    actor: Actor,
    participant_id: UUID,
    raw: Mapping[str, str],
    *,
    documents_seen: Iterable[str],
    terms_accepted: bool,
    regions: RegionDirectory,
    notices: NoticeComposer,
    policy: Policy,
    now: datetime,
) -> WalkInResult:
    """Pengkinian Data at the counter: validated as in the app, all or nothing."""
    actor = at_counter(actor)
    with uow:
        participant = access_participant_as_staff(
            uow, actor, participant_id, Action.PARTICIPANT_UPDATE
        )
        require_not_frozen(uow, participant.id)  # "Bukan saya": lifted first, after checking
        typed = _entries(raw, participant.profile)
        context = FormContext(
            regions=regions,
            identity=participant.identity,
            today=now.date(),
            phone=_phone(typed.get("phone", ""), participant),
        )
        by_step = {s: {n: typed[n] for n in STEP_FIELDS[s]} for s in FORM_STEPS}
        errors = CollectErrors()
        try:
            values = validate_steps(by_step, context)
        except ValidationFailed as exc:
            errors.errors.extend(exc.errors)
            values = {}
        try:
            seen = parse_documents_seen(documents_seen)
        except ValidationFailed as exc:
            errors.errors.extend(exc.errors)
            seen = ()
        if not terms_accepted:
            errors.add("terms", "terms.required")
        if values:
            try:
                check_channel_changes(Channel.BRANCH, participant.profile.as_dict(), values)
            except ValidationFailed as exc:
                errors.errors.extend(exc.errors)
            changed = [
                c.field for c in diff_profiles(participant.profile, _new(participant, values))
            ]
            if seen:
                require_originals(seen, changed, errors)
        errors.raise_if_any()

        base_version = participant.version
        # the app's rule, in one place: a flagged new account waits for a supervisor
        bank_changes = flagged_bank_change(uow, participant, values, policy, now)
        if bank_changes:
            values = {k: v for k, v in values.items() if k not in BANK_FIELDS}
        changes = participant.apply_profile(_new(participant, values), now)
        participant.pengkinian_completed_at = now
        request = ChangeRequest(
            id=uuid.uuid4(),
            participant_id=participant.id,
            kind=ChangeKind.PENGKINIAN,
            channel=Channel.BRANCH,
            status=ChangeStatus.APPLIED,
            changes=changes,
            base_version=base_version,
            submitted_by=actor.account_id,
            submitted_at=now,
            applied_at=now,
            consent=Consent(
                purpose=CONSENT_PURPOSE,
                terms_version=policy.terms_version,
                accepted_at=now,
                channel=Channel.BRANCH,
            ),
            documents_seen=seen,
        )
        uow.participants.save(participant)
        uow.change_requests.add(request)
        record_history_version(uow, participant, request.id, now)
        audit(
            uow,
            actor,
            "pengkinian.submitted_at_branch",
            subject_type="change_request",
            subject_id=request.id,
            at=now,
            participant_id=str(participant.id),
            changed_fields=list(request.changed_fields),
            documents_seen=[d.value for d in seen],
        )
        queue_update_notices(
            uow, notices, participant, request, changes, now, policy.bank_cooling_off_days
        )
        held = hold_bank_change(
            uow, actor, participant, bank_changes, channel=Channel.BRANCH, seen=seen, now=now
        )
        uow.commit()
        return WalkInResult(request, held)


def _new(participant: Participant, values: Mapping[str, str | None]) -> Profile:
    return participant.profile.with_changes(dict(values))
