"""One entry point for every claim: eligibility, the benefit, its tax, the route and the
documents, from the member's facts and what the claimant entered."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from jmo.domain.claims import jht, jkk, jkm, jp
from jmo.domain.claims.documents import DocumentType, required_documents
from jmo.domain.claims.facts import ClaimInput, MemberFacts
from jmo.domain.claims.model import (
    AmountLine,
    Benefit,
    ClaimProgram,
    ClaimReason,
    PaymentMode,
    Problem,
    Route,
)
from jmo.domain.tax.benefit_tax import NpwpStatus, lump_sum_tax


@dataclass(frozen=True)
class Assessment:
    reason: ClaimReason
    problems: tuple[Problem, ...]
    benefit: Benefit
    route: Route
    route_reason: str | None
    documents: tuple[DocumentType, ...]
    route_params: dict[str, Any] = field(default_factory=dict)

    @property
    def eligible(self) -> bool:
        return not self.problems


def _benefit(
    lines: list[AmountLine],
    *,
    mode: PaymentMode,
    taxed: bool,
    npwp: NpwpStatus,
    on: date,
    notes: list[str],
) -> Benefit:
    gross = sum(line.amount for line in lines)
    if taxed:
        tax = lump_sum_tax(gross, npwp, on=on).tax
        with_npwp = lump_sum_tax(gross, NpwpStatus.LEGACY15, on=on).tax
        without = lump_sum_tax(gross, NpwpStatus.NONE, on=on).tax
    else:
        tax = with_npwp = without = 0
    return Benefit(
        payment_mode=mode,
        lines=tuple(lines),
        gross=gross,
        tax=tax,
        tax_without_npwp=without,
        tax_with_npwp=with_npwp,
        npwp_status=npwp.value,
        notes=tuple(notes),
    )


def assess(
    inp: ClaimInput,
    facts: MemberFacts,
    *,
    npwp: NpwpStatus,
    self_service_limit: int,
) -> Assessment:
    reason = inp.reason
    program = reason.program
    problems: list[Problem] = []
    lines: list[AmountLine] = []
    notes: list[str] = []
    mode = PaymentMode.LUMP_SUM
    taxed = False
    route, route_reason, route_params = Route.APP, None, {}
    today = facts.today

    if reason.filed_by_heir and inp.event_date is not None and inp.event_date < facts.birth_date:
        problems.append(Problem("claim.date_before_birth"))

    if program is ClaimProgram.JHT:
        found, gross = jht.check(inp, facts)
        problems += found
        if reason.is_partial:
            lines.append(
                AmountLine(
                    "jht.partial",
                    max(0, gross),
                    {
                        "percent": jht.PARTIAL_MAX_PERCENT[reason],
                        "balance": facts.jht_payable,
                        "max": jht.partial_maximum(reason, facts.jht_payable),
                    },
                )
            )
        elif 0 < facts.jht_pro_rata_yield < gross == facts.jht_payable:
            # the gross next to Cek Saldo: the posted balance it shows, and this year's
            # yield pro rata that is paid with the claim but not posted yet
            lines.append(AmountLine("jht.posted_balance", gross - facts.jht_pro_rata_yield))
            lines.append(
                AmountLine(
                    "jht.yield_this_year", facts.jht_pro_rata_yield, {"year": facts.today.year}
                )
            )
        else:
            lines.append(AmountLine("jht.balance", max(0, gross)))
        taxed = True
        # JMO's self-service limit on the JHT balance (Rp15M since May 2025; domain-rules
        # §3, M; configurable): above it, Lapak Asik with a video interview or a branch.
        if gross > self_service_limit:
            route, route_reason = Route.BRANCH, "claim.route.above_limit"
            route_params = {"limit": self_service_limit}

    elif program is ClaimProgram.JKM:
        death = inp.event_date or today
        schedule = jkm.schedule_for(death)
        if schedule is None:
            route, route_reason = Route.BRANCH, "claim.route.earlier_rules"
            notes.append("claim.amount_by_officer")
        else:
            lines += jkm.benefit_lines(schedule)
            notes.append(jkm.scholarship_note(schedule, facts))
            if facts.employed_on(death) is None:
                # JKM covers active participants; whether cover continued after the last
                # employment (e.g. a grace period after PHK) is for an officer to check.
                route, route_reason = Route.BRANCH, "claim.route.coverage_check"
        notes.append("claim.tax.not_taxable")

    elif program is ClaimProgram.JKK:
        accident = inp.event_date or today
        schedule_k = jkk.schedule_for(accident)
        employment = facts.employed_on(accident)
        if employment is None:
            problems.append(Problem("claim.jkk.no_employment_on_date", {"date": accident}))
        if schedule_k is None:
            route, route_reason = Route.BRANCH, "claim.route.earlier_rules"
            notes.append("claim.amount_by_officer")
        elif employment is not None:
            found_k, lines_k = jkk.benefit_lines(inp, employment.monthly_wage, schedule_k)
            problems += found_k
            lines += lines_k
        notes.append("claim.jkk.medical_direct")
        notes.append("claim.tax.not_taxable")

    elif program is ClaimProgram.JP:
        found_p, mode, lines_p = jp.check(facts)
        problems += found_p
        lines += lines_p
        if mode is PaymentMode.LUMP_SUM:
            taxed = True
        else:
            notes.append("claim.jp.monthly_estimate")
            notes.append("claim.tax.monthly_pension")

    benefit = _benefit(lines, mode=mode, taxed=taxed, npwp=npwp, on=today, notes=notes)
    return Assessment(
        reason=reason,
        problems=tuple(problems),
        benefit=benefit,
        route=route,
        route_reason=route_reason,
        route_params=route_params,
        documents=required_documents(reason),
    )
