"""The audit trail for auditors and supervisors (``audit.read``): the page /petugas/audit
and ``jmo audit export`` on the same use case, a keyset page at a time."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from jmo.api.deps import AuthDep, ServicesDep, StaffRoute
from jmo.api.paths import V1, operation_id
from jmo.usecases.backoffice.audit_trail import AuditSearch, search_audit

router = APIRouter(
    prefix=f"{V1}/staff",
    tags=["staff"],
    route_class=StaffRoute,
    generate_unique_id_function=operation_id,
)


class AuditEntryOut(BaseModel):
    seq: int
    at: datetime
    action: str
    actor_role: str | None
    actor_email: str | None  # staff only
    channel: str
    subject_type: str
    subject_id: str
    participant_kpj: str | None
    client_ip: str | None
    details: dict[str, Any]  # masked: no NIK or account number in clear


class AuditPageOut(BaseModel):
    entries: list[AuditEntryOut]
    next_after: int | None  # pass as ``after`` for the next (older) page; null on the last


@router.get("/audit", response_model=AuditPageOut)
async def trail(
    auth: AuthDep,
    svc: ServicesDep,
    participant: Annotated[str, Query(max_length=40, description="KPJ or NIK")] = "",
    staff: Annotated[str, Query(max_length=254, description="A staff member's email")] = "",
    action: Annotated[str, Query(max_length=60)] = "",
    since: Annotated[str, Query(max_length=10, description="First day, YYYY-MM-DD, WIB")] = "",
    until: Annotated[str, Query(max_length=10, description="Last day, YYYY-MM-DD, WIB")] = "",
    after: Annotated[int | None, Query(ge=1, le=2**62)] = None,
) -> AuditPageOut:
    """The audit trail, newest first, 50 entries a page: reads and writes, filtered by
    participant, staff member, action and days (both included). Reading it is recorded."""

    def run() -> Any:
        search = AuditSearch.typed(
            participant=participant,
            staff_email=staff,
            action=action,
            first_day=since,
            last_day=until,
        )
        return search_audit(svc.uow(), auth.actor, search, after=after, now=svc.clock.now())

    page = await run_in_threadpool(run)
    return AuditPageOut(
        entries=[AuditEntryOut(**line.row()) for line in page.lines],
        next_after=page.next_after,
    )
