"""What the ledger says: the balance per employer period split into contributions and
yield, the balance month by month (for the chart), and the statement of a year."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from jmo.domain.jht.ledger import EntryKind, LedgerEntry, pots_of
from jmo.domain.jht.tables import Program, add_months
from jmo.domain.jht.yields import YieldRate


@dataclass(frozen=True)
class PotBalance:
    """One employer period of a KPJ."""

    employer_npp: str
    employer_name: str
    first_period: date | None
    last_period: date | None  # the last month with a contribution
    months: int  # months with a contribution
    employer_share: int
    worker_share: int
    yields: int
    withdrawals: int  # negative or zero

    @property
    def contributions(self) -> int:
        return self.employer_share + self.worker_share

    @property
    def balance(self) -> int:
        return self.contributions + self.yields + self.withdrawals


@dataclass(frozen=True)
class ProgramBalance:
    program: Program
    pots: tuple[PotBalance, ...]
    months: int  # months with a contribution (two employers in one month count once)

    @property
    def employer_share(self) -> int:
        return sum(p.employer_share for p in self.pots)

    @property
    def worker_share(self) -> int:
        return sum(p.worker_share for p in self.pots)

    @property
    def contributions(self) -> int:
        return sum(p.contributions for p in self.pots)

    @property
    def yields(self) -> int:
        return sum(p.yields for p in self.pots)

    @property
    def withdrawals(self) -> int:
        return sum(p.withdrawals for p in self.pots)

    @property
    def balance(self) -> int:
        return sum(p.balance for p in self.pots)


def program_balance(
    entries: Sequence[LedgerEntry], program: Program, names: Mapping[str, str]
) -> ProgramBalance:
    pots = []
    months: set[date] = set()
    for npp, pot in pots_of(entries, program).items():
        contributions = [e for e in pot if e.kind is EntryKind.CONTRIBUTION]
        months.update(e.period for e in contributions)
        pots.append(
            PotBalance(
                employer_npp=npp,
                employer_name=names.get(npp, npp),
                first_period=min((e.period for e in contributions), default=None),
                last_period=max((e.period for e in contributions), default=None),
                months=len(contributions),
                employer_share=sum(e.employer_share for e in contributions),
                worker_share=sum(e.worker_share for e in contributions),
                yields=sum(e.amount for e in pot if e.kind is EntryKind.YIELD),
                withdrawals=sum(e.amount for e in pot if e.kind is EntryKind.WITHDRAWAL),
            )
        )
    pots.sort(key=lambda p: (p.first_period or date.max, p.employer_npp))
    return ProgramBalance(program, tuple(pots), len(months))


class SeriesPoint(NamedTuple):
    """A named tuple, not a dataclass: a balance read builds one per month of a career
    (hundreds) from the stored summary, and a tuple is built several times faster."""

    period: date  # the balance at the end of this month
    contributions: int  # the part of the balance that came from contributions
    yields: int  # the part that came from the yield

    @property
    def balance(self) -> int:
        return self.contributions + self.yields


def monthly_series(entries: Sequence[LedgerEntry], program: Program) -> list[SeriesPoint]:
    """The balance at the end of every month from the first entry to the last, as the two
    parts a chart stacks. A withdrawal takes from both parts in proportion (rounded down on
    the yield part), so the parts always add up to the balance."""
    mine = sorted(
        (e for e in entries if e.program is program), key=lambda e: (e.period, e.kind.value)
    )
    if not mine:
        return []
    by_month: dict[date, list[LedgerEntry]] = {}
    for entry in mine:
        by_month.setdefault(entry.period, []).append(entry)
    points: list[SeriesPoint] = []
    contributions = yields = 0
    month, last = mine[0].period, mine[-1].period
    while month <= last:
        for entry in by_month.get(month, []):
            if entry.kind is EntryKind.CONTRIBUTION:
                contributions += entry.amount
            elif entry.kind is EntryKind.YIELD:
                yields += entry.amount
            else:
                total = contributions + yields
                taken = -entry.amount
                from_yield = yields * taken // total if total > 0 else 0
                yields -= from_yield
                contributions -= taken - from_yield
        points.append(SeriesPoint(month, contributions, yields))
        month = add_months(month, 1)
    return points


@dataclass(frozen=True)
class StatementLine:
    period: date
    kind: EntryKind
    employer_npp: str
    employer_name: str
    wage: int
    employer_share: int
    worker_share: int
    amount: int
    rate_bp: int
    reference: str


@dataclass(frozen=True)
class Statement:
    """The yearly statement BPJS owes every participant (PP 46/2015 Art 22(7): balance and
    yield at least once a year)."""

    program: Program
    year: int
    opening: int
    lines: tuple[StatementLine, ...]

    @property
    def contributions(self) -> int:
        return sum(line.amount for line in self.lines if line.kind is EntryKind.CONTRIBUTION)

    @property
    def employer_share(self) -> int:
        return sum(line.employer_share for line in self.lines)

    @property
    def worker_share(self) -> int:
        return sum(line.worker_share for line in self.lines)

    @property
    def yields(self) -> int:
        return sum(line.amount for line in self.lines if line.kind is EntryKind.YIELD)

    @property
    def withdrawals(self) -> int:
        return sum(line.amount for line in self.lines if line.kind is EntryKind.WITHDRAWAL)

    @property
    def closing(self) -> int:
        return self.opening + sum(line.amount for line in self.lines)


def statement_for_year(
    entries: Sequence[LedgerEntry], program: Program, year: int, names: Mapping[str, str]
) -> Statement:
    mine = [e for e in entries if e.program is program]
    opening = sum(e.amount for e in mine if e.period.year < year)
    order = {EntryKind.CONTRIBUTION: 0, EntryKind.YIELD: 1, EntryKind.WITHDRAWAL: 2}
    lines = tuple(
        StatementLine(
            period=e.period,
            kind=e.kind,
            employer_npp=e.employer_npp,
            employer_name=names.get(e.employer_npp, e.employer_npp),
            wage=e.wage,
            employer_share=e.employer_share,
            worker_share=e.worker_share,
            amount=e.amount,
            rate_bp=e.rate_bp,
            reference=e.reference,
        )
        for e in sorted(
            (e for e in mine if e.period.year == year),
            key=lambda e: (e.period, order[e.kind], e.employer_npp),
        )
    )
    return Statement(program, year, opening, lines)


def years_with_entries(entries: Sequence[LedgerEntry], program: Program) -> list[int]:
    return sorted({e.period.year for e in entries if e.program is program})


@dataclass(frozen=True)
class StatementDocument:
    """Everything a printed statement shows (built by ``usecases.jht``)."""

    full_name: str
    kpj: str
    statement: Statement
    names: dict[str, str]  # employer NPP -> name
    yield_rate: YieldRate | None  # the year's rate, with its declared/assumed label
    balance_now: int
    produced_at: datetime
    province_code: str | None  # for showing times in WIB/WITA/WIT
    verify_url: str | None = None  # the signed QR's link (``usecases.jht.seal``)
