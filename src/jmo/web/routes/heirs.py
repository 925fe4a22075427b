"""The heirs page (/akun/ahli-waris): the participant records heirs in the rule's order
(docs/domain-rules.md §6); the same use cases as /api/v1/me/heirs."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from jmo.domain.claims.model import HeirRelationship
from jmo.domain.errors import DomainError, NotFound, ValidationFailed
from jmo.domain.heirs import FIELDS, GROUP_LETTERS, ORDER
from jmo.domain.identifiers.nik import mask_nik
from jmo.edge import status_for
from jmo.i18n import benefits as texts
from jmo.usecases.accounts.heirs import add_heir, my_heirs, remove_heir
from jmo.usecases.accounts.sessions import Authenticated
from jmo.web.deps import AuthDep, CallsDep, ServicesDep, locale_of, read_form, render, services
from jmo.web.errors import field_messages, message

router = APIRouter()
PAGE = "/akun/ahli-waris"


def relationship_options(locale: str) -> list[tuple[str, str]]:
    """In the rule's order, each with its group letter (a: spouse or children, ...)."""
    return [
        (r.value, f"{GROUP_LETTERS[ORDER[r]]}. {texts.label(texts.HEIRS, r.value, locale)}")
        for r in sorted(HeirRelationship, key=lambda r: ORDER[r])
    ]


async def _page(
    request: Request, auth: Authenticated, status_code: int = 200, **context: Any
) -> Response:
    svc = services(request)
    heirs = await run_in_threadpool(my_heirs, svc.uow(), auth.actor)
    locale = locale_of(request, auth)
    context.setdefault("values", {})
    context.setdefault("errors", {})
    return render(
        request,
        "account/heirs.html",
        auth,
        status_code=status_code,
        heirs=heirs,
        relationships=relationship_options(locale),
        relationship_label=lambda code: texts.label(texts.HEIRS, code, locale),
        letters=GROUP_LETTERS,
        mask_nik=mask_nik,
        **context,
    )


@router.get(PAGE)
async def heirs_page(request: Request, auth: AuthDep) -> Response:
    return await _page(request, auth, added=request.query_params.get("ok") == "1")


@router.post(PAGE)
async def heirs_add(request: Request, auth: AuthDep, calls: CallsDep, svc: ServicesDep) -> Response:
    form = await read_form(request, auth)
    locale = locale_of(request, auth)
    values = {name: form.get(name, "") for name in FIELDS}
    try:
        await calls.run(
            add_heir, values, regions=svc.regions, notices=svc.notices, now=svc.clock.now()
        )
    except ValidationFailed as exc:
        return await _page(request, auth, 422, values=values, errors=field_messages(exc, locale))
    except DomainError as exc:
        return await _page(
            request, auth, status_for(exc), values=values, alert=message(exc, locale)
        )
    return RedirectResponse(f"{PAGE}?ok=1", status_code=303)


@router.post(PAGE + "/{heir_id}/hapus")
async def heirs_remove(
    request: Request, auth: AuthDep, calls: CallsDep, svc: ServicesDep, heir_id: str
) -> Response:
    await read_form(request, auth)
    try:
        parsed = uuid.UUID(heir_id)
    except ValueError:
        raise NotFound("heir") from None  # the same answer as another participant's heir
    await calls.run(remove_heir, parsed, notices=svc.notices, now=svc.clock.now())
    return RedirectResponse(PAGE, status_code=303)
