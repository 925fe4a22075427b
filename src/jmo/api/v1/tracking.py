"""Riwayat & Lacak over the API (the same use cases as /riwayat): every request with its
id and timeline, the signed receipt (code and PDF), the public receipt check, and the
participant's own change history."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from jmo.api.deps import CallsDep, ServicesDep
from jmo.api.errors import api_locale
from jmo.api.input_fields import documented_query
from jmo.api.paths import V1, operation_id
from jmo.api.schemas import StrictIn
from jmo.domain.requests.receipt import Receipt
from jmo.domain.requests.timeline import FILTER_RULES, ChangeLine, TrackedRequest
from jmo.edge_files import file_download
from jmo.usecases.participants.history import MyHistoryEntry, my_change_history
from jmo.usecases.requests.tracking import (
    my_receipt,
    my_request,
    my_requests,
    parse_filter,
    verify_receipt,
)

router = APIRouter(prefix=f"{V1}/me", tags=["requests"], generate_unique_id_function=operation_id)
public_router = APIRouter(
    prefix=f"{V1}/receipts", tags=["requests"], generate_unique_id_function=operation_id
)

# A request id, or a reference given before ids existed (8 hex digits, ADU-..., a claim
# number): both find the request.
RequestNo = Annotated[str, Path(min_length=1, max_length=40)]


class ChangeOut(BaseModel):
    field: str
    before: str = Field(description="Masked where the full value is not needed")
    after: str

    @classmethod
    def of(cls, line: ChangeLine) -> ChangeOut:
        return cls(field=line.field, before=line.before, after=line.after)


class RequestEventOut(BaseModel):
    at: datetime
    code: str = Field(description="What happened, e.g. change.documents_requested, claim.paid")
    note: str = Field(description="A message written for the participant, or empty")


class TrackedRequestOut(BaseModel):
    request_id: str = Field(description="PD-2026-000123: kind prefix, year, number")
    kind: str
    progress: str = Field(description="in_progress | waiting_for_you | done | rejected | cancelled")
    status: str = Field(description="The kind's own status")
    channel: str
    created_at: datetime
    updated_at: datetime
    item_id: str = Field(description="The id of the claim, complaint, change request...")
    old_reference: str = Field(description="The reference given before request ids, if any")
    detail: str
    timeline: list[RequestEventOut]
    changes: list[ChangeOut]

    @classmethod
    def of(cls, r: TrackedRequest) -> TrackedRequestOut:
        return cls(
            request_id=r.request_id,
            kind=r.kind.value,
            progress=r.progress.value,
            status=r.status,
            channel=r.channel,
            created_at=r.ref.created_at,
            updated_at=r.updated_at,
            item_id=str(r.ref.item_id),
            old_reference=r.old_reference,
            detail=r.detail,
            timeline=[RequestEventOut(at=e.at, code=e.code, note=e.note) for e in r.events],
            changes=[ChangeOut.of(c) for c in r.changes],
        )


class ReceiptOut(BaseModel):
    request_id: str
    kind: str
    progress: str
    status: str
    made_at: datetime
    issued_at: datetime
    channel: str
    name_masked: str
    kpj_masked: str
    lines: list[ChangeOut]

    @classmethod
    def of(cls, r: Receipt) -> ReceiptOut:
        return cls(
            request_id=r.request_id,
            kind=r.kind.value,
            progress=r.progress.value,
            status=r.status,
            made_at=r.made_at,
            issued_at=r.issued_at,
            channel=r.channel,
            name_masked=r.name_masked,
            kpj_masked=r.kpj_masked,
            lines=[ChangeOut.of(c) for c in r.lines],
        )


class ReceiptCodeOut(BaseModel):
    code: str = Field(description="The signed receipt, as printed and in the QR")
    verify_url: str
    receipt: ReceiptOut


class VerifyIn(StrictIn):
    code: str = Field(max_length=8000)


class VerifyOut(BaseModel):
    valid: bool = Field(description="false: not signed by JMO, or changed (tidak sah)")
    receipt: ReceiptOut | None = None


class HistoryEntryOut(BaseModel):
    version: int
    recorded_at: datetime
    request_id: str | None
    changes: list[ChangeOut]

    @classmethod
    def of(cls, e: MyHistoryEntry) -> HistoryEntryOut:
        return cls(
            version=e.version,
            recorded_at=e.recorded_at,
            request_id=e.request_id,
            changes=[ChangeOut.of(c) for c in e.changes],
        )


_DAY = "YYYY-MM-DD (WIB)"


@router.get("/requests", response_model=list[TrackedRequestOut])
async def list_requests(
    calls: CallsDep,
    kind: Annotated[str, documented_query(FILTER_RULES["kind"])] = "",
    status: Annotated[str, documented_query(FILTER_RULES["status"])] = "",
    since: Annotated[str, documented_query(FILTER_RULES["since"], _DAY)] = "",
    until: Annotated[str, documented_query(FILTER_RULES["until"], _DAY)] = "",
) -> list[TrackedRequestOut]:
    """Every request of the participant, newest first; filters by kind, progress and the
    day it was made (422 with the fields for a bad filter)."""
    where = parse_filter(kind=kind, status=status, since=since, until=until)
    found = await calls.run(my_requests, where)
    return [TrackedRequestOut.of(r) for r in found]


@router.get("/requests/{request_no}", response_model=TrackedRequestOut)
async def get_request(request_no: RequestNo, calls: CallsDep) -> TrackedRequestOut:
    """One request with its timeline, by id or by its older reference."""
    return TrackedRequestOut.of(await calls.run(my_request, request_no))


def _verify_url(svc: ServicesDep, code: str) -> str:
    return f"{svc.policy.public_url.rstrip('/')}/verify?{urlencode({'kode': code})}"


@router.get("/requests/{request_no}/receipt", response_model=ReceiptCodeOut)
async def get_receipt(
    request: Request, request_no: RequestNo, calls: CallsDep, svc: ServicesDep
) -> ReceiptCodeOut:
    """The signed receipt as it stands now: its code (checked by
    ``POST /api/v1/receipts/verify`` or the /verify page) and what it holds."""
    found = await calls.run(
        my_receipt,
        request_no,
        signer=svc.receipts,
        renderer=svc.receipt_renderer,
        verify_url_of=lambda code: _verify_url(svc, code),
        locale=api_locale(request),
        now=svc.clock.now(),
    )
    return ReceiptCodeOut(
        code=found.code,
        verify_url=_verify_url(svc, found.code),
        receipt=ReceiptOut.of(found.receipt),
    )


@router.get("/requests/{request_no}/receipt.pdf", response_class=Response)
async def get_receipt_pdf(
    request: Request, request_no: RequestNo, calls: CallsDep, svc: ServicesDep
) -> Response:
    """The same receipt as a PDF, in the Accept-Language language."""
    found = await calls.run(
        my_receipt,
        request_no,
        signer=svc.receipts,
        renderer=svc.receipt_renderer,
        verify_url_of=lambda code: _verify_url(svc, code),
        locale=api_locale(request),
        now=svc.clock.now(),
    )
    return file_download(found.data, content_type="application/pdf", filename=found.filename)


@router.get("/history", response_model=list[HistoryEntryOut])
async def change_history(calls: CallsDep) -> list[HistoryEntryOut]:
    """Every version of the participant's data, newest first, with what changed (masked)
    and the request that changed it."""
    return [HistoryEntryOut.of(e) for e in await calls.run(my_change_history)]


@public_router.post("/verify", response_model=VerifyOut)
async def verify(body: VerifyIn, svc: ServicesDep) -> VerifyOut:
    """Public: is this receipt code signed by JMO and unchanged? One changed character
    makes it invalid."""
    receipt = verify_receipt(svc.receipts, body.code)
    return VerifyOut(valid=receipt is not None, receipt=ReceiptOut.of(receipt) if receipt else None)
