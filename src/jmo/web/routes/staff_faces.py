"""/petugas/wajah/{attempt_id}: a borderline selfie from the queue, with every attempt's
distance and rule values, approved or rejected with a note (``decide_review``)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from jmo.domain.backoffice.permissions import Action, allowed
from jmo.domain.errors import Conflict, ValidationFailed
from jmo.usecases.accounts.sessions import Authenticated
from jmo.usecases.backoffice.face_reviews import get_face_review
from jmo.usecases.biometric_review import decide_review
from jmo.usecases.services import Services
from jmo.web.deps import CallsDep, ServicesDep, locale_of, read_form
from jmo.web.errors import field_messages, message
from jmo.web.staff import StaffDep, render_staff

router = APIRouter(prefix="/petugas/wajah")


async def _page(
    request: Request,
    auth: Authenticated,
    svc: Services,
    attempt_id: UUID,
    *,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    notice: str | None = None,
) -> Response:
    view = await run_in_threadpool(
        lambda: get_face_review(svc.uow(), auth.actor, attempt_id, now=svc.clock.now())
    )
    return render_staff(
        request,
        "staff/face_review.html",
        auth,
        status_code=status_code,
        view=view,
        can_decide=allowed(auth.actor.role, Action.BIOMETRIC_REVIEW),
        errors=errors or {},
        notice=notice,
    )


@router.get("/{attempt_id}")
async def review_page(
    request: Request, auth: StaffDep, svc: ServicesDep, attempt_id: UUID
) -> Response:
    return await _page(request, auth, svc, attempt_id)


@router.post("/{attempt_id}/putuskan")
async def decide(
    request: Request, auth: StaffDep, calls: CallsDep, svc: ServicesDep, attempt_id: UUID
) -> Response:
    form = await read_form(request, auth)
    locale = locale_of(request, auth)
    try:
        await calls.run(
            decide_review,
            attempt_id,
            approve=form.get("decision") == "approve",
            note=form.get("note", ""),
            notices=svc.notices,
            now=svc.clock.now(),
        )
    except ValidationFailed as exc:
        return await _page(
            request, auth, svc, attempt_id, status_code=400, errors=field_messages(exc, locale)
        )
    except Conflict as exc:
        return await _page(
            request, auth, svc, attempt_id, status_code=409, notice=message(exc, locale)
        )
    return RedirectResponse(f"/petugas/wajah/{attempt_id}", status_code=303)
