"""/janji-temu: the participant's appointments at a branch office. Every flow that ends
with "go to a branch" links to ``/janji-temu/baru?keperluan=<purpose>&rujukan=<reference>``
(the purposes: docs/back-office.md, "Appointments"). Choosing the office and day is a GET
form (no script); the slot is the POST."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from jmo.domain.backoffice.appointments import Appointment, changeable
from jmo.domain.backoffice.branches import get_branch
from jmo.domain.errors import DomainError, ValidationFailed
from jmo.domain.time import to_local
from jmo.i18n import translate
from jmo.i18n.appointments import BRING, PURPOSES, STATUSES
from jmo.usecases.accounts.sessions import Authenticated
from jmo.usecases.appointments.booking import (
    book_appointment,
    booking_options,
    cancel_my_appointment,
    my_appointment,
    my_appointments,
    reschedule_my_appointment,
)
from jmo.web.deps import AuthDep, CallsDep, ServicesDep, locale_of, read_form, render, services
from jmo.web.errors import field_messages, message

router = APIRouter(prefix="/janji-temu")


def labels(locale: str) -> dict[str, Any]:
    return {
        "purpose_labels": {k: translate(locale, v) for k, v in PURPOSES.items()},
        "bring_labels": {k: translate(locale, v) for k, v in BRING.items()},
        "status_labels": {k: translate(locale, v) for k, v in STATUSES.items()},
    }


def _clock(at: datetime, province: str) -> str:
    """A slot's time at the office, with its zone (09:00 WITA)."""
    local = to_local(at, province)
    return f"{local:%H:%M} {local.tzname()}"


def _office(appointment: Appointment) -> str:
    branch = get_branch(appointment.branch_code)
    return branch.name if branch else appointment.branch_code


@router.get("")
async def list_page(request: Request, auth: AuthDep, calls: CallsDep, svc: ServicesDep) -> Response:
    found = await calls.run(my_appointments)
    return render(
        request,
        "appointments/list.html",
        auth,
        appointments=[(a, _office(a)) for a in found],
        **labels(locale_of(request, auth)),
    )


