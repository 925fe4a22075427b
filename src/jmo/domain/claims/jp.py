"""JP, old-age pension (PP 45/2015; Permenaker 29/2015; docs/domain-rules.md §3).

* Paid from the JP retirement age (PP 45/2015 Art 15; ``jp_retirement_date``).
* At least 15 years (180 months) of contributions: a monthly pension (MPHT) by the formula
  of Art 17(2): 1% x (months / 12) x (average yearly wage / 12). Since the average yearly
  wage / 12 is the average monthly wage, this is ``sum(monthly wages) / 1200`` over the
  contribution months, rounded half up. The law indexes the wages by inflation (Art 17(3));
  this app has no official CPI series yet, so it uses the reported (capped) wages as they
  were: the amount is shown as an estimate, and the officer's final figure indexes them.
  The result is held within the year's minimum and maximum (Art 18).
* Fewer months: a lump sum of the JP contributions with their yield (H), taxed like a
  lump-sum JHT (docs/domain-rules.md §4).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jmo.domain.claims.facts import MemberFacts
from jmo.domain.claims.model import AmountLine, PaymentMode, Problem
from jmo.domain.jht.tables import jp_retirement_date

MONTHS_FOR_PENSION = 180


@dataclass(frozen=True)
class JpLimits:
    effective_from: date
    minimum: int
    maximum: int
    confidence: str
    source: str


# Art 18, indexed yearly by last year's inflation. Only two years were found (§3): 2015 (H)
# and 2026 (L-M, BPJS circular B/1226/022026). CONFLICT: one app's 2025 figures (399,000 /
# 4,590,000) are not used; the maximum does not fit the indexation (docs/rules.md).
JP_LIMITS: tuple[JpLimits, ...] = (
    JpLimits(date(2015, 7, 1), 300_000, 3_600_000, "H", "PP 45/2015 Art 18"),
    JpLimits(date(2026, 2, 1), 411_400, 4_932_300, "L-M", "BPJS circular B/1226/022026"),
)


def limits_on(day: date) -> JpLimits:
    found = [row for row in JP_LIMITS if row.effective_from <= day]
    return found[-1] if found else JP_LIMITS[0]


def pension_formula(wage_sum: int) -> int:
    """``1% x months/12 x (sum/months)`` == ``sum / 1200``, half up."""
    return (wage_sum * 2 + 1200) // 2400


def check(facts: MemberFacts) -> tuple[list[Problem], PaymentMode, list[AmountLine]]:
    problems: list[Problem] = []
    retire = jp_retirement_date(facts.birth_date)
    if retire > facts.today:
        problems.append(Problem("claim.jp.below_retirement_age", {"from": retire}))
    if facts.jp_months >= MONTHS_FOR_PENSION:
        limits = limits_on(facts.today)
        formula = pension_formula(facts.jp_wage_sum)
        monthly = min(max(formula, limits.minimum), limits.maximum)
        lines = [
            AmountLine(
                "jp.monthly_pension",
                monthly,
                {
                    "months": facts.jp_months,
                    "formula": formula,
                    "minimum": limits.minimum,
                    "maximum": limits.maximum,
                },
            )
        ]
        return problems, PaymentMode.MONTHLY, lines
    if facts.jp_payable <= 0:
        problems.append(Problem("claim.no_balance"))
    lines = [
        AmountLine(
            "jp.lump_sum",
            max(0, facts.jp_payable),
            {"months": facts.jp_months, "required": MONTHS_FOR_PENSION},
        )
    ]
    return problems, PaymentMode.LUMP_SUM, lines
