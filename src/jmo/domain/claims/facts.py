"""What the rules need to know about a claim: the member's facts (from the fund's records)
and what the claimant entered. Built by the use cases; pure data here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jmo.domain.claims.model import ClaimReason, ClaimStatus, HeirRelationship
from jmo.domain.jht.ledger import EmploymentPeriod


@dataclass(frozen=True)
class MemberFacts:
    today: date
    birth_date: date
    employments: tuple[EmploymentPeriod, ...]
    jht_payable: int  # the JHT balance with this year's yield pro rata, payable today
    jht_first_period: date | None  # the first JHT contribution month (membership start)
    jht_months: int  # months with a JHT contribution
    jp_payable: int  # the JP contributions with their yield, payable today (lump sum)
    jp_months: int  # months with a JP contribution (masa iur)
    jp_wage_sum: int  # the capped monthly wages over those months (for the JP formula)
    previous_claims: tuple[tuple[ClaimReason, ClaimStatus], ...] = ()
    # the part of ``jht_payable`` that is this year's yield pro rata, which Cek Saldo
    # (posted months only) does not show yet: the quote names it (issue 9 item 3)
    jht_pro_rata_yield: int = 0

    def employed_on(self, day: date) -> EmploymentPeriod | None:
        for employment in self.employments:
            if employment.start_date <= day and (
                employment.end_date is None or employment.end_date >= day
            ):
                return employment
        return None

    @property
    def currently_employed(self) -> bool:
        return self.employed_on(self.today) is not None

    @property
    def last_employment_end(self) -> date | None:
        ends = [e.end_date for e in self.employments if e.end_date is not None]
        return max(ends) if ends else None


class TransportMode:
    LAND = "land"  # darat, sungai, danau
    SEA = "sea"
    AIR = "air"
    ALL = (LAND, SEA, AIR)


@dataclass(frozen=True)
class ClaimInput:
    reason: ClaimReason
    event_date: date | None = None  # death date (heirs), accident date (JKK)
    amount: int | None = None  # partial JHT withdrawal; None: the maximum
    days_off: int | None = None  # JKK: days unable to work (doctor's statement)
    disability_percent: int | None = None  # JKK: the table's percentage for the injury
    function_lost_percent: int | None = None  # JKK: share of the function lost (functional)
    transport_mode: str | None = None
    transport_cost: int | None = None
    heir_relationship: HeirRelationship | None = None
    deceased_kpj: str | None = None  # heirs name the deceased by KPJ and NIK
    deceased_nik: str | None = None

    def details(self) -> dict[str, int | str]:
        """The entered figures, for the record (no personal data beyond these)."""
        out: dict[str, int | str] = {}
        for name in (
            "amount",
            "days_off",
            "disability_percent",
            "function_lost_percent",
            "transport_mode",
            "transport_cost",
        ):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out
