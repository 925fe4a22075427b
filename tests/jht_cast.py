"""Test helpers for Cek Saldo JHT and the claims: members with chosen employment, a second
KPJ under the same NIK, staff, and small documents to upload."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

from PIL import Image

from jmo.domain.accounts import Actor, Role
from jmo.domain.claims.documents import required_documents
from jmo.domain.claims.model import ClaimReason
from jmo.domain.participant import Employment, Participant
from jmo.domain.reference import Gender
from jmo.usecases.accounts.create import create_account
from jmo.usecases.backoffice.staff_accounts import set_second_factor
from jmo.usecases.claims.submit import Upload
from jmo.usecases.services import Services
from jmo.usecases.system import operator_actor
from tests.cast import (
    PASSWORD,
    Member,
    actor_of,
    complete_pengkinian,
    enrol_member,
)
from tests.services.helpers import pdf
from tests.staff import STAFF_SECRET


def enrol_worker(
    services: Services,
    *,
    employments: tuple[Employment, ...],
    full_name: str = "Sri Wulandari",
    birth_date: date = date(1985, 3, 12),
    gender: Gender = Gender.FEMALE,
    district: str = "357801",
    nik: str | None = None,
    account: bool = True,
    face: str | None = "budi",
    profile: dict[str, str | None] | None = None,
) -> Member:
    """A participant with the given employment history (and an account and reference photo
    unless told otherwise). ``nik`` reuses a NIK: another KPJ of the same person."""
    return enrol_member(
        services,
        key="w",
        employments=employments,
        full_name=full_name,
        birth_date=birth_date,
        gender=gender,
        district=district,
        nik=nik,
        account=account,
        face=face,
        profile=profile,
    )


def job(
    start: date, end: date | None = None, wage: int = 6_000_000, npp: str = "30000001"
) -> Employment:
    names = {"30000001": "PT Uji Coba Sejahtera", "30000002": "PT Lama Jaya", "30000003": "CV Baru"}
    return Employment(npp, names.get(npp, "PT Lain"), start, end, wage)


def create_officer(
    services: Services, email: str = "petugas@test.jmo.id", branch_code: str | None = "SBY01"
) -> Actor:
    """An officer of the branch serving the workers (Surabaya), with a second factor
    (``branch_code`` None: staff without a branch)."""
    account = create_account(
        services.uow(),
        services.passwords,
        None,
        email=email,
        password=PASSWORD,
        role=Role.OFFICER,
        now=services.clock.now(),
        branch_code=branch_code,
    )
    set_second_factor(
        services.uow(), operator_actor(), email=email, secret=STAFF_SECRET, now=services.clock.now()
    )
    return Actor(
        account.id, Role.OFFICER, None, "app", "198.51.100.4", "pytest", branch_code=branch_code
    )


def pdf_bytes(label: str = "dokumen") -> bytes:
    """A small valid one-page PDF (claim documents are read like any upload), the label in
    an object of its own so that each document differs."""
    return pdf(extra_objects=f"<< /Label ({label}) >>")


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 200, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def uploads_for(reason: ClaimReason) -> dict[str, Upload]:
    return {
        d.value: Upload(f"{d.value}.pdf", pdf_bytes(d.value)) for d in required_documents(reason)
    }


def with_limit(services: Services, limit: int) -> Services:
    return replace(services, benefits=replace(services.benefits, self_service_limit=limit))


def participant_of(member: Member) -> Participant:
    return member.participant


def complete_update(services: Services, member: Member, **contact: str) -> Actor:
    """Pengkinian Data done with a passing selfie, with some contact values changed (for
    example ``npwp=""``); returns the member's actor."""
    complete_pengkinian(services, member, **contact)
    return actor_of(services, member)
