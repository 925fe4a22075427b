"""The staff API of the branch counter (the same use cases as /petugas/loket and
/petugas/persetujuan): walk-in Pengkinian Data, a reference photo prepared for a
supervisor, and approving or rejecting what the counter prepared. Four eyes refused:
403 ``four_eyes.same_person``."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, File, Form, UploadFile
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from jmo.api.deps import AuthDep, ServicesDep, StaffRoute
from jmo.api.paths import V1, operation_id
from jmo.api.schemas import ChangeRequestOut, StrictIn
from jmo.domain.errors import ValidationFailed
from jmo.domain.participant import masked_for_staff
from jmo.domain.pengkinian.change_request import ChangeRequest
from jmo.edge_body_limit import UploadKind, accepts_upload
from jmo.usecases.backoffice.approvals import (
    approve_counter_request,
    get_counter_request,
    reject_counter_request,
    verify_bank_change,
)
from jmo.usecases.backoffice.counter import walk_in_pengkinian
from jmo.usecases.backoffice.reference_photo import prepare_reference_photo

router = APIRouter(
    prefix=f"{V1}/staff",
    tags=["staff"],
    route_class=StaffRoute,
    generate_unique_id_function=operation_id,
)


class CounterRequestOut(BaseModel):
    request: ChangeRequestOut
    documents_seen: list[str]
    prepared_by: UUID | None
    decided_by: UUID | None


def _out(request: ChangeRequest) -> CounterRequestOut:
    # never the full account number in a staff answer: the last four characters
    shown = replace(request, changes=masked_for_staff(request.changes))
    return CounterRequestOut(
        request=ChangeRequestOut.from_domain(shown),
        documents_seen=[d.value for d in request.documents_seen],
        prepared_by=request.prepared_by,
        decided_by=request.decided_by,
    )


class WalkInIn(StrictIn):
    values: dict[str, str] = Field(max_length=40)  # the app's step 7-9 fields
    documents_seen: list[str] = Field(max_length=10)
    terms_accepted: bool


class WalkInOut(BaseModel):
    applied: CounterRequestOut
    held: CounterRequestOut | None  # a flagged bank change, waiting for a supervisor


@router.post("/participants/{participant_id}/pengkinian", response_model=WalkInOut, status_code=201)
async def walk_in(
    participant_id: UUID, body: WalkInIn, auth: AuthDep, svc: ServicesDep
) -> WalkInOut:
    """Pengkinian Data at the counter: the app's validation, the originals seen
    (``e_ktp`` always; ``bank_book`` for a new account...), channel ``branch``. A sensitive
    field left empty keeps the value on file."""
    result = await run_in_threadpool(
        lambda: walk_in_pengkinian(
            svc.uow(),
            auth.actor,
            participant_id,
            body.values,
            documents_seen=body.documents_seen,
            terms_accepted=body.terms_accepted,
            regions=svc.regions,
            notices=svc.notices,
            policy=svc.policy,
            now=svc.clock.now(),
        )
    )
    return WalkInOut(applied=_out(result.applied), held=_out(result.held) if result.held else None)


@router.post(
    "/participants/{participant_id}/reference-photo",
    response_model=CounterRequestOut,
    status_code=201,
)
@accepts_upload(UploadKind.SELFIE)
async def reference_photo(
    participant_id: UUID,
    auth: AuthDep,
    svc: ServicesDep,
    photo: Annotated[UploadFile, File()],
    documents_seen: Annotated[list[str], Form(max_length=10)],
    source: Annotated[str, Form(max_length=10)] = "upload",
) -> CounterRequestOut:
    """A reference photo for a participant without one (``documents_seen`` must hold
    ``e_ktp``), checked with the capture rules; a supervisor who is not the caller
    approves it."""
    limit = svc.policy.max_upload_bytes
    image = await photo.read(limit + 1)
    if len(image) > limit:
        raise ValidationFailed.single(
            "photo", "attachment.too_large", max_mb=limit // (1024 * 1024)
        )
    created = await run_in_threadpool(
        lambda: prepare_reference_photo(
            svc.uow(),
            auth.actor,
            participant_id,
            image=image,
            source=source,
            documents_seen=documents_seen,
            faces=svc.faces,
            files=svc.files,
            now=svc.clock.now(),
        )
    )
    return _out(created)


class CounterEventOut(BaseModel):
    at: datetime
    kind: str
    by_role: str
    message: str


class CounterRequestViewOut(CounterRequestOut):
    timeline: list[CounterEventOut]


@router.get("/counter-requests/{request_id}", response_model=CounterRequestViewOut)
async def counter_request(
    request_id: UUID, auth: AuthDep, svc: ServicesDep
) -> CounterRequestViewOut:
    """A reference photo or flagged bank change prepared at the counter (recorded)."""
    view = await run_in_threadpool(
        lambda: get_counter_request(svc.uow(), auth.actor, request_id, now=svc.clock.now())
    )
    base = _out(view.request)
    return CounterRequestViewOut(
        **base.model_dump(),
        timeline=[
            CounterEventOut(at=e.at, kind=e.kind.value, by_role=e.by_role, message=e.message)
            for e in view.events
        ],
    )


@router.post("/counter-requests/{request_id}/approve", response_model=CounterRequestOut)
async def approve(request_id: UUID, auth: AuthDep, svc: ServicesDep) -> CounterRequestOut:
    """Supervisors only, never the one who prepared it (403 ``four_eyes.same_person``)."""
    done = await run_in_threadpool(
        lambda: approve_counter_request(
            svc.uow(),
            auth.actor,
            request_id,
            files=svc.files,
            notices=svc.notices,
            policy=svc.policy,
            now=svc.clock.now(),
        )
    )
    return _out(done)


@router.post("/counter-requests/{request_id}/verify", response_model=CounterRequestOut)
async def verify(request_id: UUID, auth: AuthDep, svc: ServicesDep) -> CounterRequestOut:
    """A bank change asked in the app, checked by an officer: it then waits for a
    supervisor who is not this officer."""
    done = await run_in_threadpool(
        lambda: verify_bank_change(svc.uow(), auth.actor, request_id, now=svc.clock.now())
    )
    return _out(done)


class CounterReasonIn(StrictIn):
    reason: str = Field(max_length=500)


@router.post("/counter-requests/{request_id}/reject", response_model=CounterRequestOut)
async def reject(
    request_id: UUID, body: CounterReasonIn, auth: AuthDep, svc: ServicesDep
) -> CounterRequestOut:
    """Refuse with a reason the participant reads (a refused photo is deleted)."""
    done = await run_in_threadpool(
        lambda: reject_counter_request(
            svc.uow(),
            auth.actor,
            request_id,
            reason=body.reason,
            files=svc.files,
            notices=svc.notices,
            now=svc.clock.now(),
        )
    )
    return _out(done)
