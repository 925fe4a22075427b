"""Staff-only reads over the API (branch officers). The officer portal comes later and
will call the same use cases."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from jmo.api.deps import AuthDep, ServicesDep
from jmo.usecases.participants.risk import participant_risk

router = APIRouter(prefix="/staff", tags=["staff"])


class RiskFlagOut(BaseModel):
    code: str
    since: datetime
    until: datetime | None


@router.get("/participants/{participant_id}/risk", response_model=list[RiskFlagOut])
async def risk(participant_id: UUID, auth: AuthDep, svc: ServicesDep) -> list[RiskFlagOut]:
    """Signs of takeover: a bank account or contact changed recently (with the payout hold)."""
    flags = await run_in_threadpool(
        participant_risk,
        svc.uow(),
        auth.actor,
        participant_id,
        policy=svc.policy,
        now=svc.clock.now(),
    )
    return [RiskFlagOut(code=f.code, since=f.since, until=f.until) for f in flags]
