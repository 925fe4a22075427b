"""JKM, death not caused by a work accident (PP 44/2015 jo PP 82/2019; docs/domain-rules.md §3).

Fixed amounts paid to the heir at once (H-M): lump sum Rp20,000,000, the periodic benefit
24 x Rp500,000 = Rp12,000,000 paid at once, funeral costs Rp10,000,000; Rp42,000,000 in
all. The scholarship (up to Rp174M for at most 2 children, after at least 3 years of
contributions; M-H) is paid yearly per child and asked for separately; the claim says
whether the deceased's contributions qualify.

Deaths before PP 82/2019 (in force 2 December 2019) had lower amounts, for which the
sources disagree (docs/domain-rules.md §3: Rp16.2M / Rp6M / Rp3M in the press, other figures
elsewhere): such a claim is routed to a branch office, where an officer applies the old
schedule, rather than computed from figures we cannot confirm.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jmo.domain.claims.facts import MemberFacts
from jmo.domain.claims.model import AmountLine


@dataclass(frozen=True)
class JkmSchedule:
    effective_from: date  # by the date of death
    lump_sum: int
    periodic_months: int
    periodic_monthly: int
    funeral: int
    scholarship_min_months: int
    source: str


JKM_SCHEDULES: tuple[JkmSchedule, ...] = (
    JkmSchedule(date(2019, 12, 2), 20_000_000, 24, 500_000, 10_000_000, 36, "PP 82/2019"),
)


def schedule_for(death_date: date) -> JkmSchedule | None:
    found = [s for s in JKM_SCHEDULES if s.effective_from <= death_date]
    return found[-1] if found else None


def benefit_lines(schedule: JkmSchedule) -> tuple[AmountLine, ...]:
    return (
        AmountLine("jkm.lump_sum", schedule.lump_sum),
        AmountLine(
            "jkm.periodic",
            schedule.periodic_months * schedule.periodic_monthly,
            {"months": schedule.periodic_months, "monthly": schedule.periodic_monthly},
        ),
        AmountLine("jkm.funeral", schedule.funeral),
    )


def scholarship_note(schedule: JkmSchedule, facts: MemberFacts) -> str:
    if facts.jht_months >= schedule.scholarship_min_months:
        return "claim.jkm.scholarship_eligible"
    return "claim.jkm.scholarship_not_eligible"
