"""Kartu Digital (behind login and current data) and the public verification page a
scanned QR code opens."""

from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from jmo.domain.card import PROGRAM_LABELS
from jmo.domain.errors import PermissionDenied, TooManyAttempts
from jmo.edge_files import file_download
from jmo.i18n import translate
from jmo.usecases.card.card import card_file, open_card, reissue_card, verify_card
from jmo.usecases.jht.seal import VERIFY_DOCUMENT_PATH, verify_document
from jmo.usecases.services import Policy
from jmo.web.deps import (
    PageCalls,
    client_of,
    locale_of,
    optional_login,
    read_form,
    render,
    require_login,
    services,
)
from jmo.web.errors import message

router = APIRouter()


def public_links(request: Request) -> Policy:
    """The policy the card's QR and link are made with. In development they point at the
    server the browser reached (another port, a LAN address for a phone), not at
    ``JMO_PUBLIC_URL`` (issue 9 item 9); elsewhere the configured public address only,
    never a Host header someone sent."""
    policy = services(request).policy
    if getattr(request.app.state, "environment", "") != "development":
        return policy
    return replace(policy, public_url=str(request.base_url).rstrip("/"))


def _locked(exc: PermissionDenied) -> Response:
    if exc.code == "service.locked":  # step 4: the data update comes first
        return RedirectResponse("/beranda?prompt=pengkinian", status_code=303)
    raise exc


@router.get("/kartu-digital")
async def card_page(request: Request, reissued: int = 0) -> Response:
    calls = PageCalls(request)
    svc = calls.services
    try:
        view = await calls.run(
            open_card, tokens=svc.card_tokens, policy=public_links(request), now=svc.clock.now()
        )
    except PermissionDenied as exc:
        return _locked(exc)
    auth = calls.authenticated
    locale = locale_of(request, auth)
    programs = [(p.value, translate(locale, PROGRAM_LABELS[p])) for p in view.card.programs]
    return render(
        request, "card/card.html", auth, view=view, programs=programs, reissued=bool(reissued)
    )


@router.post("/kartu-digital/terbitkan-ulang")
async def reissue(request: Request) -> Response:
    auth = await require_login(request)
    await read_form(request, auth)
    svc = services(request)
    try:
        await run_in_threadpool(
            reissue_card,
            svc.uow(),
            auth.actor,
            tokens=svc.card_tokens,
            policy=svc.policy,
            now=svc.clock.now(),
        )
    except PermissionDenied as exc:
        return _locked(exc)
    return RedirectResponse("/kartu-digital?reissued=1", status_code=303)


async def _file(request: Request, kind: str) -> Response:
    auth = await require_login(request)
    svc = services(request)
    try:
        data = await run_in_threadpool(
            card_file,
            svc.uow(),
            auth.actor,
            kind="png" if kind == "png" else "pdf",
            locale=locale_of(request, auth),
            tokens=svc.card_tokens,
            renderer=svc.card_renderer,
            policy=public_links(request),
            now=svc.clock.now(),
        )
    except PermissionDenied as exc:
        return _locked(exc)
    return file_download(
        data,
        content_type="image/png" if kind == "png" else "application/pdf",
        filename=f"kartu-peserta.{kind}",
    )


@router.get("/kartu-digital/kartu.png")
async def card_png(request: Request) -> Response:
    return await _file(request, "png")


@router.get("/kartu-digital/kartu.pdf")
async def card_pdf(request: Request) -> Response:
    return await _file(request, "pdf")


@router.get("/verify/{token}")
async def verify_page(request: Request, token: str) -> Response:
    """Public: what a hospital or an employer sees after scanning the card."""
    auth = await optional_login(request)
    svc = services(request)
    locale = locale_of(request, auth)
    try:
        result = await run_in_threadpool(
            verify_card,
            svc.uow(),
            svc.card_tokens,
            token[:400],
            now=svc.clock.now(),
            limiter=svc.limiter,
            client_ip=client_of(request).ip,
            policy=svc.policy,
        )
    except TooManyAttempts as exc:
        response = render(
            request, "card/verify.html", auth, status_code=429, limited=message(exc, locale)
        )
        response.headers["Retry-After"] = str(60 * int(exc.params.get("minutes", 1)))
    else:
        programs = [(p.value, translate(locale, PROGRAM_LABELS[p])) for p in result.programs]
        response = render(request, "card/verify.html", auth, result=result, programs=programs)
    # The token is in the URL: do not pass it on to other sites or into search engines.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@router.get(VERIFY_DOCUMENT_PATH + "/{token}")
async def verify_document_page(request: Request, token: str) -> Response:
    """Public: what a bank or an employer sees after scanning a printed statement's QR."""
    auth = await optional_login(request)
    svc = services(request)
    locale = locale_of(request, auth)
    try:
        result = await run_in_threadpool(
            verify_document,
            svc.uow(),
            svc.card_tokens,
            token[:400],
            now=svc.clock.now(),
            limiter=svc.limiter,
            client_ip=client_of(request).ip,
            policy=svc.policy,
        )
    except TooManyAttempts as exc:
        response = render(
            request,
            "card/verify_document.html",
            auth,
            status_code=429,
            limited=message(exc, locale),
        )
        response.headers["Retry-After"] = str(60 * int(exc.params.get("minutes", 1)))
    else:
        response = render(request, "card/verify_document.html", auth, result=result)
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response
