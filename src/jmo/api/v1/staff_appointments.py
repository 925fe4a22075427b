"""Staff: the day's appointments of the branch and the marks arrived, done, no-show (the
same use cases as /petugas/janji-temu). Done on a claim's appointment records the claim's
``appointment_done`` branch step."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from jmo.api.deps import AuthDep, ServicesDep, StaffRoute
from jmo.api.errors import api_locale
from jmo.api.paths import V1, operation_id
from jmo.api.schemas_appointments import AppointmentOut, MarkIn
from jmo.domain.errors import ValidationFailed
from jmo.usecases.appointments.desk import day_appointments, mark_appointment

router = APIRouter(
    prefix=f"{V1}/staff",
    tags=["staff"],
    route_class=StaffRoute,
    generate_unique_id_function=operation_id,
)


@router.get("/appointments", response_model=list[AppointmentOut])
async def day_list(
    request: Request,
    auth: AuthDep,
    svc: ServicesDep,
    day: Annotated[str, Query(max_length=10, description="YYYY-MM-DD; today")] = "",
) -> list[AppointmentOut]:
    """The day's appointments at the offices the actor serves, by start time."""
    try:
        chosen = date.fromisoformat(day) if day else None
    except ValueError:
        raise ValidationFailed.single("day", "field.invalid") from None
    found = await run_in_threadpool(
        lambda: day_appointments(svc.uow(), auth.actor, day=chosen, now=svc.clock.now())
    )
    locale = api_locale(request)
    return [AppointmentOut.of(a, locale) for a in found]


@router.post("/appointments/{appointment_id}/status", response_model=AppointmentOut)
async def mark(
    appointment_id: UUID, body: MarkIn, request: Request, auth: AuthDep, svc: ServicesDep
) -> AppointmentOut:
    """``arrived``, ``done`` or ``no_show``; not before the appointment's day (409
    ``appointment.not_today``)."""
    marked = await run_in_threadpool(
        lambda: mark_appointment(
            svc.uow(),
            auth.actor,
            appointment_id,
            status=body.status,
            notices=svc.notices,
            now=svc.clock.now(),
        )
    )
    return AppointmentOut.of(marked, api_locale(request))
