"""Staff-only calls (role officer or admin, checked in the use cases): the claim work queue
and the moves of Lacak Klaim. The officer portal will call the same use cases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from jmo.api.deps import AuthDep, ServicesDep, StaffRoute
from jmo.api.errors import api_locale
from jmo.api.paths import V1, operation_id
from jmo.api.schemas_appointments import StaffClaimOut
from jmo.api.schemas_claims import (
    BranchStepIn,
    ClaimOut,
    NoteIn,
    NpwpValidationIn,
    PayIn,
    RejectIn,
)
from jmo.api.schemas_staff import StaffClaimSummaryOut
from jmo.api.v1.claims import parse_claim_id
from jmo.domain.claims.model import Claim, ClaimStatus, RejectionReason
from jmo.domain.errors import NotFound, ValidationFailed
from jmo.edge_files import file_download
from jmo.usecases.accounts.sessions import Authenticated
from jmo.usecases.claims.branch import record_branch_step
from jmo.usecases.claims.desk import claim_desk
from jmo.usecases.claims.staff import (
    approve_claim,
    list_claims,
    pay_claim,
    read_claim_document,
    record_npwp_validation,
    reject_claim,
    verify_claim,
)
from jmo.usecases.services import Services

router = APIRouter(
    prefix=f"{V1}/staff",
    tags=["staff"],
    route_class=StaffRoute,
    generate_unique_id_function=operation_id,
)


async def _move(
    use_case: Callable[..., Claim],
    claim_id: str,
    request: Request,
    auth: Authenticated,
    svc: Services,
    **details: object,
) -> ClaimOut:
    """A move of Lacak Klaim on one claim, answered with the claim as staff see it."""
    claim = await run_in_threadpool(
        use_case, svc.uow(), auth.actor, parse_claim_id(claim_id), now=svc.clock.now(), **details
    )
    return ClaimOut.of(claim, api_locale(request), staff=True)


@router.get("/claims", response_model=list[StaffClaimSummaryOut])
async def queue(
    request: Request,
    auth: AuthDep,
    svc: ServicesDep,
    status: Annotated[str | None, Query(max_length=12)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[StaffClaimSummaryOut]:
    """The work queue, oldest first, optionally by status: what each claim is and where it
    stands, not whose it is (open a claim to see that; the opening is recorded)."""
    try:
        chosen = ClaimStatus(status) if status else None
    except ValueError:
        raise ValidationFailed.single("status", "field.choice") from None
    claims = await run_in_threadpool(list_claims, svc.uow(), auth.actor, status=chosen, limit=limit)
    locale = api_locale(request)
    return [StaffClaimSummaryOut.of(c, locale) for c in claims]


@router.get("/claims/{claim_id}", response_model=StaffClaimOut)
async def one(claim_id: str, request: Request, auth: AuthDep, svc: ServicesDep) -> StaffClaimOut:
    """One claim (recorded in the participant's access log). The bank account by its last
    four digits, in full while the claim waits for payment; ``payout_hold_until`` when a
    recent bank change holds the payment (known before verifying);
    ``second_person_required`` when the approval must be another person's than the
    verification's (four eyes); who did each step; the appointments booked for it."""
    desk = await run_in_threadpool(
        lambda: claim_desk(
            svc.uow(),
            auth.actor,
            parse_claim_id(claim_id),
            benefits=svc.benefits,
            now=svc.clock.now(),
        )
    )
    return StaffClaimOut.of_desk(desk, api_locale(request))


@router.get("/claims/{claim_id}/documents/{document_id}", response_class=Response)
async def document(claim_id: str, document_id: str, auth: AuthDep, svc: ServicesDep) -> Response:
    """An uploaded document, sandboxed (recorded in the participant's access log)."""
    try:
        doc_id = parse_claim_id(document_id)
    except NotFound:
        raise NotFound("claim_document") from None
    file = await run_in_threadpool(
        read_claim_document,
        svc.uow(),
        auth.actor,
        parse_claim_id(claim_id),
        doc_id,
        now=svc.clock.now(),
    )
    return file_download(file.data, content_type=file.content_type, filename=file.filename)


@router.post("/claims/{claim_id}/verify", response_model=ClaimOut)
async def verify(
    claim_id: str, request: Request, auth: AuthDep, svc: ServicesDep, body: NoteIn | None = None
) -> ClaimOut:
    return await _move(
        verify_claim,
        claim_id,
        request,
        auth,
        svc,
        notices=svc.notices,
        note=body.note if body else "",
    )


@router.post("/claims/{claim_id}/approve", response_model=ClaimOut)
async def approve(
    claim_id: str, request: Request, auth: AuthDep, svc: ServicesDep, body: NoteIn | None = None
) -> ClaimOut:
    return await _move(
        approve_claim,
        claim_id,
        request,
        auth,
        svc,
        benefits=svc.benefits,
        notices=svc.notices,
        note=body.note if body else "",
    )


@router.post("/claims/{claim_id}/reject", response_model=ClaimOut)
async def reject(
    claim_id: str, body: RejectIn, request: Request, auth: AuthDep, svc: ServicesDep
) -> ClaimOut:
    try:
        reason = RejectionReason(body.reason)
    except ValueError:
        raise ValidationFailed.single("reason", "claim.rejection_reason_required") from None
    return await _move(
        reject_claim,
        claim_id,
        request,
        auth,
        svc,
        reason=reason,
        notices=svc.notices,
        note=body.note,
    )


@router.post("/claims/{claim_id}/branch-steps", response_model=ClaimOut)
async def branch_step(
    claim_id: str, body: BranchStepIn, request: Request, auth: AuthDep, svc: ServicesDep
) -> ClaimOut:
    """An officer of a branch records what happened there: ``documents_seen`` (the
    original documents at the counter) or ``appointment_done``. A claim routed to a branch
    is paid only after one (409 ``claim.branch_step_required``)."""
    return await _move(
        record_branch_step, claim_id, request, auth, svc, step=body.step, note=body.note
    )


@router.post("/claims/{claim_id}/pay", response_model=ClaimOut)
async def pay(
    claim_id: str, request: Request, auth: AuthDep, svc: ServicesDep, body: PayIn | None = None
) -> ClaimOut:
    """Paid to the claim's bank account; a JHT or JP lump sum leaves the ledger here."""
    return await _move(
        pay_claim,
        claim_id,
        request,
        auth,
        svc,
        benefits=svc.benefits,
        notices=svc.notices,
        payment_reference=body.payment_reference if body else "",
    )


@router.post("/npwp-validations", status_code=204)
async def npwp_validation(body: NpwpValidationIn, auth: AuthDep, svc: ServicesDep) -> None:
    """Record DJP's answer on a participant's NIK-as-NPWP (until a DJP link exists)."""
    await run_in_threadpool(
        lambda: record_npwp_validation(
            svc.uow(),
            auth.actor,
            kpj=body.kpj,
            nik_valid=body.nik_valid,
            source=body.source,
            now=svc.clock.now(),
        )
    )
