"""Cek Saldo JHT for phone clients: the same use cases as the pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from jmo.api.deps import AuthDep, CallsDep, ServicesDep
from jmo.api.errors import api_locale
from jmo.api.input_fields import constraints
from jmo.api.paths import V1, operation_id
from jmo.api.schemas import ChangeRequestOut
from jmo.api.schemas_jht import BalanceOut, SimulationOut, StatementOut
from jmo.domain.errors import ValidationFailed
from jmo.domain.jht.simulation import SIMULATION_INPUTS as INPUTS
from jmo.edge_files import file_download
from jmo.usecases.jht.balance import get_jht_balance, get_statement, simulate_jht
from jmo.usecases.jht.merge import request_kpj_merge

router = APIRouter(prefix=f"{V1}/jht", tags=["jht"], generate_unique_id_function=operation_id)

Kpj = Annotated[str, Query(max_length=20)]
Year = Annotated[int, Query(ge=1900, le=2200)]


@router.get("/balance", response_model=BalanceOut)
async def balance(calls: CallsDep) -> BalanceOut:
    """Every KPJ under the participant's NIK: balance per employer period, split into
    contributions and yield, the monthly series for a chart, and the yield of each year
    with its label (declared by BPJS or assumed)."""
    svc = calls.services
    view = await calls.run(get_jht_balance, benefits=svc.benefits, now=svc.clock.now())
    return BalanceOut.of(view)


@router.get("/statement", response_model=StatementOut)
async def statement(kpj: Kpj, year: Year, auth: AuthDep, svc: ServicesDep) -> StatementOut:
    """The statement of a year (404 for a KPJ that is not the participant's)."""
    doc = await run_in_threadpool(
        get_statement,
        svc.uow(),
        auth.actor,
        kpj=kpj,
        year=year,
        benefits=svc.benefits,
        now=svc.clock.now(),
    )
    return StatementOut.of(doc.kpj, doc.statement, doc.yield_rate)


@router.get("/statement.pdf", response_class=Response)
async def statement_pdf(
    request: Request, kpj: Kpj, year: Year, auth: AuthDep, svc: ServicesDep
) -> Response:
    """The same statement as a PDF, in the Accept-Language language."""
    doc = await run_in_threadpool(
        get_statement,
        svc.uow(),
        auth.actor,
        kpj=kpj,
        year=year,
        benefits=svc.benefits,
        now=svc.clock.now(),
        seal=(svc.card_tokens, svc.policy),  # the signed QR, as the page's PDF has
    )
    pdf = await run_in_threadpool(svc.benefits.statements.render, doc, api_locale(request))
    return file_download(
        pdf, content_type="application/pdf", filename=f"saldo-jht-{doc.kpj}-{year}.pdf"
    )


@router.get("/simulation", response_model=SimulationOut)
async def simulation(
    auth: AuthDep,
    svc: ServicesDep,
    monthly_wage: Annotated[str, Query(**constraints(INPUTS["monthly_wage"]))] = "",
    wage_growth: Annotated[
        str, Query(**constraints(INPUTS["wage_growth"]), description="percent, e.g. 4.5")
    ] = "",
    yield_rate: Annotated[
        str, Query(**constraints(INPUTS["yield_rate"]), description="percent, e.g. 5.63")
    ] = "",
    retirement_age: Annotated[str, Query(**constraints(INPUTS["retirement_age"]))] = "",
) -> SimulationOut:
    """Simulasi JHT. Empty parameters take the defaults (today's wage, the JP wage cap's
    average growth, the latest yield in the table, age 56); they are returned too."""
    raw = {
        "monthly_wage": monthly_wage,
        "wage_growth": wage_growth,
        "yield_rate": yield_rate,
        "retirement_age": retirement_age,
    }
    view = await run_in_threadpool(
        simulate_jht, svc.uow(), auth.actor, raw, benefits=svc.benefits, now=svc.clock.now()
    )
    if view.errors:
        raise ValidationFailed(view.errors)
    return SimulationOut.of(view)


@router.post("/merge-requests", response_model=ChangeRequestOut, status_code=201)
async def merge_request(auth: AuthDep, svc: ServicesDep) -> ChangeRequestOut:
    """Ask to merge the other KPJ under the participant's NIK into this login's KPJ."""
    request = await run_in_threadpool(
        request_kpj_merge, svc.uow(), auth.actor, notices=svc.notices, now=svc.clock.now()
    )
    return ChangeRequestOut.from_domain(request)
