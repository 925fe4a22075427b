"""The composition root: from a ``Settings``, build everything the edge hands to use cases.
The only module that picks implementations."""

from __future__ import annotations

import base64
import random
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine

from jmo.adapters.card_tokens import Ed25519CardTokens
from jmo.adapters.common_passwords import is_common_password
from jmo.adapters.deferred import (
    DeferredAttachmentChecker,
    DeferredCardRenderer,
    DeferredFacePool,
    DeferredReceiptRenderer,
    DeferredStatementRenderer,
)
from jmo.adapters.delivery import (
    DevOutboxSender,
    HttpSmsSender,
    NoGatewaySender,
    SmtpEmailSender,
)
from jmo.adapters.device_tokens import HmacDeviceTokens
from jmo.adapters.files import LocalEncryptedFileStore
from jmo.adapters.frame_registry import SqlFrameRegistry
from jmo.adapters.jht_yields import load_yield_table
from jmo.adapters.notice_texts import GettextNoticeComposer
from jmo.adapters.participant_registry import LocalParticipantRegistry
from jmo.adapters.passwords import Argon2PasswordHasher
from jmo.adapters.rate_limits import RedisRateLimiter, SqlRateLimiter
from jmo.adapters.receipt_signing import Ed25519ReceiptSigner
from jmo.adapters.regions import load_region_directory
from jmo.domain.biometric import BURST_FRAME_MAX_BYTES, BURST_MAX_FRAMES
from jmo.domain.notices import NoticeChannel, RetryPolicy
from jmo.domain.time import Clock, SystemClock
from jmo.settings import Settings
from jmo.storage.crypto import FieldCipher
from jmo.storage.db import make_engine, make_session_factory
from jmo.storage.fast_reads.lane import FastReadLane
from jmo.storage.read_routing import ReplicaRouter
from jmo.storage.unit_of_work import SqlAlchemyUnitOfWork, release_request_session
from jmo.usecases.ports.accounts import PasswordHasher
from jmo.usecases.ports.faces import FaceVerifier
from jmo.usecases.ports.notices import Delivery, NoticeSender
from jmo.usecases.ports.rate_limits import RateLimiter
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import BenefitServices, Policy, Services


@dataclass
class Runtime:
    """Services plus the resources that must be closed on shutdown."""

    services: Services
    engine: Engine
    faces: DeferredFacePool | None
    replica: ReplicaRouter | None = None
    lane: FastReadLane | None = None

    def note_write(self, token: str) -> None:
        """A request of this session committed a write (read-your-writes on the replica)."""
        if self.replica is not None:
            self.replica.note_write(token, self.services.clock.now())

    def close(self) -> None:
        if self.faces is not None:
            self.faces.close()
        if self.replica is not None:
            self.replica.engine.dispose()
        self.engine.dispose()


def make_cipher(settings: Settings) -> FieldCipher:
    return FieldCipher(
        settings.parsed_field_keys(),
        base64.urlsafe_b64decode(settings.blind_index_key.get_secret_value() + "=="),
    )


def engine_from(settings: Settings) -> Engine:
    """The engine every process builds from the settings (server, workers, commands)."""
    return make_engine(
        settings.database_url,
        echo=settings.database_echo,
        pool_size=settings.database_pool_size or 2 * settings.web_threads,
        pre_ping=settings.database_pre_ping,
        pgbouncer=settings.database_pgbouncer,
    )


def policy_from(settings: Settings) -> Policy:
    return Policy(
        terms_version=settings.terms_version,
        session_idle_minutes=settings.session_idle_minutes,
        staff_session_idle_minutes=settings.staff_session_idle_minutes,
        session_absolute_hours=settings.session_absolute_hours,
        login_max_failures=settings.login_max_failures,
        login_lock_minutes=settings.login_lock_minutes,
        face_max_attempts=settings.face_max_attempts,
        face_attempt_window_hours=settings.face_attempt_window_hours,
        face_still_photo_allowed=bool(settings.face_still_photo_allowed),
        max_upload_bytes=settings.face_max_upload_bytes,
        login_window_minutes=settings.login_window_minutes,
        login_ip_limit=settings.login_ip_limit,
        bank_cooling_off_days=settings.bank_cooling_off_days,
        public_url=settings.public_url.rstrip("/"),
        attachment_max_bytes=settings.attachment_max_bytes,
        attachment_max_files=settings.attachment_max_files,
        burst_max_frames=BURST_MAX_FRAMES,
        burst_frame_max_bytes=BURST_FRAME_MAX_BYTES,
        known_device_days=settings.known_device_days,
        card_verify_ip_limit=settings.card_verify_ip_limit,
        appointment_slot_capacity=settings.appointment_slot_capacity,
    )


