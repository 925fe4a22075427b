"""Pengkinian Data for phone clients: the same use cases as the pages."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Header, Request
from starlette.concurrency import run_in_threadpool

from jmo.api import face_upload as face
from jmo.api.deps import AuthDep, IdempotencyKey, ServicesDep
from jmo.api.errors import api_locale
from jmo.api.paths import V1, operation_id
from jmo.api.schemas import (
    AdditionalIn,
    ChallengeOut,
    ChangeRequestOut,
    ContactCodesIn,
    ContactIn,
    IdentityReportIn,
    PengkinianOut,
    PopulationIn,
    ResendIn,
    SelfieOut,
    SubmitIn,
)
from jmo.domain.pengkinian.field_rules import FIELD_RULES
from jmo.domain.pengkinian.steps import Step
from jmo.edge_body_limit import UploadKind, accepts_upload
from jmo.i18n import error_message
from jmo.usecases.accounts.sessions import Authenticated
from jmo.usecases.pengkinian.change_requests import get_my_change_request
from jmo.usecases.pengkinian.contact_check import resend_contact_code, verify_contact
from jmo.usecases.pengkinian.flow import (
    confirm_identity,
    get_pengkinian,
    save_step,
    start_pengkinian,
)
from jmo.usecases.pengkinian.identity_report import report_identity_error
from jmo.usecases.pengkinian.selfie import (
    SelfieOutcome,
    start_liveness,
    verify_liveness_burst,
    verify_selfie,
)
from jmo.usecases.pengkinian.submit import submit_pengkinian
from jmo.usecases.pengkinian.views import PengkinianView
from jmo.usecases.pengkinian.ways_forward import ways_forward_of
from jmo.usecases.services import Services

router = APIRouter(
    prefix=f"{V1}/pengkinian", tags=["pengkinian"], generate_unique_id_function=operation_id
)

IfMatch = Annotated[str | None, Header(description="Draft version the form was based on")]


def _out(view: PengkinianView, svc: Services) -> PengkinianOut:
    return PengkinianOut.from_view(view, svc.policy.terms_version)


@router.get("", response_model=PengkinianOut)
async def state(auth: AuthDep, svc: ServicesDep) -> PengkinianOut:
    """Where the participant is: step, identity, values to show, draft version, the fields
    the app may not change and what blocks the update with the way forward."""
    view = await run_in_threadpool(get_pengkinian, svc.uow(), auth.actor, now=svc.clock.now())
    ways = await run_in_threadpool(
        lambda: ways_forward_of(svc.uow(), auth.actor, view, policy=svc.policy, now=svc.clock.now())
    )
    return PengkinianOut.from_view(view, svc.policy.terms_version, ways)


@router.post("/start", response_model=PengkinianOut)
async def start(auth: AuthDep, svc: ServicesDep) -> PengkinianOut:
    """ "OK, Lanjutkan": open or resume the draft."""
    view = await run_in_threadpool(start_pengkinian, svc.uow(), auth.actor, now=svc.clock.now())
    return _out(view, svc)


@router.post("/identity/confirm", response_model=PengkinianOut)
async def identity_confirm(auth: AuthDep, svc: ServicesDep) -> PengkinianOut:
    """Step 5, "Sudah"."""
    view = await run_in_threadpool(confirm_identity, svc.uow(), auth.actor, now=svc.clock.now())
    return _out(view, svc)


@router.post("/identity/report", response_model=ChangeRequestOut, status_code=201)
async def identity_report(
    body: IdentityReportIn, auth: AuthDep, svc: ServicesDep
) -> ChangeRequestOut:
    """Step 5, the data is wrong, or a field the app may not change (``locked_fields``,
    docs/policy.md): records a correction request that needs documents."""
    request = await run_in_threadpool(
        report_identity_error,
        svc.uow(),
        auth.actor,
        fields=body.fields,
        note=body.note,
        notices=svc.notices,
        now=svc.clock.now(),
    )
    return ChangeRequestOut.from_domain(request)


@router.post("/selfie", response_model=SelfieOut)
@accepts_upload(UploadKind.SELFIE)
async def selfie(
    request: Request, auth: AuthDep, svc: ServicesDep, image: face.PhotoForm
) -> SelfieOut:
    """Step 6: a JPEG or PNG selfie, matched against the reference photo."""
    outcome = await face.photo_check(verify_selfie, svc, image, auth.actor)
    return _selfie_out(outcome, request, svc)


@router.post("/liveness/challenge", response_model=ChallengeOut)
async def liveness_challenge(auth: AuthDep, svc: ServicesDep) -> ChallengeOut:
    """Step 6 with the camera: the random challenge to show while recording the burst.
    Single use; a new call replaces the previous one."""
    challenge = await face.face_challenge(start_liveness, svc, auth.actor)
    return ChallengeOut(
        nonce=challenge.nonce,
        steps=[s.value for s in challenge.steps],
        issued_at=challenge.issued_at,
        expires_at=challenge.expires_at,
    )


@router.post("/liveness/burst", response_model=SelfieOut)
@accepts_upload(UploadKind.BURST)
async def liveness_burst(
    request: Request, auth: AuthDep, svc: ServicesDep, burst: face.BurstForm
) -> SelfieOut:
    """The burst: JPEG frames in capture order (see docs/biometrics.md, wire format)."""
    outcome = await face.burst_check(verify_liveness_burst, svc, burst, auth.actor)
    return _selfie_out(outcome, request, svc)


def _selfie_out(outcome: SelfieOutcome, request: Request, svc: Services) -> SelfieOut:
    decision = outcome.decision.value
    text = face.result_message(request, svc.policy, outcome.code, decision, outcome.tries_left)
    locale = api_locale(request)
    check_messages = {c.code: error_message(locale, c.code) for c in outcome.match.checks if c.code}
    return SelfieOut.from_outcome(outcome, text, check_messages)


async def _save(
    step: Step, values: dict[str, str], auth: Authenticated, svc: Services, if_match: str | None
) -> PengkinianOut:
    expected = int(if_match.strip('"')) if if_match and if_match.strip('"').isdigit() else None
    view = await run_in_threadpool(
        save_step,
        svc.uow(),
        auth.actor,
        step,
        values,
        regions=svc.regions,
        notices=svc.notices,
        now=svc.clock.now(),
        expected_version=expected,
        rules=FIELD_RULES,
    )
    return _out(view, svc)


@router.put("/contact", response_model=PengkinianOut)
async def contact(
    body: ContactIn, auth: AuthDep, svc: ServicesDep, if_match: IfMatch = None
) -> PengkinianOut:
    """Step 7: phone, email, NPWP, passport, bank account."""
    return await _save(Step.CONTACT, body.model_dump(), auth, svc, if_match)


@router.post("/contact/verify", response_model=PengkinianOut)
async def contact_verify(body: ContactCodesIn, auth: AuthDep, svc: ServicesDep) -> PengkinianOut:
    """Step 7: the one-time codes sent to a new phone number and/or email."""
    codes = {k: v for k, v in body.model_dump().items() if v}
    view = await run_in_threadpool(
        verify_contact, svc.uow(), auth.actor, codes, now=svc.clock.now()
    )
    return _out(view, svc)


@router.post("/contact/resend", response_model=PengkinianOut)
async def contact_resend(body: ResendIn, auth: AuthDep, svc: ServicesDep) -> PengkinianOut:
    view = await run_in_threadpool(
        resend_contact_code,
        svc.uow(),
        auth.actor,
        body.channel,
        notices=svc.notices,
        now=svc.clock.now(),
    )
    return _out(view, svc)


@router.put("/population", response_model=PengkinianOut)
async def population(
    body: PopulationIn, auth: AuthDep, svc: ServicesDep, if_match: IfMatch = None
) -> PengkinianOut:
    """Step 8: population data as on the Kartu Keluarga, with the address."""
    return await _save(Step.POPULATION, body.model_dump(), auth, svc, if_match)


@router.put("/additional", response_model=PengkinianOut)
async def additional(
    body: AdditionalIn, auth: AuthDep, svc: ServicesDep, if_match: IfMatch = None
) -> PengkinianOut:
    """Step 9: education, blood type, religion, emergency contact."""
    return await _save(Step.ADDITIONAL, body.model_dump(), auth, svc, if_match)


@router.post("/submit", response_model=ChangeRequestOut)
async def submit(
    body: SubmitIn, auth: AuthDep, svc: ServicesDep, idempotency_key: IdempotencyKey = None
) -> ChangeRequestOut:
    """Step 10, "Konfirmasi". Send an Idempotency-Key: a retried call applies once."""
    result = await run_in_threadpool(
        submit_pengkinian,
        svc.uow(),
        auth.actor,
        terms_accepted=body.terms_accepted,
        terms_version=body.terms_version,
        regions=svc.regions,
        notices=svc.notices,
        policy=svc.policy,
        now=svc.clock.now(),
        idempotency_key=idempotency_key,
    )
    return ChangeRequestOut.from_domain(result.change_request)


@router.get("/change-requests/{request_id}", response_model=ChangeRequestOut)
async def change_request(request_id: UUID, auth: AuthDep, svc: ServicesDep) -> ChangeRequestOut:
    """The participant's own change request (404 if not yours; staff use
    ``/staff/change-requests/{id}``)."""
    request = await run_in_threadpool(get_my_change_request, svc.uow(), auth.actor, request_id)
    return ChangeRequestOut.from_domain(request)
