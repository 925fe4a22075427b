"""/lupa-akun/janji-temu: Lupa akun's dead end (no reference photo, face tries used up)
books a branch appointment without signing in. The participant is the one the flow's
cookie token names (use case: usecases/accounts/recovery_booking.py); no notice goes to
the lost contacts, so the page shows the code to keep, save or print."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from jmo.domain.backoffice.appointments import Appointment
from jmo.domain.errors import DomainError, ValidationFailed
from jmo.domain.onboarding import Purpose
from jmo.usecases.accounts.recovery_booking import (
    book_recovery_appointment,
    recovery_booking_options,
)
from jmo.web.deps import (
    PRE_CSRF_COOKIE,
    ServicesDep,
    locale_of,
    new_pre_csrf,
    read_form,
    render,
    services,
)
from jmo.web.errors import field_messages, message
from jmo.web.routes.appointments import _clock, _office, labels
from jmo.web.routes.registration import _token

router = APIRouter(prefix="/lupa-akun/janji-temu")
ACTION = "/lupa-akun/janji-temu"


async def _page(
    request: Request,
    query: dict[str, str],
    *,
    errors: dict[str, str] | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> Response:
    svc = services(request)
    locale = locale_of(request)
    csrf = request.cookies.get(PRE_CSRF_COOKIE) or new_pre_csrf()
    options, booked = await run_in_threadpool(
        lambda: recovery_booking_options(
            svc.uow(),
            token=_token(request, Purpose.RECOVER),
            branch_code=query.get("kantor") or None,
            day=query.get("tanggal") or None,
            capacity=svc.policy.appointment_slot_capacity,
            policy=svc.policy,
            now=svc.clock.now(),
        )
    )
    response = render(
        request,
        "account/recovery_appointment.html",
        None,
        status_code=status_code,
        csrf_token=csrf,
        options=options,
        booked=booked,
        office=_office(booked) if booked else None,
        booked_clock=_booked_clock(booked),
        errors=errors or {},
        notice=notice,
        action=ACTION,
        clock=lambda at: _clock(at, options.branch.office_province),
        **labels(locale),
    )
    response.set_cookie(
        PRE_CSRF_COOKIE,
        csrf,
        httponly=True,
        samesite="strict",
        secure=request.app.state.cookie_secure,
    )
    return response


def _booked_clock(booked: Appointment | None) -> str | None:
    return _clock(booked.starts_at, booked.office_province) if booked else None


@router.get("")
async def booking_page(request: Request) -> Response:
    return await _page(request, dict(request.query_params))


@router.post("")
async def book(request: Request, svc: ServicesDep) -> Response:
    form = await read_form(request, None)
    try:
        await run_in_threadpool(
            lambda: book_recovery_appointment(
                svc.uow(),
                token=_token(request, Purpose.RECOVER),
                branch_code=form.get("kantor"),
                starts_at=form.get("starts_at"),
                capacity=svc.policy.appointment_slot_capacity,
                rng=svc.rng,
                policy=svc.policy,
                now=svc.clock.now(),
            )
        )
    except ValidationFailed as exc:
        query = {k: form.get(k, "") for k in ("kantor", "tanggal")}
        errors = field_messages(exc, locale_of(request))
        return await _page(request, query, errors=errors, status_code=400)
    except DomainError as exc:
        if exc.code.startswith("appointment."):
            query = {k: form.get(k, "") for k in ("kantor", "tanggal")}
            notice = message(exc, locale_of(request))
            return await _page(request, query, notice=notice, status_code=409)
        raise
    return RedirectResponse(ACTION, status_code=303)
