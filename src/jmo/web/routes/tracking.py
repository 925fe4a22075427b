"""Riwayat & Lacak (/riwayat): every request with its id and timeline, filters by kind,
status and period, the PDF receipt of each; the participant's own change history
(/riwayat/perubahan-data); and the public receipt check, Verifikasi Bukti (/verify)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from jmo.domain.errors import ValidationFailed
from jmo.domain.requests.ids import RequestKind
from jmo.domain.requests.receipt import RECEIPT_FILE_MAX_BYTES, Receipt
from jmo.domain.requests.timeline import Progress, RequestFilter
from jmo.edge_body_limit import UploadKind, accepts_upload
from jmo.edge_files import file_download
from jmo.i18n import SUPPORTED_LOCALES, translate
from jmo.i18n.fields import FIELDS, display_maybe_masked
from jmo.i18n.requests import CHANNELS, EVENTS, KINDS, PROGRESS
from jmo.usecases.accounts.sessions import Authenticated
from jmo.usecases.participants.history import my_change_history
from jmo.usecases.requests.sources import SOURCES
from jmo.usecases.requests.tracking import (
    my_receipt,
    my_request,
    my_requests,
    parse_filter,
    verify_receipt,
    verify_receipt_file,
)
from jmo.web.deps import (
    PRE_CSRF_COOKIE,
    CallsDep,
    OptionalAuthDep,
    ServicesDep,
    check_csrf,
    locale_of,
    new_pre_csrf,
    render,
    services,
)
from jmo.web.errors import field_messages
from jmo.web.routes.card import public_links

router = APIRouter()

# The page of the item itself, where a kind has one (documents, the thread, amounts).
ITEM_PAGES: dict[RequestKind, str] = {
    RequestKind.IDENTITY_CORRECTION: "/permintaan/{id}",
    RequestKind.CLAIM: "/klaim/lacak/{id}",
    RequestKind.COMPLAINT: "/pengaduan/{id}",
}
# The filter offers the kinds a source reads (an appointment kind appears once its source
# is registered in usecases.requests.sources).
SHOWN_KINDS = tuple(k for k in RequestKind if any(k in s.kinds for s in SOURCES))


def labels(request: Request, locale: str) -> dict[str, Any]:
    regions = services(request).regions

    def shown(field: str, value: str) -> str:
        return display_maybe_masked(field, value, regions, locale)

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
    base = public_links(request).public_url.rstrip("/") + "/verify"
    return f"{base}?{urlencode({'kode': code})}" if code else base


@router.get("/riwayat")
async def history_page(
    request: Request,
    calls: CallsDep,
    jenis: str = "",
    status: str = "",
    dari: str = "",
    sampai: str = "",
) -> Response:
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
async def change_history_page(request: Request, calls: CallsDep) -> Response:
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
async def track_page(request: Request, calls: CallsDep, request_no: str) -> Response:
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
async def receipt_pdf(request: Request, calls: CallsDep, request_no: str) -> Response:
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


def _verify_render(
    request: Request,
    auth: Authenticated | None,
    *,
    code: str = "",
    checked: bool,
    receipt: Receipt | None,
    status_code: int = 200,
) -> Response:
    csrf = (
        auth.session.csrf_token if auth else request.cookies.get(PRE_CSRF_COOKIE) or new_pre_csrf()
    )
    response = render(
        request,
        "requests/verify.html",
        auth,
        status_code=status_code,
        code=code,
        checked=checked,
        receipt=receipt,
        csrf_token=csrf,
        max_kb=MAX_RECEIPT_FILE // 1024,
        **labels(request, locale_of(request, auth)),
    )
    if auth is None:
        response.set_cookie(
            PRE_CSRF_COOKIE,
            csrf,
            httponly=True,
            samesite="strict",
            secure=request.app.state.cookie_secure,
        )
    # A code may be in the URL: keep it from other sites and search engines.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@router.get("/verify")
async def verify_page(
    request: Request, auth: OptionalAuthDep, svc: ServicesDep, kode: str = ""
) -> Response:
    """Public: Verifikasi Bukti. The code printed on a receipt (or its QR) is checked
    against the fund's key; the receipt it holds is shown, or "tidak sah"."""
    code = kode.strip()
    receipt = verify_receipt(svc.receipts, code) if code else None
    return _verify_render(request, auth, code=code, checked=bool(code), receipt=receipt)


MAX_RECEIPT_FILE = RECEIPT_FILE_MAX_BYTES


@router.post("/verify")
@accepts_upload(UploadKind.RECEIPT)
async def verify_file(request: Request, auth: OptionalAuthDep, svc: ServicesDep) -> Response:
    """Public: the receipt PDF itself, checked byte for byte (a changed byte anywhere in
    the file: "tidak sah")."""
    form = await request.form(max_files=1, max_fields=2, max_part_size=MAX_RECEIPT_FILE + 1)
    expected = auth.session.csrf_token if auth else request.cookies.get(PRE_CSRF_COOKIE, "")
    check_csrf(str(form.get("csrf_token") or ""), expected)
    upload = form.get("berkas")
    data = await upload.read(MAX_RECEIPT_FILE + 1) if isinstance(upload, UploadFile) else b""
    if not data or len(data) > MAX_RECEIPT_FILE:
        return _verify_render(request, auth, checked=True, receipt=None, status_code=422)
    links = {verify_url(request), svc.policy.public_url.rstrip("/") + "/verify"}
    receipt = await run_in_threadpool(
        verify_receipt_file,
        svc.receipts,
        svc.receipt_renderer,
        data,
        verify_urls=lambda code: [f"{base}?{urlencode({'kode': code})}" for base in sorted(links)],
        locales=SUPPORTED_LOCALES,
    )
    return _verify_render(request, auth, checked=True, receipt=receipt)
