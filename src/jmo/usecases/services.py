"""What the edge (web, API, CLI) hands the use cases: the ports as ``bootstrap`` chose
them, and the values from configuration that rules need."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from jmo.domain.backoffice.appointments import DEFAULT_SLOT_CAPACITY
from jmo.domain.biometric_attempt import FaceAttemptLimits
from jmo.domain.identifiers.region import RegionDirectory
from jmo.domain.jht.yields import YieldTable
from jmo.domain.pengkinian.policy import BANK_HOLD, CLAIM_LOCK_RELEASE_WAIT, CONTACT_HOLD
from jmo.domain.time import Clock
from jmo.usecases.ports.accounts import DeviceTokens, PasswordHasher
from jmo.usecases.ports.card import CardRenderer, CardTokens
from jmo.usecases.ports.faces import FaceVerifier, FrameRegistry
from jmo.usecases.ports.files import AttachmentInspector, FileStore
from jmo.usecases.ports.jht import StatementRenderer
from jmo.usecases.ports.notices import Delivery, NoticeComposer
from jmo.usecases.ports.participants import ParticipantRegistry
from jmo.usecases.ports.rate_limits import RateLimiter
from jmo.usecases.ports.requests import ReceiptRenderer, ReceiptSigner
from jmo.usecases.ports.unit_of_work import FastReads, UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True)
class Policy:
    """Values from configuration that rules need; passed in, never read from settings."""

    terms_version: str = "2026-11-01"
    session_idle_minutes: int = 60
    staff_session_idle_minutes: int = 15
    session_absolute_hours: int = 12
    login_max_failures: int = 5
    login_lock_minutes: int = 15
    login_window_minutes: int = 15
    login_ip_limit: int = 30  # attempts per address per window, any account
    reset_requests_per_hour: int = 3
    # registration and "Lupa akun": identity checks per address per hour and per NIK per day
    identity_checks_per_ip_hour: int = 10
    identity_checks_per_nik_day: int = 5
    # after the face check, before the claim lock is off (the field policy's)
    claim_lock_wait_hours: int = CLAIM_LOCK_RELEASE_WAIT // timedelta(hours=1)
    bank_cooling_off_days: int = BANK_HOLD.days  # the field policy's, or the setting
    # Face checks per person per window; which attempt counts toward which limit is the
    # rule in jmo.domain.biometric_attempt (every attempt counts).
    face_max_attempts: int = 3  # compared with the reference: pass, review or fail
    face_max_retries: int = 10  # captures too poor to compare
    face_attempt_window_hours: int = 24
    # A single still photo cannot show liveness; allowed for the demo and tests, never in
    # production, where step 6 is the camera burst with a challenge.
    face_still_photo_allowed: bool = True
    max_upload_bytes: int = 8 * 1024 * 1024
    public_url: str = "http://127.0.0.1:8000"  # links in emails and the card QR
    attachment_max_bytes: int = 5 * 1024 * 1024
    attachment_max_files: int = 3
    # The liveness burst wire format (docs/biometrics.md), from the engine's thresholds.
    burst_max_frames: int = 45
    burst_frame_max_bytes: int = 512 * 1024
    # A browser or app that logged in successfully is a "known device" this long: its
    # wrong passwords count against its own budget, not the account's (docs/security.md).
    known_device_days: int = 180
    # Public card verification (/verify): scans per client address per minute.
    card_verify_ip_limit: int = 60
    # People per branch office and appointment slot.
    appointment_slot_capacity: int = DEFAULT_SLOT_CAPACITY

    @property
    def face_limits(self) -> FaceAttemptLimits:
        return FaceAttemptLimits(
            max_compared=self.face_max_attempts,
            max_unusable=self.face_max_retries,
            window=timedelta(hours=self.face_attempt_window_hours),
        )


@dataclass(frozen=True)
class BenefitServices:
    """What Cek Saldo JHT and the claims need besides the unit of work: the yield table
    (data, replaced when BPJS declares a rate), the statement renderer, and the JMO
    self-service limit for JHT claims (docs/domain-rules.md §3: Rp15M since May 2025)."""

    yields: YieldTable
    statements: StatementRenderer
    self_service_limit: int = 15_000_000
    # Days a new payout bank account waits before a claim may be paid to it (issue 5;
    # docs/domain-rules.md §5 "Changing the payout bank account"): the field policy's, or
    # the setting (jmo.domain.pengkinian.policy.money_holds).
    bank_cooling_off_days: int = BANK_HOLD.days
    # Days a claim waits after a new phone or email (the field policy's; tests set 0).
    contact_cooling_off_days: int = CONTACT_HOLD.days
    # Four eyes: above this gross, the person who verified a claim never approves it.
    claim_four_eyes_above: int = 15_000_000


@dataclass
class Services:
    """Everything the edge (web, API, CLI) hands to use cases. Built by ``bootstrap``."""

    uow: UnitOfWorkFactory
    clock: Clock
    faces: FaceVerifier
    passwords: PasswordHasher
    device_tokens: DeviceTokens
    regions: RegionDirectory
    notices: NoticeComposer
    policy: Policy
    limiter: RateLimiter
    is_common_password: Callable[[str], bool]
    frames: FrameRegistry
    rng: random.Random  # picks liveness challenges (SystemRandom outside tests)
    card_tokens: CardTokens
    card_renderer: CardRenderer
    files: FileStore
    attachments: AttachmentInspector
    delivery: Delivery
    benefits: BenefitServices
    registry: ParticipantRegistry
    receipts: ReceiptSigner
    receipt_renderer: ReceiptRenderer
    # Hands the current request's database connection back (edge.Calls, after the last
    # use case of a request); nothing outside a request.
    end_request: Callable[[], None] = lambda: None
    # A unit of work on the read replica for a read by this session token, or None when
    # the primary must answer (no replica, replica behind or down, the session just wrote).
    replica_uow: Callable[[str], UnitOfWork | None] = lambda _token: None
    # The fast read lane for GET requests (storage.fast_reads); None: every read takes a
    # worker thread (SQLite, a replica set, or switched off).
    fast_reads: FastReads | None = None
