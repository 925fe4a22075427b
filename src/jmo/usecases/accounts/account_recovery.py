""" "Lupa akun" (issue 12): the email or the phone is lost. KPJ, NIK and birth date, then
the face with liveness against the reference photo (the same engine, limits and attempt
log as the data update's step 6), then a new email and mobile number each proven by a
code and a new password: the account is re-bound, every session ends, and the old
contacts are told (their notice carries "Bukan saya").

Without a pass (no reference photo, tries used up, a borderline face) the answer is the
branch office: no officer queue here, a person at the counter checks the KTP."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from jmo.domain.accounts import Account
from jmo.domain.biometric import Decision, FaceMatch, LivenessChallenge
from jmo.domain.errors import DomainError, PermissionDenied
from jmo.domain.identifiers.region import RegionDirectory
from jmo.domain.notices import NoticeChannel
from jmo.domain.onboarding import Onboarding, Purpose
from jmo.domain.passwords import check_new_password
from jmo.usecases.accounts.face_attempt import attempt_of, outcome_code, tally, tries_left_after
from jmo.usecases.accounts.onboarding import (
    NO_MATCH,
    begin,
    check_identity,
    load,
    parse_identity,
    require_contacts,
)
from jmo.usecases.accounts.sessions import Client
from jmo.usecases.auditing import audit
from jmo.usecases.notifications.queue import queue_notice
from jmo.usecases.ports import (
    FaceVerifier,
    FrameRegistry,
    NoticeComposer,
    ParticipantRegistry,
    PasswordHasher,
    Policy,
    RateLimiter,
    ReferenceFace,
    UnitOfWork,
)

PURPOSE = "account_recovery"


@dataclass(frozen=True)
class RecoveryStart:
    token: str


@dataclass(frozen=True)
class FaceResult:
    passed: bool
    code: str  # what the person is told: "face.pass", "selfie.no_face", ...
    tries_left: int

    @property
    def to_branch(self) -> bool:
        """No pass possible here any more: the branch office is the way forward."""
        return not self.passed and self.tries_left == 0


def start_account_recovery(
    uow: UnitOfWork,
    registry: ParticipantRegistry,
    limiter: RateLimiter,
    raw: Mapping[str, str],
    *,
    regions: RegionDirectory,
    client: Client,
    policy: Policy,
    now: datetime,
) -> RecoveryStart:
    claim = parse_identity(raw, regions, today=now.date(), with_name=False)
    participant_id = check_identity(registry, limiter, claim, client=client, policy=policy, now=now)
    with uow:
        if uow.accounts.for_participant(participant_id) is None:
            # Nothing to recover: the same answer as a mismatch (the page offers /daftar).
            raise DomainError(NO_MATCH)
        if uow.participants.reference_face(participant_id) is None:
            raise PermissionDenied("recovery.branch_only")
        started = begin(uow, Purpose.RECOVER, participant_id, now)
        audit(
            uow,
            None,
            "account.recovery_started",
            subject_type="participant",
            subject_id=participant_id,
            at=now,
            channel=client.channel,
            client_ip=client.ip,
        )
        uow.commit()
        return RecoveryStart(started.token)


def _prepare(
    uow: UnitOfWork, token: str, policy: Policy, now: datetime
) -> tuple[Onboarding, ReferenceFace]:
    item = load(uow, token, Purpose.RECOVER, now)
    if not item.needs_face:
        raise PermissionDenied("onboarding.face_done")
    reference = uow.participants.reference_face(item.participant_id)
    if reference is None:
        raise PermissionDenied("recovery.branch_only")
    tally(uow, item.participant_id, policy, now).check(policy.face_limits)
    return item, reference


def recovery_challenge(
    uow: UnitOfWork,
    faces: FaceVerifier,
    *,
    token: str,
    rng: random.Random,
    policy: Policy,
    now: datetime,
) -> LivenessChallenge:
    """The random challenge the camera page shows while it records (works once)."""
    with uow:
        item, _ = _prepare(uow, token, policy, now)
        item.liveness_challenge = faces.new_challenge(rng, now=now)
        uow.onboardings.save(item)
        uow.commit()
        return item.liveness_challenge


def recovery_face_burst(
    uow: UnitOfWork,
    faces: FaceVerifier,
    frames: Sequence[bytes],
    *,
    token: str,
    nonce: str,
    frame_times_ms: Sequence[int] | None,
    frame_registry: FrameRegistry,
    client: Client,
    policy: Policy,
    now: datetime,
) -> FaceResult:
    with uow:
        item, reference = _prepare(uow, token, policy, now)
        challenge = item.liveness_challenge
        if challenge is None:
            raise PermissionDenied("liveness.no_challenge")
        item.liveness_challenge = None  # used up, whatever the result
        uow.onboardings.save(item)
        uow.commit()
    match = faces.verify_burst(
        frames,
        reference.descriptor,
        challenge,
        nonce=nonce,
        now=now,
        frame_times_ms=frame_times_ms,
        seen_before=frame_registry.seen_before,
    )
    return _record(uow, token, match, client=client, policy=policy, now=now, liveness=True)


def recovery_face_still(
    uow: UnitOfWork,
    faces: FaceVerifier,
    image: bytes,
    *,
    token: str,
    client: Client,
    policy: Policy,
    now: datetime,
) -> FaceResult:
    """One uploaded photo: only where configuration allows it (development, tests)."""
    if not policy.face_still_photo_allowed:
        raise PermissionDenied("liveness.camera_required")
    with uow:
        _, reference = _prepare(uow, token, policy, now)
    try:
        match = faces.verify(image, reference.descriptor)
    except DomainError as exc:
        match = FaceMatch(Decision.RETRY, None, 0.0, 0.0, error_code=exc.code)
    return _record(uow, token, match, client=client, policy=policy, now=now, liveness=False)


def _record(
    uow: UnitOfWork,
    token: str,
    match: FaceMatch,
    *,
    client: Client,
    policy: Policy,
    now: datetime,
    liveness: bool,
) -> FaceResult:
    with uow:
        item = load(uow, token, Purpose.RECOVER, now)
        before = tally(uow, item.participant_id, policy, now)
        before.check(policy.face_limits)
        attempt = attempt_of(
            match,
            participant_id=item.participant_id,
            purpose=PURPOSE,
            client_ip=client.ip,
            liveness=liveness,
            now=now,
        )
        uow.biometric_attempts.add(attempt)
        if match.decision is Decision.PASS:
            item.face_passed_at = now
            uow.onboardings.save(item)
        audit(
            uow,
            None,
            "account.recovery_face",
            subject_type="participant",
            subject_id=item.participant_id,
            at=now,
            channel=client.channel,
            client_ip=client.ip,
            decision=match.decision.value,
            liveness=liveness,
            attempt_id=str(attempt.id),
        )
        uow.commit()
    passed = match.decision is Decision.PASS
    return FaceResult(passed, outcome_code(match), tries_left_after(before, match, policy))


def complete_account_recovery(
    uow: UnitOfWork,
    passwords: PasswordHasher,
    notices: NoticeComposer,
    *,
    token: str,
    password: str,
    is_common: Callable[[str], bool],
    client: Client,
    now: datetime,
) -> Account:
    """Re-bind the proven email and phone, set the new password, end every session and
    link, and tell the old email and phone."""
    with uow:
        item = load(uow, token, Purpose.RECOVER, now)
        item.require_face()
        email, phone = require_contacts(item)
        account = uow.accounts.for_participant(item.participant_id)
        if account is None:
            raise DomainError(NO_MATCH)
        check_new_password(
            password, is_common=is_common, personal=[email.split("@")[0]], field="password"
        )
        old_email, old_phone = account.email, account.phone
        account.email = email
        account.phone = phone
        account.password_hash = passwords.hash(password)
        account.password_changed_at = now
        uow.accounts.save(account)
        ended = uow.sessions.revoke_all(account.id, now)
        uow.account_tokens.end_all(account.id, now)
        item.completed_at = now
        uow.onboardings.save(item)
        for channel, old, new in (
            (NoticeChannel.EMAIL, old_email, email),
            (NoticeChannel.SMS, old_phone, phone),
        ):
            if old and old != new:
                queue_notice(
                    uow,
                    notices,
                    kind="account.contacts_rebound",
                    channel=channel,
                    recipient=old,
                    participant_id=account.participant_id,
                    event_key=str(item.id),
                    now=now,
                    params={},
                )
        audit(
            uow,
            None,
            "account.contacts_rebound",
            subject_type="account",
            subject_id=account.id,
            at=now,
            channel=client.channel,
            client_ip=client.ip,
            sessions_ended=ended,
            email_changed=old_email != email,
            phone_changed=old_phone != phone,
        )
        uow.commit()
        return account
