"""/petugas/klaim/{id}: a claim for staff: amounts, bank account, documents, the bank
cooling-off hold (shown when verifying), appointments, the timeline with who did what,
and the moves (verify, approve, reject with a reason the participant reads, pay). Four
eyes and the branch step are the use cases' rules; the page shows their refusals."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from jmo.domain.backoffice.permissions import Action, allowed
from jmo.domain.claims.model import RejectionReason
from jmo.domain.errors import Conflict, PermissionDenied, ValidationFailed
from jmo.domain.identifiers.bank import mask_bank_account
from jmo.edge_files import inline_image
from jmo.i18n import benefits as texts
from jmo.usecases.accounts.sessions import Authenticated
from jmo.usecases.backoffice.documents import claim_document_page, claim_document_pages
from jmo.usecases.claims.desk import claim_desk
from jmo.usecases.claims.staff import (
    approve_claim,
    pay_claim,
    reject_claim,
    verify_claim,
)
from jmo.web.deps import locale_of, read_form, services
from jmo.web.errors import field_messages, message
from jmo.web.routes.appointments import labels as appointment_labels
from jmo.web.staff import render_staff, require_staff_login

router = APIRouter(prefix="/petugas/klaim")


async def _page(
    request: Request,
    auth: Authenticated,
    claim_id: UUID,
    *,
    status_code: int = 200,
    notice: str | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    svc = services(request)
    desk = await run_in_threadpool(
        lambda: claim_desk(
            svc.uow(), auth.actor, claim_id, benefits=svc.benefits, now=svc.clock.now()
        )
    )
    pages = await run_in_threadpool(
        lambda: claim_document_pages(svc.uow(), auth.actor, claim_id, inspector=svc.attachments)
    )
    locale = locale_of(request, auth)
    claim = desk.claim
    return render_staff(
        request,
        "staff/claim.html",
        auth,
        status_code=status_code,
        desk=desk,
        c=claim,
        account_shown=claim.bank_account
        if claim.payout_account_needed
        else mask_bank_account(claim.bank_account),
        pages=pages,
        can_move=allowed(auth.actor.role, Action.CLAIM_MOVE),
        notice=notice,
        errors=errors or {},
        label=lambda table, code: texts.label(table, code, locale),
        texts=texts,
        rejections=[
            (r.value, texts.label(texts.REJECTIONS, r.value, locale)) for r in RejectionReason
        ],
        **appointment_labels(locale),
    )


@router.get("/{claim_id}")
async def claim_page(request: Request, claim_id: UUID) -> Response:
    auth = await require_staff_login(request)
    return await _page(request, auth, claim_id)


@router.get("/{claim_id}/dokumen/{document_id}")
async def document(
    request: Request, claim_id: UUID, document_id: UUID, halaman: int = 1
) -> Response:
    """A picture of the document (a PDF's page drawn on the server): never the file."""
    auth = await require_staff_login(request)
    svc = services(request)
    shown = await run_in_threadpool(
        lambda: claim_document_page(
            svc.uow(),
            auth.actor,
            claim_id,
            document_id,
            page=halaman,
            inspector=svc.attachments,
            now=svc.clock.now(),
        )
    )
    return inline_image(shown.data, content_type=shown.content_type)


async def _act(
    request: Request,
    claim_id: UUID,
    action: Callable[[Authenticated, dict[str, str]], Awaitable[Any]],
) -> Response:
    auth = await require_staff_login(request)
    form = await read_form(request, auth)
    locale = locale_of(request, auth)
    try:
        await action(auth, form)
    except PermissionDenied as exc:
        if exc.code != "four_eyes.same_person":
            raise
        return await _page(request, auth, claim_id, status_code=403, notice=message(exc, locale))
    except Conflict as exc:
        return await _page(request, auth, claim_id, status_code=409, notice=message(exc, locale))
    except ValidationFailed as exc:
        return await _page(
            request, auth, claim_id, status_code=400, errors=field_messages(exc, locale)
        )
    return RedirectResponse(f"/petugas/klaim/{claim_id}", status_code=303)


@router.post("/{claim_id}/verifikasi")
async def verify(request: Request, claim_id: UUID) -> Response:
    svc = services(request)

    async def run(auth: Authenticated, form: dict[str, str]) -> Any:
        return await run_in_threadpool(
            lambda: verify_claim(
                svc.uow(),
                auth.actor,
                claim_id,
                notices=svc.notices,
                now=svc.clock.now(),
                note=form.get("note", ""),
            )
        )

    return await _act(request, claim_id, run)


@router.post("/{claim_id}/setujui")
async def approve(request: Request, claim_id: UUID) -> Response:
    svc = services(request)

    async def run(auth: Authenticated, form: dict[str, str]) -> Any:
        return await run_in_threadpool(
            lambda: approve_claim(
                svc.uow(),
                auth.actor,
                claim_id,
                benefits=svc.benefits,
                notices=svc.notices,
                now=svc.clock.now(),
                note=form.get("note", ""),
            )
        )

    return await _act(request, claim_id, run)


@router.post("/{claim_id}/tolak")
async def reject(request: Request, claim_id: UUID) -> Response:
    svc = services(request)

    async def run(auth: Authenticated, form: dict[str, str]) -> Any:
        try:
            reason = RejectionReason(form.get("reason", ""))
        except ValueError:
            raise ValidationFailed.single("reason", "claim.rejection_reason_required") from None
        return await run_in_threadpool(
            lambda: reject_claim(
                svc.uow(),
                auth.actor,
                claim_id,
                reason=reason,
                notices=svc.notices,
                now=svc.clock.now(),
                note=form.get("note", ""),
            )
        )

    return await _act(request, claim_id, run)


@router.post("/{claim_id}/bayar")
async def pay(request: Request, claim_id: UUID) -> Response:
    svc = services(request)

    async def run(auth: Authenticated, form: dict[str, str]) -> Any:
        return await run_in_threadpool(
            lambda: pay_claim(
                svc.uow(),
                auth.actor,
                claim_id,
                benefits=svc.benefits,
                notices=svc.notices,
                now=svc.clock.now(),
                payment_reference=form.get("payment_reference", ""),
            )
        )

    return await _act(request, claim_id, run)
