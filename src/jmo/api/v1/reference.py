"""Reference data for forms: banks, the choice lists, and the region cascade."""

from __future__ import annotations

from fastapi import APIRouter, Request

from jmo.api.deps import ServicesDep
from jmo.api.errors import api_locale
from jmo.api.paths import V1, operation_id
from jmo.api.schemas import OptionOut
from jmo.domain.errors import NotFound
from jmo.domain.identifiers.bank import BANKS
from jmo.domain.reference import LISTS
from jmo.i18n import translate

router = APIRouter(
    prefix=f"{V1}/reference", tags=["reference"], generate_unique_id_function=operation_id
)


@router.get("/banks", response_model=list[OptionOut])
async def banks() -> list[OptionOut]:
    return [OptionOut(value=b.code, label=b.short_name) for b in BANKS]


@router.get("/choices/{name}", response_model=list[OptionOut])
async def choices(name: str, request: Request) -> list[OptionOut]:
    """genders, religions, marital_statuses, educations, blood_types,
    family_relationships, emergency_relationships, citizenships."""
    options = LISTS.get(name)
    if options is None:
        raise NotFound("reference")
    locale = api_locale(request)
    return [OptionOut(value=c.code, label=translate(locale, c.label)) for c in options]


@router.get("/regions", response_model=list[OptionOut])
async def regions(svc: ServicesDep, parent: str = "") -> list[OptionOut]:
    """Provinces without ``parent``; otherwise the current children of that code."""
    directory = svc.regions
    if not parent:
        return [OptionOut(value=r.code, label=r.name) for r in directory.provinces()]
    if not directory.is_current(parent):
        raise NotFound("region")
    return [OptionOut(value=r.code, label=r.name) for r in directory.children(parent)]
