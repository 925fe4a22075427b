"""Cek Saldo JHT as pages: the balance with its chart, the PDF statement of a year,
Simulasi JHT and the request to merge KPJ numbers."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from jmo.domain.errors import DomainError, ValidationFailed
from jmo.domain.jht.balance import SeriesPoint
from jmo.domain.jht.simulation import ProjectionPoint, Simulation
from jmo.edge_files import file_download
from jmo.i18n import N_, error_message, translate
from jmo.usecases.jht.balance import BalanceView, get_jht_balance, get_statement, simulate_jht
from jmo.usecases.jht.merge import request_kpj_merge
from jmo.web.charts import StackPoint, stacked_area
from jmo.web.deps import (
    AuthDep,
    CallsDep,
    ServicesDep,
    locale_of,
    read_form,
    render,
)
from jmo.web.routes.card import public_links

router = APIRouter(prefix="/saldo-jht")


def combined_series(view: BalanceView) -> list[StackPoint]:
    """The person's JHT over time, all KPJ together."""
    if len(view.records) == 1:  # most people: the one series as it is
        return [StackPoint._make(p) for p in view.records[0].series]  # the same three fields
    totals: dict[date, tuple[int, int]] = {}
    for record in view.records:
        last: SeriesPoint | None = None
        months = {p.period: p for p in record.series}
        if not record.series:
            continue
        start = min(months)
        for period in sorted(set(months) | {p for p in totals if p >= start}):
            point = months.get(period, last)
            if point is None:
                continue
            last = point
            c, y = totals.get(period, (0, 0))
            totals[period] = (c + point.contributions, y + point.yields)
    return [StackPoint(period, c, y) for period, (c, y) in sorted(totals.items())]


def balance_chart(view: BalanceView, locale: str) -> object:
    points = combined_series(view)
    if not points:
        return ""
    last = points[-1]
    return stacked_area(
        points,
        title=translate(locale, N_("Perkembangan saldo JHT")),
        description=translate(
            locale,
            N_(
                "Saldo dari {start} sampai {end}: iuran {contributions}, hasil pengembangan {yields}."
            ),
            start=points[0].at.year,
            end=last.at.year,
            contributions=f"Rp{last.contributions:,}".replace(",", "."),
            yields=f"Rp{last.yields:,}".replace(",", "."),
        ),
        legend_contributions=translate(locale, N_("Iuran")),
        legend_yields=translate(locale, N_("Hasil pengembangan")),
        chart_id="saldo-chart",
    )


@router.get("")
async def balance_page(request: Request, calls: CallsDep, gabung: str = "") -> Response:
    svc = calls.services
    view = await calls.run(get_jht_balance, benefits=svc.benefits, now=svc.clock.now())
    auth = calls.authenticated
    locale = locale_of(request, auth)
    years = sorted({y for r in view.records for y in r.years}, reverse=True)
    return render(
        request,
        "jht/balance.html",
        auth,
        view=view,
        chart=balance_chart(view, locale),
        years=years or [svc.clock.now().year],
        merged=bool(gabung),
    )


@router.get("/laporan")
async def statement(
    request: Request,
    auth: AuthDep,
    calls: CallsDep,
    svc: ServicesDep,
    kpj: str = "",
    tahun: int = 0,
) -> Response:
    """The statement of a year as a PDF download."""
    locale = locale_of(request, auth)
    try:
        document = await calls.run(
            get_statement,
            kpj=kpj,
            year=tahun,
            benefits=svc.benefits,
            now=svc.clock.now(),
            seal=(svc.card_tokens, public_links(request)),
        )
    except ValidationFailed as exc:
        first = exc.errors[0]
        text = error_message(locale, first.code, first.params)
        return render(request, "error.html", auth, status_code=422, error_message=text)
    pdf = await run_in_threadpool(svc.benefits.statements.render, document, locale)
    return file_download(
        pdf, content_type="application/pdf", filename=f"saldo-jht-{document.kpj}-{tahun}.pdf"
    )


@router.post("/gabung")
async def merge(request: Request, auth: AuthDep, calls: CallsDep, svc: ServicesDep) -> Response:
    await read_form(request, auth)
    try:
        await calls.run(request_kpj_merge, notices=svc.notices, now=svc.clock.now())
    except DomainError as exc:
        if exc.code not in ("jht.merge_already_requested", "jht.merge_single_kpj"):
            raise
    return RedirectResponse("/saldo-jht?gabung=1", status_code=303)


def simulation_chart(simulation: Simulation, locale: str) -> object:
    points: list[ProjectionPoint] = [simulation.start, *simulation.points]
    return stacked_area(
        [StackPoint(date(p.year, 12, 1), p.contributions, p.yields) for p in points],
        title=translate(locale, N_("Simulasi saldo JHT sampai usia pensiun")),
        description=translate(
            locale,
            N_("Perkiraan saldo pada usia pensiun: {amount}."),
            amount=f"Rp{simulation.final.balance:,}".replace(",", "."),
        ),
        legend_contributions=translate(locale, N_("Iuran")),
        legend_yields=translate(locale, N_("Hasil pengembangan")),
        chart_id="simulasi-chart",
    )


@router.get("/simulasi")
async def simulation_page(
    request: Request, auth: AuthDep, calls: CallsDep, svc: ServicesDep
) -> Response:
    locale = locale_of(request, auth)
    raw = {k: v for k, v in request.query_params.items() if isinstance(v, str)}
    view = await calls.run(simulate_jht, raw, benefits=svc.benefits, now=svc.clock.now())
    errors = {e.field: error_message(locale, e.code, e.params) for e in view.errors}
    values = {
        "monthly_wage": raw.get("monthly_wage") or str(view.simulation.assumptions.monthly_wage),
        "wage_growth": raw.get("wage_growth")
        or _percent(view.simulation.assumptions.wage_growth_bp),
        "yield_rate": raw.get("yield_rate") or _percent(view.simulation.assumptions.yield_bp),
        "retirement_age": raw.get("retirement_age")
        or str(view.simulation.assumptions.retirement_age),
    }
    return render(
        request,
        "jht/simulation.html",
        auth,
        view=view,
        values=values,
        errors=errors,
        chart=simulation_chart(view.simulation, locale) if view.simulation.points else "",
        percent=_percent,
    )


def _percent(bp: int) -> str:
    return f"{bp // 100},{bp % 100:02d}"
