"""Claims for phone clients: quote, submit with documents, Lacak Klaim. The same use cases
as the pages."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from jmo.api.deps import AuthDep, CallsDep, IdempotencyKey, ServicesDep
from jmo.api.errors import api_locale
from jmo.api.input_fields import constraints
from jmo.api.paths import V1, operation_id
from jmo.api.schemas_claims import ClaimOut, ClaimQuoteIn, QuoteOut
from jmo.domain.claims.forms import ALL_FIELDS, PROGRAM
from jmo.domain.claims.model import ClaimProgram
from jmo.domain.errors import NotFound, ValidationFailed
from jmo.edge_body_limit import UploadKind, accepts_upload
from jmo.usecases.claims.submit import Upload, quote_claim, submit_claim
from jmo.usecases.claims.views import get_my_claim, my_claims

router = APIRouter(prefix=f"{V1}/claims", tags=["claims"], generate_unique_id_function=operation_id)


def parse_program(value: str) -> ClaimProgram:
    try:
        return ClaimProgram(value)
    except ValueError:
        raise ValidationFailed.single("program", "field.choice") from None


def parse_claim_id(value: str) -> uuid.UUID:
    """A malformed id answers like any id that is not yours."""
    try:
        return uuid.UUID(value)
    except ValueError:
        raise NotFound("claim") from None


@router.get("", response_model=list[ClaimOut])
async def list_mine(
    request: Request,
    calls: CallsDep,
    program: Annotated[str | None, Query(**constraints(PROGRAM))] = None,
) -> list[ClaimOut]:
    """The claims this participant filed, newest first."""
    chosen = parse_program(program) if program else None
    claims = await calls.run(my_claims, chosen)
    locale = api_locale(request)
    return [ClaimOut.of(c, locale) for c in claims]


@router.post("/quote", response_model=QuoteOut)
async def quote(
    body: ClaimQuoteIn,
    request: Request,
    auth: AuthDep,
    svc: ServicesDep,
) -> QuoteOut:
    """Before submitting: eligibility (with the reasons), gross, tax with and without NPWP,
    net, the route (app or branch, with why) and the documents to upload."""
    result = await run_in_threadpool(
        quote_claim,
        svc.uow(),
        auth.actor,
        parse_program(body.program),  # type: ignore[attr-defined]
        body.raw(),  # type: ignore[attr-defined]
        benefits=svc.benefits,
        now=svc.clock.now(),
    )
    return QuoteOut.of(result, api_locale(request))


@router.post("", response_model=ClaimOut, status_code=201)
@accepts_upload(UploadKind.CLAIM_DOCUMENTS)
async def submit(
    request: Request, auth: AuthDep, svc: ServicesDep, idempotency_key: IdempotencyKey = None
) -> ClaimOut:
    """multipart/form-data: ``program``, ``reason`` and the reason's fields as form fields
    (the same names as /claims/quote), and one file per required document, named by the
    document code (``e_ktp``, ``kartu_keluarga``, ...). PDF, JPEG or PNG."""
    limit = svc.policy.max_upload_bytes
    form = await request.form(max_files=12, max_fields=30, max_part_size=limit + 1024)
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    program = parse_program(fields.get("program", ""))
    raw = {name: fields[name] for name in ALL_FIELDS if fields.get(name)}
    uploads: dict[str, Upload] = {}
    for name, value in form.items():
        if isinstance(value, UploadFile):
            data = await value.read(limit + 1)
            if data:
                uploads[name] = Upload(value.filename or name, data)
    claim = await run_in_threadpool(
        submit_claim,
        svc.uow(),
        auth.actor,
        program,
        raw,
        uploads,
        benefits=svc.benefits,
        notices=svc.notices,
        inspector=svc.attachments,
        policy=svc.policy,
        now=svc.clock.now(),
        idempotency_key=idempotency_key,
    )
    return ClaimOut.of(claim, api_locale(request))


@router.get("/{claim_id}", response_model=ClaimOut)
async def one(claim_id: str, request: Request, auth: AuthDep, svc: ServicesDep) -> ClaimOut:
    """One claim with its timeline (404, the same body, for a claim that is not yours)."""
    claim = await run_in_threadpool(get_my_claim, svc.uow(), auth.actor, parse_claim_id(claim_id))
    return ClaimOut.of(claim, api_locale(request))
