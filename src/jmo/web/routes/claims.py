"""Klaim JHT, JKM, JKK and JP as pages, and Lacak Klaim.

Choose the reason, enter what it needs, see the amount ("Hitung Klaim": gross, tax with
and without NPWP, net, the route and the documents), upload the documents and submit
("Ajukan Klaim"); then follow the timeline. Every rule is in the use cases.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from jmo.domain.claims.documents import required_documents
from jmo.domain.claims.forms import ALL_FIELDS, fields_for
from jmo.domain.claims.model import ClaimProgram, ClaimReason, reasons_of
from jmo.domain.claims.tracking import timeline
from jmo.domain.errors import Conflict, DomainError, PermissionDenied, ValidationFailed
from jmo.domain.identifiers.bank import BANKS, mask_bank_account
from jmo.edge_body_limit import UploadKind, accepts_upload
from jmo.i18n import benefits as texts
from jmo.i18n import error_message
from jmo.usecases.accounts.heirs import HeirPrefill, heir_claim_prefill
from jmo.usecases.accounts.sessions import Authenticated
from jmo.usecases.appointments.booking import my_appointments
from jmo.usecases.claims.submit import ClaimQuote, Upload, quote_claim, submit_claim
from jmo.usecases.claims.views import get_claim_page, get_my_claim, my_claims
from jmo.web.deps import (
    AuthDep,
    CallsDep,
    ServicesDep,
    check_csrf,
    locale_of,
    read_form,
    render,
    services,
)
from jmo.web.errors import field_messages, message

router = APIRouter(prefix="/klaim")

# The fund's menu label of each programme's page.
TITLES = {
    ClaimProgram.JHT: "Pengajuan & Lacak Klaim JHT",
    ClaimProgram.JKM: "Klaim JKM",
    ClaimProgram.JKK: "Klaim JKK",
    ClaimProgram.JP: "Klaim JP",
}


def _bank_name(code: str) -> str:
    bank = next((b for b in BANKS if b.code == code), None)
    return bank.short_name if bank else code


def _program(key: str) -> ClaimProgram | None:
    try:
        return ClaimProgram(key)
    except ValueError:
        return None


def _reason(program: ClaimProgram, raw: str) -> ClaimReason | None:
    try:
        reason = ClaimReason(raw)
    except ValueError:
        return None
    return reason if reason.program is program else None


def _page_context(program: ClaimProgram, locale: str) -> dict[str, Any]:
    return {
        "program": program,
        "title": TITLES[program],
        "reasons": [
            (r.value, texts.label(texts.REASONS, r.value, locale)) for r in reasons_of(program)
        ],
        "heirs": [(k, texts.label(texts.HEIRS, k, locale)) for k in texts.HEIRS],
        "transport": [(k, texts.label(texts.TRANSPORT, k, locale)) for k in texts.TRANSPORT],
        "field_labels": {k: texts.label(texts.FIELDS, k, locale) for k in texts.FIELDS},
        "mask": mask_bank_account,
        "bank_name": _bank_name,
        "status_labels": texts.STATUSES,
        "program_labels": texts.PROGRAMS,
        "route_labels": texts.ROUTES,
        "rejection_labels": texts.REJECTIONS,
        "document_labels": texts.DOCUMENTS,
        "npwp_labels": texts.NPWP_STATUSES,
    }


async def _form_page(
    request: Request,
    auth: Authenticated,
    program: ClaimProgram,
    reason: ClaimReason | None,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
    alert: str | None = None,
    named_heir: list[HeirPrefill] | None = None,
    chosen_heir: HeirPrefill | None = None,
) -> Response:
    svc = services(request)
    locale = locale_of(request, auth)
    page = await run_in_threadpool(
        get_claim_page, svc.uow(), auth.actor, program, benefits=svc.benefits, now=svc.clock.now()
    )
    return render(
        request,
        "claims/program.html",
        auth,
        status_code=status_code,
        page=page,
        reason=reason,
        fields=fields_for(reason) if reason else (),
        values=values or {},
        errors=errors or {},
        alert=alert,
        open_claim=page.open_claim(program),
        named_heir=named_heir or [],
        chosen_heir=chosen_heir,
        **_page_context(program, locale),
    )


@router.get("")
async def track_all(request: Request, calls: CallsDep) -> Response:
    """Lacak Klaim: every claim this participant filed."""
    claims = await calls.run(my_claims)
    auth = calls.authenticated
    locale = locale_of(request, auth)
    context = _page_context(ClaimProgram.JHT, locale)
    return render(
        request,
        "claims/list.html",
        auth,
        claims=claims,
        titles=TITLES,
        status_labels=context["status_labels"],
        program_labels=context["program_labels"],
    )


@router.get("/lacak/{claim_id}")
async def track_one(
    request: Request, auth: AuthDep, calls: CallsDep, svc: ServicesDep, claim_id: str
) -> Response:
    try:
        parsed = uuid.UUID(claim_id)
    except ValueError:
        parsed = uuid.UUID(int=0)  # the same "not found" as any other id that is not yours
    claim = await calls.run(get_my_claim, parsed)
    booked = await calls.run(my_appointments)
    locale = locale_of(request, auth)
    return render(
        request,
        "claims/detail.html",
        auth,
        claim=claim,
        # the open appointment for this claim, if one is booked (else the booking link)
        appointment=next(
            (a for a in booked if a.subject_id == claim.id and a.status.is_open), None
        ),
        steps=timeline(claim),
        route_text=_route_text(claim.route_reason, claim.details.get("route") or {}, locale),
        **_page_context(claim.program, locale),
    )


def _route_text(code: str | None, params: dict[str, Any], locale: str) -> str | None:
    if not code:
        return None
    return error_message(locale, code, texts.money_params(params))


@router.get("/{key}")
async def program_page(
    request: Request,
    auth: AuthDep,
    calls: CallsDep,
    svc: ServicesDep,
    key: str,
    alasan: str = "",
    dari: str = "",
) -> Response:
    program = _program(key)
    if program is None:
        return RedirectResponse("/klaim", status_code=303)
    reason = _reason(program, alasan)
    if reason is None or not reason.filed_by_heir:
        return await _form_page(request, auth, program, reason)
    # A death claim by a person a participant named as heir starts pre-filled (issue 12).
    named = await calls.run(heir_claim_prefill)
    chosen = next((n for n in named if n.deceased_kpj == dari), named[0] if named else None)
    values = (
        {"deceased_kpj": chosen.deceased_kpj, "heir_relationship": chosen.heir_relationship}
        if chosen
        else {}
    )
    return await _form_page(
        request, auth, program, reason, values=values, named_heir=named, chosen_heir=chosen
    )


def _raw(form: dict[str, str]) -> dict[str, str]:
    return {name: form[name] for name in ALL_FIELDS if form.get(name)}


async def _quote_page(
    request: Request,
    auth: Authenticated,
    program: ClaimProgram,
    raw: dict[str, str],
    *,
    errors: dict[str, str] | None = None,
    alert: str | None = None,
    status_code: int = 200,
    chosen: dict[str, str] | None = None,
) -> Response:
    svc = services(request)
    locale = locale_of(request, auth)
    try:
        quote: ClaimQuote = await run_in_threadpool(
            quote_claim,
            svc.uow(),
            auth.actor,
            program,
            raw,
            benefits=svc.benefits,
            now=svc.clock.now(),
        )
    except ValidationFailed as exc:
        return await _form_page(
            request,
            auth,
            program,
            _reason(program, raw.get("reason", "")),
            values=raw,
            errors=field_messages(exc, locale),
            status_code=422,
        )
    benefit = quote.assessment.benefit
    return render(
        request,
        "claims/quote.html",
        auth,
        status_code=status_code,
        quote=quote,
        benefit=benefit,
        raw=raw,
        errors=errors or {},
        alert=alert,
        chosen=chosen or {},
        problems=[error_message(locale, p.code, p.params) for p in quote.problems],
        lines=[
            (texts.line_label(line.code, line.params, locale), line.amount)
            for line in benefit.lines
        ],
        notes=[error_message(locale, n) for n in benefit.notes],
        route_text=_route_text(
            quote.assessment.route_reason, quote.assessment.route_params, locale
        ),
        documents=[
            (d.value, texts.label(texts.DOCUMENTS, d.value, locale))
            for d in required_documents(quote.input.reason)
        ],
        idempotency_key=secrets.token_urlsafe(16),
        max_mb=svc.policy.max_upload_bytes // (1024 * 1024),
        **_page_context(program, locale),
    )


@router.post("/{key}/hitung")
async def compute(request: Request, auth: AuthDep, key: str) -> Response:
    """ "Hitung Klaim": the amount and whether the claim can go ahead, before submitting."""
    program = _program(key)
    form = await read_form(request, auth)
    if program is None:
        return RedirectResponse("/klaim", status_code=303)
    return await _quote_page(request, auth, program, _raw(form))


@router.post("/{key}/ajukan")
@accepts_upload(UploadKind.CLAIM_DOCUMENTS)
async def submit(
    request: Request, auth: AuthDep, calls: CallsDep, svc: ServicesDep, key: str
) -> Response:
    """ "Ajukan Klaim": the claim with its documents (multipart)."""
    program = _program(key)
    locale = locale_of(request, auth)
    limit = svc.policy.max_upload_bytes
    form = await request.form(max_files=12, max_fields=30, max_part_size=limit + 1024)
    check_csrf(str(form.get("csrf_token") or ""), auth.session.csrf_token)
    if program is None:
        return RedirectResponse("/klaim", status_code=303)
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    raw = _raw(fields)
    uploads: dict[str, Upload] = {}
    for name, value in form.items():
        if isinstance(value, UploadFile) and value.filename:
            data = await value.read(limit + 1)
            if data:
                uploads[name] = Upload(value.filename, data)
    try:
        claim = await calls.run(
            submit_claim,
            program,
            raw,
            uploads,
            benefits=svc.benefits,
            notices=svc.notices,
            inspector=svc.attachments,
            policy=svc.policy,
            now=svc.clock.now(),
            idempotency_key=fields.get("idempotency_key") or None,
        )
    except ValidationFailed as exc:
        # A browser cannot refill a file field: name the files chosen, to choose again.
        return await _quote_page(
            request,
            auth,
            program,
            raw,
            errors=field_messages(exc, locale),
            status_code=422,
            chosen={name: upload.filename for name, upload in uploads.items()},
        )
    except (Conflict, PermissionDenied) as exc:
        if exc.code == "service.locked":
            raise
        return await _quote_page(
            request, auth, program, raw, alert=message(exc, locale), status_code=409
        )
    except DomainError:
        raise
    return RedirectResponse(f"/klaim/lacak/{claim.id}", status_code=303)
