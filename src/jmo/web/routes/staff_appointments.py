"""/petugas/janji-temu: the day's appointments of the officer's branch (by booking code,
purpose and the request attached; no names: the participant reads out the code) and the
marks arrived, done, no-show. Done on a claim's appointment records the claim's branch
step (the use case's rule)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from jmo.domain.backoffice.appointments import Appointment, Purpose
from jmo.domain.backoffice.branches import get_branch
from jmo.domain.backoffice.permissions import Action, allowed
from jmo.domain.errors import Conflict, ValidationFailed
from jmo.domain.time import to_local
from jmo.usecases.accounts.sessions import Authenticated
from jmo.usecases.appointments.desk import day_appointments, mark_appointment
from jmo.web.deps import CallsDep, ServicesDep, locale_of, read_form, services
from jmo.web.errors import message
from jmo.web.routes.appointments import labels
from jmo.web.staff import StaffDep, render_staff

router = APIRouter(prefix="/petugas/janji-temu")


def request_link(appointment: Appointment) -> str | None:
    """The request the visit is for, in the officer's pages."""
    if appointment.subject_id is None:
        return None
    if appointment.purpose is Purpose.CLAIM:
        return f"/petugas/klaim/{appointment.subject_id}"
    if appointment.purpose is Purpose.IDENTITY_CORRECTION:
        return f"/petugas/permintaan/{appointment.subject_id}"
    return None


def _day(raw: str | None) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationFailed.single("tanggal", "field.invalid") from None


async def _page(
    request: Request,
    auth: Authenticated,
    day: date | None,
    *,
    notice: str | None = None,
    status_code: int = 200,
) -> Response:
    svc = services(request)
    now = svc.clock.now()
    found = await run_in_threadpool(
        lambda: day_appointments(svc.uow(), auth.actor, day=day, now=now)
    )
    branch = get_branch(auth.actor.branch_code)
    shown = day or to_local(now, branch.office_province if branch else None).date()
    return render_staff(
        request,
        "staff/appointments.html",
        auth,
        status_code=status_code,
        day=shown,
        rows=[(a, get_branch(a.branch_code), request_link(a)) for a in found],
        can_mark=allowed(auth.actor.role, Action.APPOINTMENT_MARK),
        notice=notice,
        **labels(locale_of(request, auth)),
    )


@router.get("")
async def day_page(request: Request, auth: StaffDep, tanggal: str = "") -> Response:
    return await _page(request, auth, _day(tanggal))


@router.post("/{appointment_id}/tandai")
async def mark(
    request: Request, auth: StaffDep, calls: CallsDep, svc: ServicesDep, appointment_id: UUID
) -> Response:
    form = await read_form(request, auth)
    day = _day(form.get("tanggal"))
    try:
        await calls.run(
            mark_appointment,
            appointment_id,
            status=form.get("status", ""),
            notices=svc.notices,
            now=svc.clock.now(),
        )
    except (Conflict, ValidationFailed) as exc:
        text = message(exc, locale_of(request, auth))
        return await _page(request, auth, day, notice=text, status_code=409)
    suffix = f"?tanggal={day.isoformat()}" if day else ""
    return RedirectResponse(f"/petugas/janji-temu{suffix}", status_code=303)