async def _booking_page(
    request: Request,
    auth: Authenticated,
    *,
    action: str,
    query: dict[str, str],
    current: Appointment | None = None,
    errors: dict[str, str] | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> Response:
    svc = services(request)
    locale = locale_of(request, auth)
    purpose = current.purpose.value if current else query.get("keperluan")
    reference = current.reference if current else query.get("rujukan")
    try:
        options = await run_in_threadpool(
            lambda: booking_options(
                svc.uow(),
                auth.actor,
                purpose=purpose,
                reference=reference,
                branch_code=query.get("kantor") or (current.branch_code if current else None),
                day=query.get("tanggal") or None,
                capacity=svc.policy.appointment_slot_capacity,
                now=svc.clock.now(),
            )
        )
    except ValidationFailed as exc:
        # A link with a wrong purpose or reference: say so on a page, nothing to book.
        return render(
            request,
            "appointments/new.html",
            auth,
            status_code=400,
            options=None,
            errors=field_messages(exc, locale),
            notice=None,
            action=action,
            current=current,
            **labels(locale),
        )
    return render(
        request,
        "appointments/new.html",
        auth,
        status_code=status_code,
        options=options,
        errors=errors or {},
        notice=notice,
        action=action,
        current=current,
        province=options.branch.office_province,
        clock=lambda at: _clock(at, options.branch.office_province),
        **labels(locale),
    )


@router.get("/baru")
async def new_page(request: Request, auth: AuthDep) -> Response:
    return await _booking_page(
        request, auth, action="/janji-temu/baru", query=dict(request.query_params)
    )


def _failed(exc: DomainError, locale: str) -> tuple[dict[str, str], str | None]:
    if isinstance(exc, ValidationFailed):
        return field_messages(exc, locale), None
    return {}, message(exc, locale)


@router.post("/baru")
async def book(request: Request, auth: AuthDep, calls: CallsDep, svc: ServicesDep) -> Response:
    form = await read_form(request, auth)
    try:
        booked = await calls.run(
            book_appointment,
            purpose=form.get("keperluan"),
            reference=form.get("rujukan"),
            branch_code=form.get("kantor"),
            starts_at=form.get("starts_at"),
            capacity=svc.policy.appointment_slot_capacity,
            notices=svc.notices,
            rng=svc.rng,
            now=svc.clock.now(),
        )
    except DomainError as exc:
        if exc.code.endswith(".not_found") or exc.code.startswith("auth."):
            raise
        errors, notice = _failed(exc, locale_of(request, auth))
        return await _booking_page(
            request,
            auth,
            action="/janji-temu/baru",
            query={k: form.get(k, "") for k in ("keperluan", "rujukan", "kantor", "tanggal")},
            errors=errors,
            notice=notice,
            status_code=409 if notice else 400,
        )
    return RedirectResponse(f"/janji-temu/{booked.id}?dibuat=1", status_code=303)


@router.get("/{appointment_id}")
async def detail_page(
    request: Request, auth: AuthDep, calls: CallsDep, svc: ServicesDep, appointment_id: UUID
) -> Response:
    found = await calls.run(my_appointment, appointment_id)
    return _detail(request, auth, found)


def _detail(
    request: Request,
    auth: Authenticated,
    appointment: Appointment,
    *,
    notice: str | None = None,
    status_code: int = 200,
) -> Response:
    svc = services(request)
    return render(
        request,
        "appointments/detail.html",
        auth,
        status_code=status_code,
        a=appointment,
        office=_office(appointment),
        province=appointment.office_province,
        changeable=changeable(appointment, svc.clock.now()),
        created=request.query_params.get("dibuat") == "1",
        changed=request.query_params.get("diubah") == "1",
        notice=notice,
        **labels(locale_of(request, auth)),
    )


@router.post("/{appointment_id}/batal")
async def cancel(
    request: Request, auth: AuthDep, calls: CallsDep, svc: ServicesDep, appointment_id: UUID
) -> Response:
    await read_form(request, auth)
    try:
        await calls.run(
            cancel_my_appointment, appointment_id, notices=svc.notices, now=svc.clock.now()
        )
    except DomainError as exc:
        if exc.code.endswith(".not_found"):
            raise
        found = await calls.run(my_appointment, appointment_id)
        return _detail(
            request, auth, found, notice=message(exc, locale_of(request, auth)), status_code=409
        )
    return RedirectResponse(f"/janji-temu/{appointment_id}", status_code=303)


@router.get("/{appointment_id}/ubah")
async def reschedule_page(
    request: Request, auth: AuthDep, calls: CallsDep, svc: ServicesDep, appointment_id: UUID
) -> Response:
    found = await calls.run(my_appointment, appointment_id)
    return await _booking_page(
        request,
        auth,
        action=f"/janji-temu/{appointment_id}/ubah",
        query=dict(request.query_params),
        current=found,
    )


@router.post("/{appointment_id}/ubah")
async def reschedule(
    request: Request, auth: AuthDep, calls: CallsDep, svc: ServicesDep, appointment_id: UUID
) -> Response:
    form = await read_form(request, auth)
    try:
        await calls.run(
            reschedule_my_appointment,
            appointment_id,
            branch_code=form.get("kantor"),
            starts_at=form.get("starts_at"),
            capacity=svc.policy.appointment_slot_capacity,
            notices=svc.notices,
            now=svc.clock.now(),
        )
    except DomainError as exc:
        if exc.code.endswith(".not_found") or exc.code.startswith("auth."):
            raise
        found = await calls.run(my_appointment, appointment_id)
        errors, notice = _failed(exc, locale_of(request, auth))
        return await _booking_page(
            request,
            auth,
            action=f"/janji-temu/{appointment_id}/ubah",
            query={k: form.get(k, "") for k in ("kantor", "tanggal")},
            current=found,
            errors=errors,
            notice=notice,
            status_code=409 if notice else 400,
        )
    return RedirectResponse(f"/janji-temu/{appointment_id}?diubah=1", status_code=303)
