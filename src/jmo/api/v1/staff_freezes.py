"""Officers lift a "Bukan saya" freeze after checking the person at a branch."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from jmo.api.deps import AuthDep, ServicesDep, StaffRoute
from jmo.api.paths import V1
from jmo.api.schemas import StrictIn
from jmo.usecases.accounts.not_me import lift_freeze

router = APIRouter(prefix=f"{V1}/staff/participants", tags=["staff"], route_class=StaffRoute)


class LiftIn(StrictIn):
    note: str = Field(max_length=500, description="What was checked (KTP, face at the counter)")


class LiftedOut(BaseModel):
    frozen_at: datetime
    lifted: bool = True


@router.post("/{participant_id}/freeze/lift", response_model=LiftedOut)
async def lift(participant_id: UUID, body: LiftIn, auth: AuthDep, svc: ServicesDep) -> LiftedOut:
    freeze = await run_in_threadpool(
        lift_freeze, svc.uow(), auth.actor, participant_id, note=body.note, now=svc.clock.now()
    )
    return LiftedOut(frozen_at=freeze.frozen_at)
