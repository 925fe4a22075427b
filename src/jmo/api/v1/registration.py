"""Registration ("Buat Akun Baru") and "Lupa akun" over the API: the same use cases as
the pages /daftar and /lupa-akun. No login: the flow token from the first step is sent
with every later step (it works for 30 minutes)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from jmo.api import face_upload as face
from jmo.api.deps import ServicesDep, client_of
from jmo.api.errors import api_locale
from jmo.api.input_fields import field
from jmo.api.paths import V1, operation_id
from jmo.api.schemas import StrictIn
from jmo.domain.identifiers import syntax
from jmo.domain.onboarding import Onboarding, Purpose
from jmo.edge_body_limit import UploadKind, accepts_upload
from jmo.usecases.accounts.account_recovery import (
    FaceResult,
    complete_account_recovery,
    recovery_challenge,
    recovery_face_burst,
    recovery_face_still,
    start_account_recovery,
)
from jmo.usecases.accounts.onboarding import send_contact_codes, verify_contact_codes
from jmo.usecases.accounts.registration import complete_registration, start_registration
from jmo.usecases.services import Policy

router = APIRouter(
    prefix=f"{V1}/registration", tags=["registration"], generate_unique_id_function=operation_id
)
recovery_router = APIRouter(
    prefix=f"{V1}/account-recovery", tags=["registration"], generate_unique_id_function=operation_id
)


class RegistrationIn(StrictIn):
    nik: str = field(syntax.NIK)
    kpj: str = field(syntax.KPJ)
    full_name: str = field(syntax.NAME)
    birth_date: str = field(syntax.DATE, description="YYYY-MM-DD or DD-MM-YYYY")


class RegistrationOut(BaseModel):
    outcome: str = Field(
        description="started: go on with the token; joined: this KPJ joined the account "
        "the NIK already has; has_account: log in (or use Lupa akun)"
    )
    token: str | None = None
    email_masked: str | None = None


class RecoveryIn(StrictIn):
    nik: str = field(syntax.NIK)
    kpj: str = field(syntax.KPJ)
    birth_date: str = field(syntax.DATE, description="YYYY-MM-DD or DD-MM-YYYY")


class FlowTokenIn(StrictIn):
    token: str = Field(max_length=100)


class ContactsIn(FlowTokenIn):
    email: str = field(syntax.EMAIL)
    phone: str = field(syntax.PHONE)


class CodesIn(FlowTokenIn):
    email_code: str = Field(default="", max_length=12)
    phone_code: str = Field(default="", max_length=12)


class FinishIn(FlowTokenIn):
    password: str = Field(max_length=200)


class RegistrationFinishIn(FinishIn):
    terms_accepted: bool
    terms_version: str = Field(max_length=20)


class StepOut(BaseModel):
    step: str = Field(description="face | contact | codes | finish")
    expires_at: datetime


class AccountOut(BaseModel):
    email: str


class FaceOut(BaseModel):
    passed: bool
    code: str
    message: str
    tries_left: int
    to_branch: bool


class RecoveryChallengeOut(BaseModel):
    nonce: str
    steps: list[str]
    expires_at: datetime


def _step(item: Onboarding) -> StepOut:
    return StepOut(step=item.step, expires_at=item.expires_at)


def _face(result: FaceResult, request: Request, policy: Policy) -> FaceOut:
    decision = result.decision.value
    return FaceOut(
        passed=result.passed,
        code=result.code,
        message=face.result_message(request, policy, result.code, decision, result.tries_left),
        tries_left=result.tries_left,
        to_branch=result.to_branch,
    )


@router.post("", response_model=RegistrationOut, status_code=201)
async def register(body: RegistrationIn, request: Request, svc: ServicesDep) -> RegistrationOut:
    """Identity first. A mismatch and an unknown NIK or KPJ get the same 422
    ``onboarding.no_match``; tries are limited per address and per NIK (429)."""
    result = await run_in_threadpool(
        start_registration,
        svc.uow(),
        svc.registry,
        svc.limiter,
        svc.notices,
        body.model_dump(),
        regions=svc.regions,
        client=client_of(request),
        policy=svc.policy,
        now=svc.clock.now(),
    )
    return RegistrationOut(
        outcome=result.outcome, token=result.token, email_masked=result.email_masked
    )


async def _contacts(
    body: ContactsIn, request: Request, svc: ServicesDep, purpose: Purpose
) -> StepOut:
    item = await run_in_threadpool(
        send_contact_codes,
        svc.uow(),
        svc.notices,
        token=body.token,
        purpose=purpose,
        email=body.email,
        phone=body.phone,
        now=svc.clock.now(),
        locale=api_locale(request),
    )
    return _step(item)


async def _codes(body: CodesIn, svc: ServicesDep, purpose: Purpose) -> StepOut:
    item = await run_in_threadpool(
        verify_contact_codes,
        svc.uow(),
        token=body.token,
        purpose=purpose,
        codes={"email_code": body.email_code, "phone_code": body.phone_code},
        now=svc.clock.now(),
    )
    return _step(item)


@router.post("/contacts", response_model=StepOut)
async def register_contacts(body: ContactsIn, request: Request, svc: ServicesDep) -> StepOut:
    """A code to the email and an SMS code to the mobile number."""
    return await _contacts(body, request, svc, Purpose.REGISTER)


@router.post("/codes", response_model=StepOut)
async def register_codes(body: CodesIn, svc: ServicesDep) -> StepOut:
    return await _codes(body, svc, Purpose.REGISTER)


@router.post("/complete", response_model=AccountOut, status_code=201)
async def register_complete(
    body: RegistrationFinishIn, request: Request, svc: ServicesDep
) -> AccountOut:
    """The password (the same rules as everywhere) and the terms; then log in."""
    account = await run_in_threadpool(
        complete_registration,
        svc.uow(),
        svc.passwords,
        svc.notices,
        token=body.token,
        password=body.password,
        terms_accepted=body.terms_accepted,
        terms_version=body.terms_version,
        policy=svc.policy,
        is_common=svc.is_common_password,
        client=client_of(request),
        now=svc.clock.now(),
    )
    return AccountOut(email=account.email)


class RecoveryStartOut(BaseModel):
    token: str
    step: str = "face"


@recovery_router.post("", response_model=RecoveryStartOut, status_code=201)
async def recover(body: RecoveryIn, request: Request, svc: ServicesDep) -> RecoveryStartOut:
    """KPJ, NIK and birth date; 403 ``recovery.branch_only`` when only a branch can help
    (no reference photo). Then the face, then the new contacts."""
    started = await run_in_threadpool(
        start_account_recovery,
        svc.uow(),
        svc.registry,
        svc.limiter,
        body.model_dump(),
        regions=svc.regions,
        client=client_of(request),
        policy=svc.policy,
        now=svc.clock.now(),
    )
    return RecoveryStartOut(token=started.token)


@recovery_router.post("/face/challenge", response_model=RecoveryChallengeOut)
async def recover_challenge(body: FlowTokenIn, svc: ServicesDep) -> RecoveryChallengeOut:
    challenge = await face.face_challenge(recovery_challenge, svc, token=body.token)
    return RecoveryChallengeOut(
        nonce=challenge.nonce,
        steps=[s.value for s in challenge.steps],
        expires_at=challenge.expires_at,
    )


@recovery_router.post("/face/burst", response_model=FaceOut)
@accepts_upload(UploadKind.BURST)
async def recover_burst(
    request: Request,
    svc: ServicesDep,
    burst: face.BurstForm,
    token: Annotated[str, Form(min_length=1, max_length=100)],
) -> FaceOut:
    """The camera burst with liveness, as in the data update (docs/biometrics.md)."""
    result = await face.burst_check(
        recovery_face_burst, svc, burst, token=token, client=client_of(request)
    )
    return _face(result, request, svc.policy)


@recovery_router.post("/face/photo", response_model=FaceOut)
@accepts_upload(UploadKind.SELFIE)
async def recover_photo(
    request: Request,
    svc: ServicesDep,
    image: face.PhotoForm,
    token: Annotated[str, Form(min_length=1, max_length=100)],
) -> FaceOut:
    """One still photo: only where configuration allows it (not in production)."""
    result = await face.photo_check(
        recovery_face_still, svc, image, token=token, client=client_of(request)
    )
    return _face(result, request, svc.policy)


@recovery_router.post("/contacts", response_model=StepOut)
async def recover_contacts(body: ContactsIn, request: Request, svc: ServicesDep) -> StepOut:
    return await _contacts(body, request, svc, Purpose.RECOVER)


@recovery_router.post("/codes", response_model=StepOut)
async def recover_codes(body: CodesIn, svc: ServicesDep) -> StepOut:
    return await _codes(body, svc, Purpose.RECOVER)


@recovery_router.post("/complete", response_model=AccountOut)
async def recover_complete(body: FinishIn, request: Request, svc: ServicesDep) -> AccountOut:
    """The new email and phone are bound, with a new password; every session ends."""
    account = await run_in_threadpool(
        complete_account_recovery,
        svc.uow(),
        svc.passwords,
        svc.notices,
        token=body.token,
        password=body.password,
        is_common=svc.is_common_password,
        client=client_of(request),
        now=svc.clock.now(),
    )
    return AccountOut(email=account.email)
