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
from jmo.domain.biometric import LivenessChallenge
from jmo.domain.errors import DomainError, PermissionDenied
from jmo.domain.identifiers.region import RegionDirectory
from jmo.domain.notices import NoticeChannel
from jmo.domain.onboarding import Onboarding, Purpose
from jmo.domain.passwords import check_new_password
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
from jmo.usecases.face_check import (
    FaceCheckResult,
    FaceRecorded,
    FaceStatus,
    FaceTarget,
    check_burst,
    check_still,
    issue_challenge,
    status_of,
)
from jmo.usecases.notifications.queue import queue_notice
from jmo.usecases.ports.accounts import PasswordHasher
from jmo.usecases.ports.faces import FaceVerifier, FrameRegistry
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.participants import ParticipantRegistry
from jmo.usecases.ports.rate_limits import RateLimiter
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import Policy

PURPOSE = "account_recovery"


@dataclass(frozen=True)
class RecoveryStart:
    token: str
    branch_only: bool = False  # no reference photo: the token leads to a branch booking


FaceResult = FaceCheckResult  # Lupa akun's name for the one result


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
    allow_branch: bool = False,
) -> RecoveryStart:
    """``allow_branch``: without a reference photo, still start the flow (the pages then
    offer a branch appointment on its token) instead of refusing."""
    claim = parse_identity(raw, regions, today=now.date(), with_name=False)
    participant_id = check_identity(registry, limiter, claim, client=client, policy=policy, now=now)
    with uow:
        if uow.accounts.for_participant(participant_id) is None:
            # Nothing to recover: the same answer as a mismatch (the page offers /daftar).
            raise DomainError(NO_MATCH)
        branch_only = uow.participants.reference_face(participant_id) is None
        if branch_only and not allow_branch:
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
            branch_only=branch_only,
        )
        uow.commit()
        return RecoveryStart(started.token, branch_only)


@dataclass
class _RecoveryFace:
    """Lupa akun's face step as a place that asks for a face check (no login: the flow's
    token names the person)."""

    token: str
    client: Client
    purpose: str = PURPOSE
    queues_review: bool = False
    client_ip: str | None = None  # recorded with the attempt

    def _item(self, uow: UnitOfWork, now: datetime) -> Onboarding:
        item = load(uow, self.token, Purpose.RECOVER, now)
        if not item.needs_face:
            raise PermissionDenied("onboarding.face_done")
        return item

    def face_target(self, uow: UnitOfWork, now: datetime) -> FaceTarget:
        item = self._item(uow, now)
        reference = uow.participants.reference_face(item.participant_id)
        if reference is None:
            raise PermissionDenied("recovery.branch_only")
        return FaceTarget(item.participant_id, reference)

    def swap_face_challenge(
        self, uow: UnitOfWork, new: LivenessChallenge | None, now: datetime
    ) -> LivenessChallenge | None:
        item = self._item(uow, now)
        old, item.liveness_challenge = item.liveness_challenge, new
        uow.onboardings.save(item)
        return old

    def face_recorded(self, uow: UnitOfWork, recorded: FaceRecorded, now: datetime) -> None:
        if recorded.passed:
            item = self._item(uow, now)
            item.face_passed_at = now
            uow.onboardings.save(item)
        audit(
            uow,
            None,
            "account.recovery_face",
            subject_type="participant",
            subject_id=recorded.target.participant_id,
            at=now,
            channel=self.client.channel,
            client_ip=self.client.ip,
            **recorded.audited(),
        )


def recovery_face_status(
    uow: UnitOfWork, *, token: str, policy: Policy, now: datetime
) -> FaceStatus:
    """The tries left, for the face step's page."""
    with uow:
        item = load(uow, token, Purpose.RECOVER, now)
        return status_of(uow, item.participant_id, policy, now)


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
    # The client is recorded only with a result, not with the challenge.
    subject = _RecoveryFace(token, Client(ip=None, user_agent=None))
    return issue_challenge(uow, subject, faces, rng=rng, policy=policy, now=now)


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
    return check_burst(
        uow,
        _RecoveryFace(token, client, client_ip=client.ip),
        faces,
        frames,
        nonce=nonce,
        frame_times_ms=frame_times_ms,
        frame_registry=frame_registry,
        policy=policy,
        now=now,
    )


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
    return check_still(
        uow, _RecoveryFace(token, client, client_ip=client.ip), faces, image, policy=policy, now=now
    )


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
