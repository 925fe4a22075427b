"""Riwayat & Lacak (/riwayat): every request with its id and timeline, filters by kind,
status and period, the PDF receipt of each; the participant's own change history
(/riwayat/perubahan-data); and the public receipt check, Verifikasi Bukti (/verify)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from jmo.domain.errors import ValidationFailed
from jmo.domain.requests.ids import RequestKind
from jmo.domain.requests.timeline import Progress, RequestFilter
from jmo.edge_files import file_download
from jmo.i18n import translate
from jmo.i18n.fields import FIELDS, display_value
from jmo.i18n.requests import CHANNELS, EVENTS, KINDS, PROGRESS
from jmo.usecases.participants.history import my_change_history
from jmo.usecases.requests.tracking import (
    my_receipt,
    my_request,
    my_requests,
    parse_filter,
    verify_receipt,
)
from jmo.web.deps import PageCalls, locale_of, optional_login, render, services
from jmo.web.errors import field_messages
from jmo.web.routes.card import _links

router = APIRouter()

# The page of the item itself, where a kind has one (documents, the thread, amounts).
ITEM_PAGES: dict[RequestKind, str] = {
    RequestKind.IDENTITY_CORRECTION: "/permintaan/{id}",
    RequestKind.CLAIM: "/klaim/lacak/{id}",
    RequestKind.COMPLAINT: "/pengaduan/{id}",
}
# Registered kinds with nothing to show yet are left out of the filter (an appointment
# kind appears once its source is registered).
SHOWN_KINDS = tuple(k for k in RequestKind if k is not RequestKind.APPOINTMENT)


def labels(request: Request, locale: str) -> dict[str, Any]:
    regions = services(request).regions

    def shown(field: str, value: str) -> str:
        return value if "*" in value else display_value(field, value, regions, locale)

    return {
        "kind_labels": {k.value: translate(locale, v) for k, v in KINDS.items()},
        "progress_labels": {k.value: translate(locale, v) for k, v in PROGRESS.items()},
        "event_labels": {k: translate(locale, v) for k, v in EVENTS.items()},
        "channel_labels": {k: translate(locale, v) for k, v in CHANNELS.items()},
        "field_labels": {k: translate(locale, v) for k, v in FIELDS.items()},
        "shown": shown,
        "kinds": [k.value for k in SHOWN_KINDS],
        "progresses": [p.value for p in Progress],
    }


def verify_url(request: Request, code: str = "") -> str:
    base = _links(request).public_url.rstrip("/") + "/verify"
    return f"{base}?{urlencode({'kode': code})}" if code else base


@router.get("/riwayat")
async def history_page(
    request: Request, jenis: str = "", status: str = "", dari: str = "", sampai: str = ""
) -> Response:
    calls = PageCalls(request)
    refused: ValidationFailed | None = None
    try:
        where = parse_filter(kind=jenis, status=status, since=dari, until=sampai)
    except ValidationFailed as exc:  # the message beside the filter; the list unfiltered
        where, refused = RequestFilter(), exc
    found = await calls.run(my_requests, where)
    auth = calls.authenticated
    locale = locale_of(request, auth)
    errors = field_messages(refused, locale) if refused else {}
    return render(
        request,
        "requests/history.html",
        auth,
        status_code=422 if errors else 200,
        requests=found,
        errors=errors,
        chosen={"jenis": jenis, "status": status, "dari": dari, "sampai": sampai},
        filtered=any((jenis, status, dari, sampai)),
        item_pages={k.value: v for k, v in ITEM_PAGES.items()},
        **labels(request, locale),
    )


@router.get("/riwayat/perubahan-data")
async def change_history_page(request: Request) -> Response:
    calls = PageCalls(request)
    entries = await calls.run(my_change_history)
    auth = calls.authenticated
    return render(
        request,
        "requests/changes.html",
        auth,
        entries=entries,
        **labels(request, locale_of(request, auth)),
    )


@router.get("/riwayat/{request_no}")
async def track_page(request: Request, request_no: str) -> Response:
    calls = PageCalls(request)
    found = await calls.run(my_request, request_no[:40])
    auth = calls.authenticated
    page = ITEM_PAGES.get(found.kind)
    return render(
        request,
        "requests/track.html",
        auth,
        r=found,
        item_page=page.format(id=found.ref.item_id) if page else None,
        **labels(request, locale_of(request, auth)),
    )


@router.get("/riwayat/{request_no}/bukti.pdf")
async def receipt_pdf(request: Request, request_no: str) -> Response:
    calls = PageCalls(request)
    svc = calls.services
    receipt = await calls.run(
        my_receipt,
        request_no[:40],
        signer=svc.receipts,
        renderer=svc.receipt_renderer,
        verify_url_of=lambda code: verify_url(request, code),
        locale=locale_of(request),  # the ID | EN choice (the session's is not read yet)
        now=svc.clock.now(),
    )
    return file_download(receipt.data, content_type="application/pdf", filename=receipt.filename)


@router.get("/verify")
async def verify_page(request: Request, kode: str = "") -> Response:
    """Public: Verifikasi Bukti. The code printed on a receipt (or its QR) is checked
    against the fund's key; the receipt it holds is shown, or "tidak sah"."""
    auth = await optional_login(request)
    svc = services(request)
    locale = locale_of(request, auth)
    code = kode.strip()
    receipt = verify_receipt(svc.receipts, code) if code else None
    response = render(
        request,
        "requests/verify.html",
        auth,
        code=code,
        checked=bool(code),
        receipt=receipt,
        **labels(request, locale),
    )
    # The code is in the URL: keep it from other sites and search engines.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response
