"""The staff API about participants: risk flags, face attempts and their review. The
officer portal comes later and will call the same use cases."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from jmo.api.deps import AuthDep, ServicesDep, StaffRoute
from jmo.api.paths import V1, operation_id
from jmo.api.schemas import StrictIn
from jmo.domain.biometric_attempt import BiometricAttempt
from jmo.usecases.biometric_review import decide_review, list_attempts
from jmo.usecases.participants.risk import participant_risk

router = APIRouter(
    prefix=f"{V1}/staff",
    tags=["staff"],
    route_class=StaffRoute,
    generate_unique_id_function=operation_id,
)


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


class AttemptOut(BaseModel):
    id: UUID
    at: datetime
    decision: str
    distance: float | None
    error_code: str | None
    checks: list[dict[str, Any]]
    model: str
    duration_ms: int
    client_ip: str | None
    review_decision: str | None
    reviewed_at: datetime | None
    review_note: str | None

    @classmethod
    def of(cls, a: BiometricAttempt) -> AttemptOut:
        return cls(
            id=a.id,
            at=a.created_at,
            decision=a.decision,
            distance=a.distance,
            error_code=a.error_code,
            checks=a.checks,
            model=a.model,
            duration_ms=a.duration_ms,
            client_ip=a.client_ip,
            review_decision=a.review_decision,
            reviewed_at=a.reviewed_at,
            review_note=a.review_note,
        )


class ReviewIn(StrictIn):
    approve: bool
    note: str = Field(max_length=500)


@router.get("/participants/{participant_id}/biometric-attempts", response_model=list[AttemptOut])
async def attempts(participant_id: UUID, auth: AuthDep, svc: ServicesDep) -> list[AttemptOut]:
    """Every face attempt with its distance, each rule's value and threshold, the decision."""
    found = await run_in_threadpool(
        list_attempts, svc.uow(), auth.actor, participant_id, now=svc.clock.now()
    )
    return [AttemptOut.of(a) for a in found]


@router.post("/biometric-attempts/{attempt_id}/review", response_model=AttemptOut)
async def review(attempt_id: UUID, body: ReviewIn, auth: AuthDep, svc: ServicesDep) -> AttemptOut:
    """Decide a borderline attempt; approval lets the participant go on from step 6."""
    decided = await run_in_threadpool(
        decide_review,
        svc.uow(),
        auth.actor,
        attempt_id,
        approve=body.approve,
        note=body.note,
        notices=svc.notices,
        now=svc.clock.now(),
    )
    return AttemptOut.of(decided)
