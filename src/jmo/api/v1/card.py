"""Kartu Digital for phone clients, and the public verification of a scanned card."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from jmo.api.deps import AuthDep, CallsDep, ServicesDep, client_of
from jmo.api.errors import api_locale
from jmo.api.paths import V1, operation_id
from jmo.api.schemas_services import CardOut, VerificationOut
from jmo.edge_files import file_download
from jmo.usecases.card.card import card_file, open_card, reissue_card, verify_card

router = APIRouter(prefix=f"{V1}/card", tags=["card"], generate_unique_id_function=operation_id)
verify_router = APIRouter(prefix=V1, tags=["card"], generate_unique_id_function=operation_id)


@router.get("", response_model=CardOut)
async def card(request: Request, calls: CallsDep) -> CardOut:
    """The participant's card (issued on first use; renewed when expired or changed)."""
    svc = calls.services
    view = await calls.run(
        open_card, tokens=svc.card_tokens, policy=svc.policy, now=svc.clock.now()
    )
    return CardOut.from_view(view, api_locale(request))


@router.post("/reissue", response_model=CardOut)
async def reissue(request: Request, auth: AuthDep, svc: ServicesDep) -> CardOut:
    """Revoke the current card (its QR code then verifies as revoked) and issue a new one."""
    view = await run_in_threadpool(
        reissue_card,
        svc.uow(),
        auth.actor,
        tokens=svc.card_tokens,
        policy=svc.policy,
        now=svc.clock.now(),
    )
    return CardOut.from_view(view, api_locale(request))


async def _file(request: Request, auth: AuthDep, svc: ServicesDep, kind: str) -> Response:
    data = await run_in_threadpool(
        card_file,
        svc.uow(),
        auth.actor,
        kind="png" if kind == "png" else "pdf",
        locale=api_locale(request),
        tokens=svc.card_tokens,
        renderer=svc.card_renderer,
        policy=svc.policy,
        now=svc.clock.now(),
    )
    return file_download(
        data,
        content_type="image/png" if kind == "png" else "application/pdf",
        filename=f"kartu-peserta.{kind}",
    )


@router.get("/card.png", response_class=Response)
async def card_png(request: Request, auth: AuthDep, svc: ServicesDep) -> Response:
    """The card as a PNG image (1012x638, ID-1 card at 300 dpi)."""
    return await _file(request, auth, svc, "png")


@router.get("/card.pdf", response_class=Response)
async def card_pdf(request: Request, auth: AuthDep, svc: ServicesDep) -> Response:
    """The card as a one-page PDF the size of an ID-1 card."""
    return await _file(request, auth, svc, "pdf")


@verify_router.get("/verify/{token}", response_model=VerificationOut)
async def verify(token: str, request: Request, svc: ServicesDep) -> VerificationOut:
    """Public: valid, revoked, expired or invalid, with a masked name and KPJ and the
    programs for a valid card. No login; no personal data beyond that. 429
    ``card.verify_too_many`` past the per-address limit."""
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
    return VerificationOut.from_result(result, api_locale(request))
