"""The participant's side of a request worked in the back office, for phone clients: the
status in four words, the timeline, and uploading the documents asked for (the same use
cases as the /permintaan pages)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, File, Form, UploadFile
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from jmo.api.deps import AuthDep, ServicesDep
from jmo.api.input_fields import constraints
from jmo.api.paths import V1, operation_id
from jmo.api.v1.complaints import tools_of
from jmo.domain.pengkinian.change_request import DOCUMENT_TYPE
from jmo.edge_body_limit import UploadKind, accepts_upload
from jmo.edge_uploads import read_uploads
from jmo.usecases.backoffice.my_requests import MyRequestView, my_request, upload_documents

router = APIRouter(
    prefix=f"{V1}/requests", tags=["pengkinian"], generate_unique_id_function=operation_id
)


class MyEventOut(BaseModel):
    at: datetime
    kind: str
    message: str


class MyRequestOut(BaseModel):
    id: UUID
    reference: str
    status: str  # waiting_for_documents | being_checked | approved | rejected
    reason: str  # the rejection reason, or what the officer asked for
    documents_required: list[str]
    documents: list[str]  # the names of the files sent
    can_upload: bool
    timeline: list[MyEventOut]

    @classmethod
    def of(cls, view: MyRequestView) -> MyRequestOut:
        return cls(
            id=view.request.id,
            reference=view.request.reference,
            status=view.status.value,
            reason=view.reason,
            documents_required=[d.value for d in view.request.documents_required],
            documents=[d.filename for d in view.documents],
            can_upload=view.can_upload,
            timeline=[
                MyEventOut(at=e.at, kind=e.kind.value, message=e.message) for e in view.events
            ],
        )


@router.get("/{request_id}", response_model=MyRequestOut)
async def status(request_id: UUID, auth: AuthDep, svc: ServicesDep) -> MyRequestOut:
    view = await run_in_threadpool(my_request, svc.uow(), auth.actor, request_id)
    return MyRequestOut.of(view)


@router.post("/{request_id}/documents", response_model=MyRequestOut, status_code=201)
@accepts_upload(UploadKind.ATTACHMENTS)
async def upload(
    request_id: UUID,
    auth: AuthDep,
    svc: ServicesDep,
    document_type: Annotated[str, Form(**constraints(DOCUMENT_TYPE))],
    files: Annotated[list[UploadFile], File()],
) -> MyRequestOut:
    """Documents asked for (type from ``documents_required``); checked like complaint
    attachments, all or nothing."""
    uploads = await read_uploads(files, svc.policy)
    await run_in_threadpool(
        lambda: upload_documents(
            svc.uow(),
            auth.actor,
            request_id,
            document_type=document_type,
            uploads=uploads,
            tools=tools_of(svc),
            now=svc.clock.now(),
        )
    )
    view = await run_in_threadpool(my_request, svc.uow(), auth.actor, request_id)
    return MyRequestOut.of(view)
