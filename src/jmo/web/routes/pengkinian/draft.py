"""Opening and resuming the data update's draft: both lead to the step the person is at."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from jmo.usecases.pengkinian.flow import start_pengkinian
from jmo.web.deps import AuthDep, CallsDep, read_form
from jmo.web.routes.pengkinian.wizard import PREFIX, START_PROMPT, current_view, redirect, step_path

router = APIRouter(prefix=PREFIX)


@router.get("")
async def resume(calls: CallsDep) -> Response:
    view = await current_view(calls)
    if view.draft is None:
        return redirect(START_PROMPT)
    return redirect(step_path(view))


@router.post("/mulai")
async def start(request: Request, auth: AuthDep, calls: CallsDep) -> Response:
    """ "OK, Lanjutkan" on the pop-up: open (or resume) the draft at its step."""
    await read_form(request, auth)
    view = await calls.run(start_pengkinian, now=calls.services.clock.now())
    return redirect(step_path(view))
