"""The participant's appointments at a branch office, for phone clients: the offices,
days and free slots, booking (a code and what to bring), moving and cancelling (the
same use cases as the /janji-temu pages)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from jmo.api.deps import AuthDep, ServicesDep
from jmo.api.errors import api_locale
from jmo.api.input_fields import documented_query
from jmo.api.paths import V1, operation_id
from jmo.api.schemas_appointments import (
    AppointmentOut,
    BookIn,
    BookingOptionsOut,
    RescheduleIn,
)
from jmo.domain.backoffice.appointments import PURPOSE
from jmo.usecases.appointments.booking import (
    book_appointment,
    booking_options,
    cancel_my_appointment,
    my_appointment,
    my_appointments,
    reschedule_my_appointment,
)

router = APIRouter(
    prefix=f"{V1}/appointments", tags=["appointments"], generate_unique_id_function=operation_id
)


@router.get("", response_model=list[AppointmentOut])
async def mine(request: Request, auth: AuthDep, svc: ServicesDep) -> list[AppointmentOut]:
    """The participant's appointments, the latest first."""
    found = await run_in_threadpool(my_appointments, svc.uow(), auth.actor)
    locale = api_locale(request)
    return [AppointmentOut.of(a, locale) for a in found]


@router.get("/options", response_model=BookingOptionsOut)
async def options(
    request: Request,
    auth: AuthDep,
    svc: ServicesDep,
    purpose: Annotated[str, documented_query(PURPOSE)],
    reference: Annotated[str, Query(max_length=40)] = "",
    branch: Annotated[str, Query(max_length=10)] = "",
    day: Annotated[str, Query(max_length=10)] = "",
) -> BookingOptionsOut:
    """The offices, the bookable days and the day's slots with the seats left (the
    participant's own branch and the first bookable day unless chosen), and what to bring.
    ``purpose``: klaim (``reference`` = the claim number), koreksi_identitas,
    foto_referensi, selfie_gagal, lupa_akun."""
    found = await run_in_threadpool(
        lambda: booking_options(
            svc.uow(),
            auth.actor,
            purpose=purpose,
            reference=reference,
            branch_code=branch or None,
            day=day or None,
            capacity=svc.policy.appointment_slot_capacity,
            now=svc.clock.now(),
        )
    )
    return BookingOptionsOut.of(found, api_locale(request))


@router.post("", response_model=AppointmentOut, status_code=201)
async def book(body: BookIn, request: Request, auth: AuthDep, svc: ServicesDep) -> AppointmentOut:
    """A seat in a slot: 409 ``appointment.slot_full`` when it is taken, 409
    ``appointment.already_booked`` when one is open for the same purpose and reference."""
    booked = await run_in_threadpool(
        lambda: book_appointment(
            svc.uow(),
            auth.actor,
            purpose=body.purpose,
            reference=body.reference,
            branch_code=body.branch,
            starts_at=body.starts_at,
            capacity=svc.policy.appointment_slot_capacity,
            notices=svc.notices,
            rng=svc.rng,
            now=svc.clock.now(),
        )
    )
    return AppointmentOut.of(booked, api_locale(request))


@router.get("/{appointment_id}", response_model=AppointmentOut)
async def one(
    appointment_id: UUID, request: Request, auth: AuthDep, svc: ServicesDep
) -> AppointmentOut:
    found = await run_in_threadpool(my_appointment, svc.uow(), auth.actor, appointment_id)
    return AppointmentOut.of(found, api_locale(request))


@router.post("/{appointment_id}/cancel", response_model=AppointmentOut)
async def cancel(
    appointment_id: UUID, request: Request, auth: AuthDep, svc: ServicesDep
) -> AppointmentOut:
    done = await run_in_threadpool(
        lambda: cancel_my_appointment(
            svc.uow(), auth.actor, appointment_id, notices=svc.notices, now=svc.clock.now()
        )
    )
    return AppointmentOut.of(done, api_locale(request))


@router.post("/{appointment_id}/reschedule", response_model=AppointmentOut)
async def reschedule(
    appointment_id: UUID, body: RescheduleIn, request: Request, auth: AuthDep, svc: ServicesDep
) -> AppointmentOut:
    """Another slot (and branch office, if given); the same booking code."""
    moved = await run_in_threadpool(
        lambda: reschedule_my_appointment(
            svc.uow(),
            auth.actor,
            appointment_id,
            branch_code=body.branch or None,
            starts_at=body.starts_at,
            capacity=svc.policy.appointment_slot_capacity,
            notices=svc.notices,
            now=svc.clock.now(),
        )
    )
    return AppointmentOut.of(moved, api_locale(request))
