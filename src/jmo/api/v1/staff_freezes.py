"""Officers lift a "Bukan saya" freeze once the person passed the face check with liveness."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from jmo.api.deps import AuthDep, ServicesDep, StaffRoute
from jmo.api.paths import V1, operation_id
from jmo.api.schemas import StrictIn
from jmo.usecases.accounts.not_me import lift_freeze, open_freezes

router = APIRouter(
    prefix=f"{V1}/staff",
    tags=["staff"],
    route_class=StaffRoute,
    generate_unique_id_function=operation_id,
)


class LiftIn(StrictIn):
    note: str = Field(max_length=500, description="What was checked (the report, the contacts)")


class LiftedOut(BaseModel):
    frozen_at: datetime
    lifted: bool = True


class StaffFreezeOut(BaseModel):
    participant_id: UUID
    frozen_at: datetime
    source: str
    channel: str
    face_passed_at: datetime | None  # the person's face check since the freeze: liftable


@router.get("/freezes", response_model=list[StaffFreezeOut])
async def freezes(auth: AuthDep, svc: ServicesDep) -> list[StaffFreezeOut]:
    """ "Bukan saya" reports in force, oldest first: the officers' security queue."""
    found = await run_in_threadpool(open_freezes, svc.uow(), auth.actor)
    return [
        StaffFreezeOut(
            participant_id=f.participant_id,
            frozen_at=f.frozen_at,
            source=f.source,
            channel=f.channel,
            face_passed_at=f.face_passed_at,
        )
        for f in found
    ]


@router.post("/participants/{participant_id}/freeze/lift", response_model=LiftedOut)
async def lift(participant_id: UUID, body: LiftIn, auth: AuthDep, svc: ServicesDep) -> LiftedOut:
    """Lift a "Bukan saya" freeze: only once the person passed the face check with liveness
    since the freeze (409 ``freeze.face_required`` before)."""
    freeze = await run_in_threadpool(
        lift_freeze, svc.uow(), auth.actor, participant_id, note=body.note, now=svc.clock.now()
    )
    return LiftedOut(frozen_at=freeze.frozen_at)
