"""The staff API of the back office: the work queue and identity corrections (the same
use cases as the /petugas pages). Four eyes refused: 403 ``four_eyes.same_person``."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from jmo.api.deps import AuthDep, ServicesDep, StaffRoute
from jmo.api.paths import V1, operation_id
from jmo.api.schemas import ChangeRequestOut, StrictIn
from jmo.domain.backoffice.queue import WorkItem, WorkKind
from jmo.domain.errors import ValidationFailed
from jmo.edge_files import file_download
from jmo.usecases.backoffice.corrections import (
    approve_correction,
    ask_for_documents,
    get_correction_for_staff,
    prepare_correction,
    read_correction_document,
    reject_correction,
)
from jmo.usecases.backoffice.queue import work_queue

router = APIRouter(
    prefix=f"{V1}/staff",
    tags=["staff"],
    route_class=StaffRoute,
    generate_unique_id_function=operation_id,
)


class WorkItemOut(BaseModel):
    kind: str
    id: UUID
    reference: str
    status: str
    since: datetime
    due_at: datetime
    assigned_to: UUID | None

    @classmethod
    def of(cls, item: WorkItem) -> WorkItemOut:
        return cls(
            kind=item.kind.value,
            id=item.item_id,
            reference=item.reference,
            status=item.status,
            since=item.since,
            due_at=item.due_at,
            assigned_to=item.assigned_to,
        )


@router.get("/queue", response_model=list[WorkItemOut])
async def queue(
    auth: AuthDep, svc: ServicesDep, kind: str = "", search: str = "", mine: bool = False
) -> list[WorkItemOut]:
    """Everything waiting for a person in the caller's branch, oldest first (no names)."""
    try:
        chosen = WorkKind(kind) if kind else None
    except ValueError:
        raise ValidationFailed.single("kind", "field.choice") from None
    items = await run_in_threadpool(
        lambda: work_queue(
            svc.uow(), auth.actor, kind=chosen, search=search[:100], mine=mine, now=svc.clock.now()
        )
    )
    return [WorkItemOut.of(i) for i in items]


class CorrectionDocumentOut(BaseModel):
    id: UUID
    document_type: str
    filename: str
    content_type: str
    uploaded_at: datetime


class EventOut(BaseModel):
    at: datetime
    kind: str
    by_role: str
    message: str


class CorrectionOut(BaseModel):
    request: ChangeRequestOut
    prepared_by: UUID | None
    decided_by: UUID | None
    documents: list[CorrectionDocumentOut]
    timeline: list[EventOut]


@router.get("/identity-corrections/{request_id}", response_model=CorrectionOut)
async def correction(request_id: UUID, auth: AuthDep, svc: ServicesDep) -> CorrectionOut:
    """The request, its documents and timeline (recorded in the participant's access log)."""
    view = await run_in_threadpool(
        lambda: get_correction_for_staff(svc.uow(), auth.actor, request_id, now=svc.clock.now())
    )
    return CorrectionOut(
        request=ChangeRequestOut.from_domain(view.request),
        prepared_by=view.request.prepared_by,
        decided_by=view.request.decided_by,
        documents=[
            CorrectionDocumentOut(
                id=d.id,
                document_type=d.document_type,
                filename=d.filename,
                content_type=d.content_type,
                uploaded_at=d.uploaded_at,
            )
            for d in view.documents
        ],
        timeline=[
            EventOut(at=e.at, kind=e.kind.value, by_role=e.by_role, message=e.message)
            for e in view.events
        ],
    )


@router.get("/identity-corrections/{request_id}/documents/{document_id}", response_class=Response)
async def correction_document(
    request_id: UUID, document_id: UUID, auth: AuthDep, svc: ServicesDep
) -> Response:
    found = await run_in_threadpool(
        lambda: read_correction_document(
            svc.uow(), auth.actor, request_id, document_id, files=svc.files, now=svc.clock.now()
        )
    )
    return file_download(
        found.data, content_type=found.document.content_type, filename=found.document.filename
    )


class ReasonIn(StrictIn):
    reason: str = Field(max_length=500)


class PrepareIn(StrictIn):
    values: dict[str, str] = Field(max_length=5)


@router.post("/identity-corrections/{request_id}/ask-documents", response_model=ChangeRequestOut)
async def ask(
    request_id: UUID, body: ReasonIn, auth: AuthDep, svc: ServicesDep
) -> ChangeRequestOut:
    """Ask the participant for documents (``reason``: what is missing, they read it)."""
    done = await run_in_threadpool(
        lambda: ask_for_documents(
            svc.uow(),
            auth.actor,
            request_id,
            message=body.reason,
            notices=svc.notices,
            now=svc.clock.now(),
        )
    )
    return ChangeRequestOut.from_domain(done)


@router.post("/identity-corrections/{request_id}/prepare", response_model=ChangeRequestOut)
async def prepare(
    request_id: UUID, body: PrepareIn, auth: AuthDep, svc: ServicesDep
) -> ChangeRequestOut:
    """The corrected values read from the documents (``nik``, ``full_name``,
    ``birth_place``, ``birth_date``); a supervisor approves them."""
    done = await run_in_threadpool(
        lambda: prepare_correction(
            svc.uow(),
            auth.actor,
            request_id,
            values=body.values,
            regions=svc.regions,
            now=svc.clock.now(),
        )
    )
    return ChangeRequestOut.from_domain(done)


@router.post("/identity-corrections/{request_id}/approve", response_model=ChangeRequestOut)
async def approve(request_id: UUID, auth: AuthDep, svc: ServicesDep) -> ChangeRequestOut:
    """Supervisors only, never the one who prepared it (403 ``four_eyes.same_person``)."""
    done = await run_in_threadpool(
        lambda: approve_correction(
            svc.uow(), auth.actor, request_id, notices=svc.notices, now=svc.clock.now()
        )
    )
    return ChangeRequestOut.from_domain(done)


@router.post("/identity-corrections/{request_id}/reject", response_model=ChangeRequestOut)
async def reject(
    request_id: UUID, body: ReasonIn, auth: AuthDep, svc: ServicesDep
) -> ChangeRequestOut:
    """Refuse with a reason the participant reads."""
    done = await run_in_threadpool(
        lambda: reject_correction(
            svc.uow(),
            auth.actor,
            request_id,
            reason=body.reason,
            notices=svc.notices,
            now=svc.clock.now(),
        )
    )
    return ChangeRequestOut.from_domain(done)
