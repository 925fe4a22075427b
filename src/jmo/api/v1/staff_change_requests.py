"""Staff reading a participant's change request: recorded in the participant's access log,
sensitive values by their last four characters."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from jmo.api.deps import AuthDep, ServicesDep, StaffRoute
from jmo.api.paths import V1, operation_id
from jmo.api.schemas import ChangeRequestOut
from jmo.usecases.pengkinian.change_requests import get_change_request_for_staff

router = APIRouter(
    prefix=f"{V1}/staff",
    tags=["staff"],
    route_class=StaffRoute,
    generate_unique_id_function=operation_id,
)


@router.get("/change-requests/{request_id}", response_model=ChangeRequestOut)
async def change_request(request_id: UUID, auth: AuthDep, svc: ServicesDep) -> ChangeRequestOut:
    """A change request with its field-level diff (bank account, NPWP, KK number, mother's
    name and the like by their last four characters)."""
    request = await run_in_threadpool(
        lambda: get_change_request_for_staff(svc.uow(), auth.actor, request_id, now=svc.clock.now())
    )
    return ChangeRequestOut.from_domain(request)
