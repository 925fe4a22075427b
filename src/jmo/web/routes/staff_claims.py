"""/petugas/klaim/{id}: a claim for staff: amounts, bank account, documents, the bank
cooling-off hold (shown when verifying), appointments, the timeline with who did what,
and the moves (verify, approve, reject with a reason the participant reads, pay). Four
eyes and the branch step are the use cases' rules; the page shows their refusals."""

from __future__ import annotations

from functools import partial
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from jmo.domain.backoffice.permissions import Action, allowed
from jmo.domain.claims.model import RejectionReason
from jmo.domain.errors import ValidationFailed
from jmo.domain.identifiers.bank import mask_bank_account
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
from jmo.web.deps import CallsDep, PageCalls, ServicesDep, locale_of
from jmo.web.routes.appointments import labels as appointment_labels
from jmo.web.staff import StaffDep, StaffDesk, document_picture, render_staff

router = APIRouter(prefix="/petugas/klaim")


async def _page(
    request: Request,
    auth: Authenticated,
    calls: PageCalls,
    claim_id: UUID,
    *,
    status_code: int = 200,
    notice: str | None = None,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,  # the claim page has no field typed here
) -> Response:
    svc = calls.services
    desk = await calls.run(claim_desk, claim_id, benefits=svc.benefits, now=svc.clock.now())
    pages = await calls.run(claim_document_pages, claim_id, inspector=svc.attachments)
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
async def claim_page(request: Request, auth: StaffDep, calls: CallsDep, claim_id: UUID) -> Response:
    return await _page(request, auth, calls, claim_id)


@router.get("/{claim_id}/dokumen/{document_id}")
async def document(
    auth: StaffDep,
    calls: CallsDep,
    svc: ServicesDep,
    claim_id: UUID,
    document_id: UUID,
    halaman: int = 1,
) -> Response:
    return await document_picture(
        calls,
        claim_document_page,
        claim_id,
        document_id,
        page=halaman,
        inspector=svc.attachments,
        now=svc.clock.now(),
    )


async def _desk(request: Request, auth: StaffDep, calls: CallsDep, claim_id: UUID) -> StaffDesk:
    return StaffDesk(
        request,
        auth,
        calls,
        page=partial(_page, request, auth, calls, claim_id),
        back=f"/petugas/klaim/{claim_id}",
    )


Desk = Annotated[StaffDesk, Depends(_desk)]


@router.post("/{claim_id}/verifikasi")
async def verify(desk: Desk, svc: ServicesDep, claim_id: UUID) -> Response:
    return await desk.move(
        lambda form: desk.calls.run(
            verify_claim,
            claim_id,
            notices=svc.notices,
            now=svc.clock.now(),
            note=form.get("note", ""),
        )
    )


@router.post("/{claim_id}/setujui")
async def approve(desk: Desk, svc: ServicesDep, claim_id: UUID) -> Response:
    return await desk.move(
        lambda form: desk.calls.run(
            approve_claim,
            claim_id,
            benefits=svc.benefits,
            notices=svc.notices,
            now=svc.clock.now(),
            note=form.get("note", ""),
        )
    )


@router.post("/{claim_id}/tolak")
async def reject(desk: Desk, svc: ServicesDep, claim_id: UUID) -> Response:
    async def act(form: dict[str, str]) -> object:
        try:
            reason = RejectionReason(form.get("reason", ""))
        except ValueError:
            raise ValidationFailed.single("reason", "claim.rejection_reason_required") from None
        return await desk.calls.run(
            reject_claim,
            claim_id,
            reason=reason,
            notices=svc.notices,
            now=svc.clock.now(),
            note=form.get("note", ""),
        )

    return await desk.move(act)


@router.post("/{claim_id}/bayar")
async def pay(desk: Desk, svc: ServicesDep, claim_id: UUID) -> Response:
    return await desk.move(
        lambda form: desk.calls.run(
            pay_claim,
            claim_id,
            benefits=svc.benefits,
            notices=svc.notices,
            now=svc.clock.now(),
            payment_reference=form.get("payment_reference", ""),
        )
    )
