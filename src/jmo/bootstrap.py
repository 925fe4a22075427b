"""The composition root: from a ``Settings``, build everything the edge hands to use cases.
The only module that picks implementations."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from sqlalchemy import Engine

from jmo.adapters.jht_yields import load_yield_table
from jmo.adapters.notice_texts import GettextNoticeComposer
from jmo.adapters.passwords import Argon2PasswordHasher
from jmo.adapters.regions import load_region_directory
from jmo.adapters.statement_pdf import ReportlabStatementRenderer
from jmo.biometrics import FacePool
from jmo.domain.time import Clock, SystemClock
from jmo.settings import Settings
from jmo.storage.crypto import FieldCipher
from jmo.storage.db import make_engine, make_session_factory
from jmo.storage.unit_of_work import SqlAlchemyUnitOfWork
from jmo.usecases.ports import (
    BenefitServices,
    FaceVerifier,
    PasswordHasher,
    Policy,
    Services,
    UnitOfWork,
)


@dataclass
class Runtime:
    """Services plus the resources that must be closed on shutdown."""

    services: Services
    engine: Engine
    faces: FacePool | None

    def close(self) -> None:
        if self.faces is not None:
            self.faces.close()
        self.engine.dispose()


def make_cipher(settings: Settings) -> FieldCipher:
    return FieldCipher(
        settings.parsed_field_keys(),
        base64.urlsafe_b64decode(settings.blind_index_key.get_secret_value() + "=="),
    )


def policy_from(settings: Settings) -> Policy:
    return Policy(
        terms_version=settings.terms_version,
        session_idle_minutes=settings.session_idle_minutes,
        session_absolute_hours=settings.session_absolute_hours,
        login_max_failures=settings.login_max_failures,
        login_lock_minutes=settings.login_lock_minutes,
        face_max_failed_attempts=settings.face_max_failed_attempts,
        face_attempt_window_hours=settings.face_attempt_window_hours,
        max_upload_bytes=settings.face_max_upload_bytes,
    )


def bootstrap(
    settings: Settings,
    *,
    clock: Clock | None = None,
    faces: FaceVerifier | None = None,
    passwords: PasswordHasher | None = None,
    engine: Engine | None = None,
) -> Runtime:
    engine = engine or make_engine(settings.database_url, echo=settings.database_echo)
    session_factory = make_session_factory(engine)
    cipher = make_cipher(settings)

    def uow() -> UnitOfWork:
        return SqlAlchemyUnitOfWork(session_factory, cipher)

    pool: FacePool | None = None
    if faces is None:
        pool = FacePool(
            workers=settings.face_workers,
            accept_below=settings.face_accept_below,
            reject_above=settings.face_reject_above,
        )
        faces = pool
    services = Services(
        uow=uow,
        clock=clock or SystemClock(),
        faces=faces,
        passwords=passwords or Argon2PasswordHasher(),
        regions=load_region_directory(),
        notices=GettextNoticeComposer(),
        policy=policy_from(settings),
        benefits=BenefitServices(
            yields=load_yield_table(settings.jht_yields_file),
            statements=ReportlabStatementRenderer(),
            self_service_limit=settings.claim_self_service_limit,
        ),
    )
    return Runtime(services=services, engine=engine, faces=pool)