def delivery_from(settings: Settings) -> Delivery:
    """The sender per channel (docs/notifications.md). The settings refuse the dev outbox
    in production, so production never marks a notice delivered that was not."""
    email: NoticeSender
    if settings.email_backend == "smtp":
        email = SmtpEmailSender(
            host=settings.smtp_host,
            port=settings.smtp_port,
            mail_from=settings.mail_from,
            security=settings.smtp_security,
            username=settings.smtp_username,
            password=settings.smtp_password.get_secret_value(),
            timeout=settings.smtp_timeout_seconds,
        )
    else:
        email = DevOutboxSender()
    sms: NoticeSender
    if settings.sms_backend == "http":
        sms = HttpSmsSender(
            url=settings.sms_gateway_url,
            token=settings.sms_gateway_token.get_secret_value(),
            sender_id=settings.sms_sender_id,
            timeout=settings.sms_timeout_seconds,
        )
    elif settings.sms_backend == "outbox":
        sms = DevOutboxSender()
    else:
        sms = NoGatewaySender("SMS")
    return Delivery(
        senders={NoticeChannel.EMAIL: email, NoticeChannel.SMS: sms},
        retry=RetryPolicy(
            max_attempts=settings.outbox_max_attempts,
            base=timedelta(seconds=settings.outbox_retry_base_seconds),
            cap=timedelta(seconds=settings.outbox_retry_max_seconds),
        ),
    )


def bootstrap(
    settings: Settings,
    *,
    clock: Clock | None = None,
    faces: FaceVerifier | None = None,
    passwords: PasswordHasher | None = None,
    engine: Engine | None = None,
    rng: random.Random | None = None,
    delivery: Delivery | None = None,
) -> Runtime:
    engine = engine or engine_from(settings)
    session_factory = make_session_factory(engine)
    cipher = make_cipher(settings)

    def uow() -> UnitOfWork:
        return SqlAlchemyUnitOfWork(session_factory, cipher)

    real_clock = clock or SystemClock()
    limiter = RedisRateLimiter(settings.redis_url) if settings.redis_url else SqlRateLimiter(engine)
    replica = replica_router_from(settings, limiter)
    lane = fast_read_lane_from(settings, engine, cipher, replica)

    def replica_uow(token: str) -> UnitOfWork | None:
        if replica is None or not replica.may_read(token, real_clock.now()):
            return None
        return SqlAlchemyUnitOfWork(replica.factory, cipher, shared=False)

    pool: DeferredFacePool | None = None
    if faces is None:
        pool = DeferredFacePool(
            workers=settings.face_workers,
            accept_below=settings.face_accept_below,
            reject_above=settings.face_reject_above,
        )
        faces = pool
    regions = load_region_directory()
    services = Services(
        uow=uow,
        clock=real_clock,
        faces=faces,
        passwords=passwords or password_hasher_from(settings),
        device_tokens=HmacDeviceTokens(settings.secret_key.get_secret_value()),
        regions=regions,
        notices=GettextNoticeComposer(policy_from(settings).public_url),
        policy=policy_from(settings),
        limiter=limiter,
        is_common_password=is_common_password,
        frames=SqlFrameRegistry(engine, real_clock.now),
        rng=rng or random.SystemRandom(),
        card_tokens=Ed25519CardTokens(settings.parsed_card_keys()),
        card_renderer=DeferredCardRenderer(),
        files=LocalEncryptedFileStore(settings.files_dir or settings.data_dir / "files", cipher),
        attachments=DeferredAttachmentChecker(
            max_bytes=settings.attachment_max_bytes, max_pixels=settings.attachment_max_pixels
        ),
        delivery=delivery or delivery_from(settings),
        benefits=BenefitServices(
            yields=load_yield_table(settings.jht_yields_file),
            statements=DeferredStatementRenderer(),
            self_service_limit=settings.claim_self_service_limit,
            bank_cooling_off_days=settings.bank_cooling_off_days,
            claim_four_eyes_above=settings.claim_four_eyes_above,
        ),
        registry=LocalParticipantRegistry(uow),
        # the card's keys, under a prefix of the receipt's own (docs/decisions/request-ids-and-receipts.md)
        receipts=Ed25519ReceiptSigner(settings.parsed_card_keys()),
        receipt_renderer=DeferredReceiptRenderer(regions),
        end_request=release_request_session,
        replica_uow=replica_uow,
        fast_reads=lane,
    )
    return Runtime(services=services, engine=engine, faces=pool, replica=replica, lane=lane)


def fast_read_lane_from(
    settings: Settings, engine: Engine, cipher: FieldCipher, replica: ReplicaRouter | None
) -> FastReadLane | None:
    on_postgresql = engine.dialect.name == "postgresql"
    if not settings.database_fast_reads or not on_postgresql or replica is not None:
        return None
    # The database the engine reads, which a caller may have handed in: the lane must never
    # answer from another one.
    return FastReadLane(
        engine.url.render_as_string(hide_password=False),
        cipher,
        max_connections=settings.database_fast_reads_connections,
        pgbouncer=settings.database_pgbouncer,
    )


def password_hasher_from(settings: Settings) -> Argon2PasswordHasher:
    return Argon2PasswordHasher(
        time_cost=settings.password_hash_time_cost,
        memory_cost=settings.password_hash_memory_kib,
        parallelism=settings.password_hash_parallelism,
        max_concurrent=settings.password_hash_workers,
    )


def replica_router_from(settings: Settings, limiter: RateLimiter) -> ReplicaRouter | None:
    if not settings.database_replica_url:
        return None
    engine = make_engine(
        settings.database_replica_url,
        pool_size=settings.database_pool_size or 2 * settings.web_threads,
        pgbouncer=settings.database_pgbouncer,
        connect_timeout_s=2,  # a replica that hangs must not hold a request for long
    )
    return ReplicaRouter(
        engine,
        limiter,
        max_lag_s=settings.replica_max_lag_seconds,
        sticky_s=settings.replica_sticky_seconds,
    )
