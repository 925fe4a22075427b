"""Step 7: a new phone number or email is proven with a one-time code sent to it; the old
contact gets a notice when the update is applied (submit.py)."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime

from jmo.domain.accounts import Actor
from jmo.domain.errors import PermissionDenied, ValidationFailed
from jmo.domain.notices import NoticeChannel
from jmo.domain.participant import Participant
from jmo.domain.pengkinian.draft import PengkinianDraft
from jmo.domain.pengkinian.policy import code_checked_fields
from jmo.domain.pengkinian.steps import Step
from jmo.domain.pengkinian.verification import (
    CODE_KINDS,
    CODE_LENGTH,
    CODES_WINDOW,
    MAX_ATTEMPTS,
    ContactCheck,
    check_code_budget,
    code_hash,
    wrong_code_state,
)
from jmo.usecases.access import access_own_participant
from jmo.usecases.auditing import audit
from jmo.usecases.notifications.queue import queue_notice
from jmo.usecases.pengkinian.views import PengkinianView, build_view
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.unit_of_work import UnitOfWork

_NOTICE = {"phone": (NoticeChannel.SMS, "otp.phone"), "email": (NoticeChannel.EMAIL, "otp.email")}


def _salt(draft: PengkinianDraft, channel: str) -> str:
    return f"{draft.id}:{channel}"


def contact_targets(values: Mapping[str, str | None], participant: Participant) -> dict[str, str]:
    """The channels whose value would change: channel -> the new value."""
    changed: dict[str, str] = {}
    for channel in code_checked_fields():  # the field policy's second factor
        new = values.get(channel)
        if new and new != getattr(participant.profile, channel):
            changed[channel] = new
    return changed


def unverified(draft: PengkinianDraft, targets: Mapping[str, str]) -> dict[str, str]:
    return {
        channel: target
        for channel, target in targets.items()
        if not (
            channel in draft.verifications and draft.verifications[channel].is_verified_for(target)
        )
    }


def _still_usable(check: ContactCheck | None, target: str, now: datetime) -> bool:
    """A code already sent to this target that can still be typed: no new one needed."""
    return (
        check is not None
        and check.target == target
        and check.verified_at is None
        and now <= check.expires_at
        and check.attempts < MAX_ATTEMPTS
    )


def send_codes(
    uow: UnitOfWork,
    notices: NoticeComposer,
    draft: PengkinianDraft,
    participant: Participant,
    targets: Mapping[str, str],
    now: datetime,
    *,
    resend: bool = False,
) -> list[str]:
    """A code to each channel's new target. A code still valid for the same target is
    kept (saving the form again sends nothing) unless ``resend``; going back to an earlier
    target gets a new code. Every limit is checked before anything is sent, so a refusal
    (``TooManyAttempts``) leaves the draft's checks and the outbox as they were. Returns
    the channels a code went to."""
    planned: dict[str, tuple[ContactCheck, str]] = {}
    for channel, target in targets.items():
        previous = draft.verifications.get(channel)
        if not resend and _still_usable(previous, target, now):
            continue
        code = f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"
        hashed = code_hash(code, _salt(draft, channel))
        if previous is not None and previous.target == target and previous.verified_at is None:
            check = previous.resend(hashed, now)  # raises while the per-target limits apply
        else:
            check = ContactCheck(channel, target, hashed, now)
        planned[channel] = (check, code)
    if not planned:
        return []
    check_code_budget(
        wanted=len(planned),
        sent_in_draft=draft.codes_sent,
        sent_recently=uow.outbox.queued_at(participant.id, CODE_KINDS, now - CODES_WINDOW),
        now=now,
        field=next(iter(planned)),
    )
    for channel, (check, code) in planned.items():
        draft.verifications[channel] = check
        draft.codes_sent += 1
        notice_channel, kind = _NOTICE[channel]
        queue_notice(
            uow,
            notices,
            kind=kind,
            channel=notice_channel,
            recipient=check.target,
            participant_id=participant.id,
            # One event per code sent in this draft: returning to an earlier target is a
            # new event, not a duplicate of the first one.
            event_key=f"{draft.id}:{draft.codes_sent}",
            now=now,
            params={},
            secrets={"code": code},
            secrets_valid_until=check.expires_at,
        )
    return list(planned)


def verify_contact(
    uow: UnitOfWork, actor: Actor, codes: Mapping[str, str], *, now: datetime
) -> PengkinianView:
    """Check the codes typed for every pending channel; when all are right, step 7 is done."""
    with uow:
        participant = access_own_participant(uow, actor)
        draft = uow.drafts.open_for(participant.id)
        if draft is None:
            raise PermissionDenied("pengkinian.not_started")
        draft.require_reached(Step.CONTACT)
        pending = [c for c in draft.verifications.values() if c.verified_at is None]
        if not pending:
            raise PermissionDenied("otp.nothing_pending")
        failure: ValidationFailed | None = None
        for check in pending:
            field = f"{check.channel}_code"
            try:
                draft.verifications[check.channel] = check.attempt(
                    codes.get(field, ""), _salt(draft, check.channel), now, field
                )
            except ValidationFailed as exc:
                tried = wrong_code_state(exc)
                if tried is not None:
                    draft.verifications[check.channel] = tried
                failure = (
                    exc if failure is None else ValidationFailed([*failure.errors, *exc.errors])
                )
        if failure is None:
            draft.mark_done(Step.CONTACT, now)
            audit(
                uow,
                actor,
                "pengkinian.contact_verified",
                subject_type="participant",
                subject_id=participant.id,
                at=now,
                channels=sorted(c.channel for c in pending),
            )
        draft.updated_at = now
        uow.drafts.save(draft)
        uow.commit()
        if failure is not None:
            raise failure
        return build_view(uow, participant, now)


def resend_contact_code(
    uow: UnitOfWork, actor: Actor, channel: str, *, notices: NoticeComposer, now: datetime
) -> PengkinianView:
    with uow:
        participant = access_own_participant(uow, actor)
        draft = uow.drafts.open_for(participant.id)
        if draft is None:
            raise PermissionDenied("pengkinian.not_started")
        check = draft.verifications.get(channel)
        if check is None or check.verified_at is not None:
            raise PermissionDenied("otp.nothing_pending")
        send_codes(uow, notices, draft, participant, {channel: check.target}, now, resend=True)
        uow.drafts.save(draft)
        audit(
            uow,
            actor,
            "pengkinian.contact_code_resent",
            subject_type="participant",
            subject_id=participant.id,
            at=now,
            channel=channel,
        )
        uow.commit()
        return build_view(uow, participant, now)
