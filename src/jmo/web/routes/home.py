"""Step 3: the home page with the menus; step 4: the pop-up for locked services."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from jmo.domain.services import SERVICES, SERVICES_BY_KEY, is_unlocked
from jmo.usecases.pengkinian.flow import get_home
from jmo.usecases.requests.tracking import request_of_item
from jmo.web.deps import (
    CallsDep,
    OptionalAuthDep,
    ServicesDep,
    render,
)

router = APIRouter()

# Where each unlocked service lives. A service without a page yet shows a notice instead.
SERVICE_PATHS: dict[str, str] = {
    "kartu-digital": "/kartu-digital",
    "pengaduan": "/pengaduan",
    "saldo-jht": "/saldo-jht",
    "klaim-jht": "/klaim/jht",
    "klaim-jkm": "/klaim/jkm",
    "klaim-jkk": "/klaim/jkk",
    "klaim-jp": "/klaim/jp",
}

_ICONS = {
    "kartu-digital": "ID",
    "saldo-jht": "Rp",
    "klaim-jht": "JHT",
    "pengkinian-data": "✓",
    "pengaduan": "?",
    "klaim-jkm": "JKM",
    "klaim-jkk": "JKK",
    "klaim-jp": "JP",
}


@router.get("/beranda")
async def home(request: Request, calls: CallsDep, prompt: str = "", selesai: str = "") -> Response:
    view = await calls.run(get_home)
    auth = calls.authenticated
    menu = [
        {
            "key": s.key,
            "label": s.label,
            "icon": _ICONS.get(s.key, "•"),
            "unlocked": is_unlocked(s, data_is_current=view.data_is_current),
        }
        for s in SERVICES
    ]
    success_reference = None
    last = view.requests.last_pengkinian
    if selesai and last is not None:
        # the request id, which Riwayat & Lacak opens (the older reference still finds it)
        ref = await calls.run(request_of_item, last.id)
        success_reference = str(ref.request_id) if ref else last.reference
    return render(
        request,
        "home.html",
        auth,
        view=view,
        menu=menu,
        prompt=prompt == "pengkinian",
        success=bool(selesai) and view.data_is_current,
        success_reference=success_reference,
    )


@router.get("/layanan/{key}")
async def open_service(request: Request, calls: CallsDep, key: str) -> Response:
    view = await calls.run(get_home)  # the session is checked here, once
    service = SERVICES_BY_KEY.get(key)
    if service is None:
        return RedirectResponse("/beranda", status_code=303)
    if service.key == "pengkinian-data" or not is_unlocked(
        service, data_is_current=view.data_is_current
    ):
        # Step 4: "Silakan Melanjutkan Proses Pengkinian Data" with "OK, Lanjutkan".
        return RedirectResponse("/beranda?prompt=pengkinian", status_code=303)
    if service.key in SERVICE_PATHS:
        return RedirectResponse(SERVICE_PATHS[service.key], status_code=303)
    return render(request, "service.html", calls.authenticated, service=service)


@router.get("/syarat-dan-ketentuan")
async def terms(request: Request, auth: OptionalAuthDep, svc: ServicesDep) -> Response:
    return render(request, "terms.html", auth, terms_version=svc.policy.terms_version)
