"""JKK, work accident or occupational disease (PP 44/2015 jo PP 82/2019; Permenaker 5/2021
jo 1/2025; docs/domain-rules.md §3). The monthly wage is the one reported for the employment
the accident happened in.

* Wage replacement while unable to work (STMB): 100% for the first 12 months, then 50%
  until recovery (PP 82/2019; M), at a daily rate of the monthly wage / 30 (M); a month is
  30 days here, so the first 360 days are paid in full. CONFLICT: some 2019 press repeats
  the PP 44/2015 schedule (100% 6 months, 75% 6 months, then 50%); we follow PP 82/2019.
* Partial anatomical disability: table % x 80 x monthly wage; functional: % of function
  lost x table % x 80 x monthly wage (H-M). The table % comes from the doctor's statement
  (the Permenaker annex); the officer checks it against the annex.
* Total permanent disability: 70% x 80 = 56 x monthly wage, plus the Rp12M periodic
  benefit paid at once (M).
* Death from a work accident: 60% x 80 = 48 x monthly wage, plus the Rp12M periodic
  benefit and Rp10M funeral costs (M).
* Transport of the injured: land/river/lake up to Rp5M, sea up to Rp2M, air up to Rp10M
  (PP 82/2019; M).
* Medical care has no money ceiling and is paid to the treating facility (PLKK), not to
  the participant, so it is not part of this claim; the scholarship is asked for yearly.

Amounts are rounded half up to the rupiah, computed in one integer expression each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jmo.domain.claims.facts import ClaimInput, TransportMode
from jmo.domain.claims.model import AmountLine, ClaimReason, Problem


@dataclass(frozen=True)
class JkkSchedule:
    effective_from: date  # by the accident date
    full_pay_days: int  # STMB at 100%
    later_percent: int  # STMB after that
    disability_factor: int  # the "80" of "table % x 80 x wage"
    total_disability_months: int  # 70% x 80
    death_months: int  # 60% x 80
    periodic_benefit: int
    funeral: int
    transport_caps: dict[str, int]
    source: str


JKK_SCHEDULES: tuple[JkkSchedule, ...] = (
    JkkSchedule(
        effective_from=date(2019, 12, 2),
        full_pay_days=12 * 30,
        later_percent=50,
        disability_factor=80,
        total_disability_months=56,
        death_months=48,
        periodic_benefit=12_000_000,
        funeral=10_000_000,
        transport_caps={
            TransportMode.LAND: 5_000_000,
            TransportMode.SEA: 2_000_000,
            TransportMode.AIR: 10_000_000,
        },
        source="PP 82/2019",
    ),
)


def schedule_for(accident_date: date) -> JkkSchedule | None:
    found = [s for s in JKK_SCHEDULES if s.effective_from <= accident_date]
    return found[-1] if found else None


def _half_up(numerator: int, denominator: int) -> int:
    return (numerator * 2 + denominator) // (denominator * 2)


def wage_replacement(monthly_wage: int, days: int, schedule: JkkSchedule) -> int:
    """STMB: ``wage/30`` a day, 100% for the first 360 days, then 50%."""
    full = min(days, schedule.full_pay_days)
    later = max(0, days - schedule.full_pay_days)
    return _half_up(monthly_wage * (full * 100 + later * schedule.later_percent), 30 * 100)


def partial_disability(
    monthly_wage: int, table_percent: int, function_lost_percent: int, schedule: JkkSchedule
) -> int:
    return _half_up(
        monthly_wage * schedule.disability_factor * table_percent * function_lost_percent,
        100 * 100,
    )


def transport(inp: ClaimInput, schedule: JkkSchedule) -> AmountLine | None:
    if not inp.transport_cost or not inp.transport_mode:
        return None
    cap = schedule.transport_caps[inp.transport_mode]
    return AmountLine(
        "jkk.transport",
        min(inp.transport_cost, cap),
        {"mode": inp.transport_mode, "asked": inp.transport_cost, "cap": cap},
    )


def benefit_lines(
    inp: ClaimInput, monthly_wage: int, schedule: JkkSchedule
) -> tuple[list[Problem], list[AmountLine]]:
    reason = inp.reason
    lines: list[AmountLine] = []
    problems: list[Problem] = []
    wage = {"wage": monthly_wage}
    if reason is ClaimReason.JKK_TEMPORARY_DISABILITY:
        days = inp.days_off or 0
        lines.append(
            AmountLine(
                "jkk.wage_replacement",
                wage_replacement(monthly_wage, days, schedule),
                {**wage, "days": days, "full_days": schedule.full_pay_days},
            )
        )
    elif reason is ClaimReason.JKK_PARTIAL_DISABILITY:
        table = inp.disability_percent or 0
        function = inp.function_lost_percent or 100
        lines.append(
            AmountLine(
                "jkk.partial_disability",
                partial_disability(monthly_wage, table, function, schedule),
                {**wage, "percent": table, "function_lost": function},
            )
        )
    elif reason is ClaimReason.JKK_TOTAL_DISABILITY:
        lines.append(
            AmountLine(
                "jkk.total_disability",
                schedule.total_disability_months * monthly_wage,
                {**wage, "months": schedule.total_disability_months},
            )
        )
        lines.append(AmountLine("jkk.periodic", schedule.periodic_benefit))
    elif reason is ClaimReason.JKK_DEATH:
        lines.append(
            AmountLine(
                "jkk.death",
                schedule.death_months * monthly_wage,
                {**wage, "months": schedule.death_months},
            )
        )
        lines.append(AmountLine("jkk.periodic", schedule.periodic_benefit))
        lines.append(AmountLine("jkk.funeral", schedule.funeral))
    if reason is not ClaimReason.JKK_DEATH:
        extra = transport(inp, schedule)
        if extra is not None:
            lines.append(extra)
    return problems, lines
