"""The contribution ledger of one KPJ: monthly shares posted from employment and wage, the
yearly development yield, and withdrawals when a claim is paid.

Each employer period is its own *pot* (the balance the fund keeps per employer period of a
KPJ), so the balance can be shown per employer period, split into contributions and yield.

Timing, in whole months (stated in docs/rules.md; integer arithmetic throughout):

* a contribution for month m takes effect at the end of month m (the employer pays it by
  the 15th of the next month; the month it belongs to is what counts);
* the yield of year Y is credited at the end of Y (docs/domain-rules.md §2: "credited to the
  individual account and compounds year on year"; BPJS books it yearly) on the opening
  balance for 12 months plus each flow for the months it was in the account:
  ``yield = rate * (opening * 12 + sum(flow * (12 - month))) / 12``, rounded half up;
* a claim paid in month P takes the balance at the end of month P-1, with the year's
  yield *pro rata* up to then (credited at payment, so the participant is not paid without
  this year's yield); the year-end credit then adds only what is still due for the money
  left in the account. The pro-rata credit never exceeds the full year's (the formula is
  monotonic in the base), so the year-end remainder is never negative.

Posting is idempotent: an entry's key (programme, kind, month, employer, reference) is
unique per KPJ, in memory here and by a unique constraint in the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from jmo.domain.jht.tables import (
    BASIS_POINTS,
    Program,
    add_months,
    contribution_shares,
    first_of_month,
    jp_retirement_date,
)
from jmo.domain.jht.yields import YieldTable


class EntryKind(StrEnum):
    CONTRIBUTION = "contribution"
    YIELD = "yield"
    WITHDRAWAL = "withdrawal"


EntryKey = tuple[Program, EntryKind, date, str, str]


@dataclass(frozen=True)
class LedgerEntry:
    program: Program
    kind: EntryKind
    period: date  # the first day of the month the entry belongs to
    employer_npp: str  # the pot
    amount: int  # rupiah; negative for withdrawals
    employer_share: int = 0
    worker_share: int = 0
    wage: int = 0  # the wage the shares were computed on (JP: after the cap)
    rate_bp: int = 0  # the yield rate a yield entry was computed with
    reference: str = ""  # the claim number, for withdrawals and pro-rata yields

    @property
    def key(self) -> EntryKey:
        return (self.program, self.kind, self.period, self.employer_npp, self.reference)

    @property
    def is_year_end_yield(self) -> bool:
        return self.kind is EntryKind.YIELD and not self.reference

    @property
    def effective_month(self) -> int:
        """At the end of which month of its year the entry takes effect (0: the start)."""
        if self.kind is EntryKind.CONTRIBUTION:
            return self.period.month
        if self.is_year_end_yield:
            return 12
        return self.period.month - 1  # paid in month P: out of the account from P's start


@dataclass(frozen=True)
class EmploymentPeriod:
    employer_npp: str
    employer_name: str
    start_date: date
    end_date: date | None
    monthly_wage: int


def last_closed_month(today: date) -> date:
    """Contributions are posted for months that have ended."""
    return add_months(first_of_month(today), -1)


def plan_posting(
    existing: Sequence[LedgerEntry],
    employments: Iterable[EmploymentPeriod],
    *,
    birth_date: date,
    yields: YieldTable,
    today: date,
) -> list[LedgerEntry]:
    """What is missing from the ledger today: contributions for every ended month of every
    employment, then the year-end yield of every ended year, oldest first (each year's
    yield depends on the years before). Entries already there are never posted again."""
    have = {e.key for e in existing}
    new: list[LedgerEntry] = []
    closed = last_closed_month(today)
    # JP contributions are due until the month the participant reaches the JP retirement
    # age (PP 45/2015 Art 15); JHT contributions continue while the person works.
    jp_last = first_of_month(jp_retirement_date(birth_date))
    for employment in employments:
        month = first_of_month(employment.start_date)
        end = first_of_month(employment.end_date) if employment.end_date else closed
        while month <= min(end, closed):
            for program in Program:
                if program is Program.JP and month > jp_last:
                    continue
                shares = contribution_shares(program, employment.monthly_wage, month)
                if shares is None:
                    continue
                entry = LedgerEntry(
                    program=program,
                    kind=EntryKind.CONTRIBUTION,
                    period=month,
                    employer_npp=employment.employer_npp,
                    amount=shares.total,
                    employer_share=shares.employer,
                    worker_share=shares.worker,
                    wage=shares.wage,
                )
                if entry.key not in have:
                    have.add(entry.key)
                    new.append(entry)
            month = add_months(month, 1)

    entries = [*existing, *new]
    for program in Program:
        for npp, pot in pots_of(entries, program).items():
            first_year = min(e.period.year for e in pot)
            for year in range(first_year, today.year):
                key: EntryKey = (program, EntryKind.YIELD, date(year, 12, 1), npp, "")
                if key in have:
                    continue
                rate = yields.rate_for(program, year)
                if rate is None:
                    break  # a year without a rate: the later years wait for it
                amount = yield_due(pot, year=year, through=12, rate_bp=rate.rate_bp)
                if amount <= 0:
                    continue
                entry = LedgerEntry(
                    program=program,
                    kind=EntryKind.YIELD,
                    period=date(year, 12, 1),
                    employer_npp=npp,
                    amount=amount,
                    rate_bp=rate.rate_bp,
                )
                have.add(key)
                new.append(entry)
                pot.append(entry)
    return new


def pots_of(entries: Iterable[LedgerEntry], program: Program) -> dict[str, list[LedgerEntry]]:
    pots: dict[str, list[LedgerEntry]] = {}
    for entry in entries:
        if entry.program is program:
            pots.setdefault(entry.employer_npp, []).append(entry)
    return dict(sorted(pots.items()))


def yield_base(pot: Sequence[LedgerEntry], *, year: int, through: int) -> int:
    """Rupiah-months in the account during months 1..``through`` of ``year``."""
    opening = sum(e.amount for e in pot if e.period.year < year)
    base = opening * through
    for entry in pot:
        if entry.period.year != year or entry.is_year_end_yield:
            continue
        month = entry.effective_month
        if month < through:
            base += entry.amount * (through - month)
    return base


def yield_amount(base: int, rate_bp: int) -> int:
    """``base * rate / 12``, rounded half up to the rupiah, in integers."""
    if base <= 0:
        return 0
    denominator = 12 * BASIS_POINTS
    return (base * rate_bp * 2 + denominator) // (denominator * 2)


def yield_due(pot: Sequence[LedgerEntry], *, year: int, through: int, rate_bp: int) -> int:
    """The yield of ``year`` up to month ``through`` not yet credited (pro-rata credits
    made at earlier payments in the year are deducted)."""
    credited = sum(
        e.amount for e in pot if e.kind is EntryKind.YIELD and e.reference and e.period.year == year
    )
    return max(0, yield_amount(yield_base(pot, year=year, through=through), rate_bp) - credited)


def balance_of(entries: Iterable[LedgerEntry]) -> int:
    return sum(e.amount for e in entries)


def split_proportionally(total: int, weights: Mapping[str, int]) -> dict[str, int]:
    """``total`` shared in proportion to ``weights`` in whole rupiah; the rupiah left by
    rounding down go to the largest remainders (ties: key order), so parts sum to total."""
    positive = {k: w for k, w in sorted(weights.items()) if w > 0}
    whole = sum(positive.values())
    if whole == 0 or total == 0:
        return dict.fromkeys(positive, 0)
    parts = {k: total * w // whole for k, w in positive.items()}
    remainders = sorted(positive, key=lambda k: (-(total * positive[k] % whole), k))
    for key in remainders[: total - sum(parts.values())]:
        parts[key] += 1
    return parts


@dataclass(frozen=True)
class Payout:
    entries: tuple[LedgerEntry, ...]  # pro-rata yields, then withdrawals (negative)
    balance_before: int  # the ledger balance before the pro-rata yield
    pro_rata_yield: int
    available: int  # balance_before + pro_rata_yield

    @property
    def withdrawn(self) -> int:
        return -sum(e.amount for e in self.entries if e.kind is EntryKind.WITHDRAWAL)


def plan_payout(
    entries: Sequence[LedgerEntry],
    program: Program,
    *,
    reference: str,
    pay_date: date,
    yields: YieldTable,
    amount: int | None = None,
) -> Payout:
    """The entries that pay ``amount`` (None: everything) out of a KPJ's ``program``
    account on ``pay_date``: first this year's yield pro rata to the end of the previous
    month, then a withdrawal from each pot in proportion to its balance."""
    period = first_of_month(pay_date)
    through = period.month - 1
    rate = yields.rate_for(program, period.year) or yields.latest(program, period.year)
    lines: list[LedgerEntry] = []
    after: dict[str, int] = {}
    before = 0
    pro_rata = 0
    for npp, pot in pots_of(entries, program).items():
        balance = balance_of(pot)
        before += balance
        ytd = 0
        if rate is not None and through > 0 and balance > 0:
            ytd = yield_due(pot, year=period.year, through=through, rate_bp=rate.rate_bp)
        if ytd:
            lines.append(
                LedgerEntry(
                    program=program,
                    kind=EntryKind.YIELD,
                    period=period,
                    employer_npp=npp,
                    amount=ytd,
                    rate_bp=rate.rate_bp if rate else 0,
                    reference=reference,
                )
            )
        pro_rata += ytd
        after[npp] = balance + ytd
    available = sum(max(0, b) for b in after.values())
    wanted = available if amount is None else amount
    if wanted < 0 or wanted > available:
        raise ValueError(f"cannot pay {wanted} out of {available}")
    for npp, part in split_proportionally(wanted, after).items():
        if part:
            lines.append(
                LedgerEntry(
                    program=program,
                    kind=EntryKind.WITHDRAWAL,
                    period=period,
                    employer_npp=npp,
                    amount=-part,
                    reference=reference,
                )
            )
    return Payout(tuple(lines), before, pro_rata, available)
