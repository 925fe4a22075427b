"""The participant's heirs over the API (the same use cases as /akun/ahli-waris), and the
death claim's pre-fill for a person a participant named as heir."""

from __future__ import annotations

import uuid
from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from jmo.api.deps import AuthDep, ServicesDep, StaffRoute
from jmo.api.input_fields import field
from jmo.api.paths import V1, operation_id
from jmo.api.schemas import StrictIn
from jmo.api.v1.claims import parse_claim_id
from jmo.domain.claims.model import HeirRelationship
from jmo.domain.heirs import GROUP_LETTERS, Heir
from jmo.domain.identifiers import syntax
from jmo.domain.identifiers.nik import mask_nik
from jmo.usecases.accounts.heirs import (
    add_heir,
    heir_claim_prefill,
    heirs_for_death_claim,
    my_heirs,
    remove_heir,
)

router = APIRouter(prefix=f"{V1}/me", tags=["account"], generate_unique_id_function=operation_id)
staff_router = APIRouter(
    prefix=f"{V1}/staff",
    tags=["staff"],
    route_class=StaffRoute,
    generate_unique_id_function=operation_id,
)


class HeirIn(StrictIn):
    relationship: HeirRelationship
    full_name: str = field(syntax.NAME)
    nik: str = field(syntax.NIK, description="16 digits; spaces and dots allowed")


class HeirOut(BaseModel):
    id: uuid.UUID
    relationship: HeirRelationship
    group: str = Field(description="The rule's group: a (spouse, children) ... e (will)")
    full_name: str
    nik_masked: str
    created_at: datetime


class HeirClaimPrefillOut(BaseModel):
    """A participant who named you as heir: the death claim's form starts with these (the
    deceased's NIK is typed from the KTP or KK)."""

    deceased_kpj: str
    deceased_name: str
    heir_relationship: HeirRelationship


def _out(heir: Heir) -> HeirOut:
    return HeirOut(
        id=heir.id,
        relationship=heir.relationship,
        group=GROUP_LETTERS[heir.group],
        full_name=heir.full_name,
        nik_masked=mask_nik(heir.nik),
        created_at=heir.created_at,
    )


@router.get("/heirs", response_model=list[HeirOut])
async def heirs(auth: AuthDep, svc: ServicesDep) -> list[HeirOut]:
    """Your heirs in the rule's order (docs/domain-rules.md §6), NIK masked."""
    found = await run_in_threadpool(my_heirs, svc.uow(), auth.actor)
    return [_out(h) for h in found]


@router.post("/heirs", response_model=HeirOut, status_code=201)
async def add(body: HeirIn, auth: AuthDep, svc: ServicesDep) -> HeirOut:
    heir = await run_in_threadpool(
        add_heir,
        svc.uow(),
        auth.actor,
        {"relationship": body.relationship.value, "full_name": body.full_name, "nik": body.nik},
        regions=svc.regions,
        notices=svc.notices,
        now=svc.clock.now(),
    )
    return _out(heir)


@router.delete("/heirs/{heir_id}", status_code=204)
async def remove(heir_id: uuid.UUID, auth: AuthDep, svc: ServicesDep) -> None:
    await run_in_threadpool(
        remove_heir, svc.uow(), auth.actor, heir_id, notices=svc.notices, now=svc.clock.now()
    )


@router.get("/heir-claims", response_model=list[HeirClaimPrefillOut])
async def heir_claims(auth: AuthDep, svc: ServicesDep) -> list[HeirClaimPrefillOut]:
    """The participants who named you (by your NIK) as heir, for a death claim's form."""
    found = await run_in_threadpool(heir_claim_prefill, svc.uow(), auth.actor)
    return [
        HeirClaimPrefillOut(
            deceased_kpj=f.deceased_kpj,
            deceased_name=f.deceased_name,
            heir_relationship=f.heir_relationship,
        )
        for f in found
    ]


class StaffHeirOut(BaseModel):
    relationship: HeirRelationship
    group: str
    full_name: str
    nik_masked: str


class StaffClaimHeirsOut(BaseModel):
    """The heirs the deceased recorded (in the rule's order) and how they named the
    claimant, if they did; the heir certificate still decides."""

    recorded: list[StaffHeirOut]
    claimant_recorded_as: HeirRelationship | None


@staff_router.get("/claims/{claim_id}/heirs", response_model=StaffClaimHeirsOut)
async def death_claim_heirs(claim_id: str, auth: AuthDep, svc: ServicesDep) -> StaffClaimHeirsOut:
    """For a claim filed by an heir (409 ``claim.not_by_heir`` otherwise); recorded in the
    access log of the deceased and of the claimant."""
    found = await run_in_threadpool(
        heirs_for_death_claim,
        svc.uow(),
        auth.actor,
        parse_claim_id(claim_id),
        now=svc.clock.now(),
    )
    return StaffClaimHeirsOut(
        recorded=[
            StaffHeirOut(
                relationship=h.relationship,
                group=GROUP_LETTERS[h.group],
                full_name=h.full_name,
                nik_masked=mask_nik(h.nik),
            )
            for h in found.recorded
        ],
        claimant_recorded_as=found.claimant_recorded_as,
    )
