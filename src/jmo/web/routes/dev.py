"""Development pages: the outbox (every email and SMS the app would send), shown only
when the environment is "development"."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from jmo.domain.errors import NotFound
from jmo.usecases.notifications.views import outbox_overview
from jmo.web.deps import optional_login, render, services

router = APIRouter(prefix="/dev")


@router.get("/outbox")
async def outbox(request: Request) -> Response:
    if getattr(request.app.state, "environment", "") != "development":
        raise NotFound("page")
    auth = await optional_login(request)
    overview = await run_in_threadpool(
        lambda: outbox_overview(services(request).uow(), limit=100, reveal_secrets=True)
    )
    return render(request, "dev/outbox.html", auth, overview=overview)
