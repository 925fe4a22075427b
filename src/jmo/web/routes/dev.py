"""Development pages: the outbox (every email and SMS the app would send, with their codes
and links). Never public (docs/decisions/safe-by-default.md): it exists only when the
environment is "development", and even then answers only a browser on this machine."""

from __future__ import annotations

import ipaddress

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from jmo.domain.errors import NotFound
from jmo.usecases.notifications.views import outbox_overview
from jmo.web.deps import OptionalAuthDep, ServicesDep, render

router = APIRouter(prefix="/dev")

_LOCAL_NAMES = {"localhost", "127.0.0.1", "[::1]"}
_FORWARDING_HEADERS = ("forwarded", "x-forwarded-for", "x-real-ip")


def from_this_machine(request: Request) -> bool:
    """The TCP peer is a loopback address, no proxy says it forwarded the request (a local
    reverse proxy would make every visitor look local), and the address typed in the
    browser is a local one (a DNS-rebinding page cannot pass for it)."""
    peer = request.client.host if request.client else ""
    try:
        loopback = ipaddress.ip_address(peer).is_loopback
    except ValueError:
        return False
    host = request.headers.get("host", "").lower()
    host_name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    forwarded = any(name in request.headers for name in _FORWARDING_HEADERS)
    return loopback and not forwarded and host_name in _LOCAL_NAMES


@router.get("/outbox")
async def outbox(request: Request, auth: OptionalAuthDep, svc: ServicesDep) -> Response:
    if getattr(request.app.state, "environment", "") != "development":
        raise NotFound("page")
    if not from_this_machine(request):
        raise NotFound("page")
    overview = await run_in_threadpool(
        lambda: outbox_overview(svc.uow(), limit=100, reveal_secrets=True)
    )
    return render(request, "dev/outbox.html", auth, overview=overview)
