"""The balance of one KPJ as a summary kept beside its ledger, so Cek Saldo reads one row
instead of every month of every year (issue 10).

The summary is a pure function of the ledger and the employment periods
(:func:`summarize`); storage keeps it as one row per KPJ and drops it whenever an entry is
added or an employment changes, and the posting use case writes it again. It also records
what it was built against (the last closed month and the yield table), so a read can tell
a summary that is still current from one a new month or a new declared yield has outdated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from jmo.domain.jht.balance import (
    PotBalance,
    ProgramBalance,
    SeriesPoint,
    monthly_series,
    program_balance,
    years_with_entries,
)
from jmo.domain.jht.ledger import EmploymentPeriod, LedgerEntry
from jmo.domain.jht.tables import Program

FORMAT = 1  # bump when the stored shape changes: older rows then read as outdated


@dataclass(frozen=True)
class EmploymentSpan:
    start: date
    end: date | None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


@dataclass(frozen=True)
class BalanceSummary:
    """What Cek Saldo shows of one KPJ, built at ``posted_through`` with the yield table
    ``yields_version``."""

    posted_through: date
    yields_version: str
    jht: ProgramBalance
    jp: ProgramBalance
    series: tuple[SeriesPoint, ...]  # JHT, month by month
    years: tuple[int, ...]  # JHT years with entries
    employments: tuple[EmploymentSpan, ...]
    names: Mapping[str, str]  # employer NPP -> name

    def is_current(self, posted_through: date, yields_version: str) -> bool:
        return self.posted_through == posted_through and self.yields_version == yields_version

    def employed_on(self, day: date) -> bool:
        return any(span.covers(day) for span in self.employments)

    @property
    def jht_balance(self) -> int:
        return self.jht.balance


def summarize(
    entries: Sequence[LedgerEntry],
    employments: Sequence[EmploymentPeriod],
    *,
    posted_through: date,
    yields_version: str,
) -> BalanceSummary:
    names = {e.employer_npp: e.employer_name for e in employments}
    return BalanceSummary(
        posted_through=posted_through,
        yields_version=yields_version,
        jht=program_balance(entries, Program.JHT, names),
        jp=program_balance(entries, Program.JP, names),
        series=tuple(monthly_series(entries, Program.JHT)),
        years=tuple(years_with_entries(entries, Program.JHT)),
        employments=tuple(EmploymentSpan(e.start_date, e.end_date) for e in employments),
        names=names,
    )


# --- a compact, JSON-able form for storage -----------------------------------------------


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _parse_day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _program_to_data(balance: ProgramBalance) -> dict[str, Any]:
    return {
        "months": balance.months,
        "pots": [
            [
                p.employer_npp,
                p.employer_name,
                _day(p.first_period),
                _day(p.last_period),
                p.months,
                p.employer_share,
                p.worker_share,
                p.yields,
                p.withdrawals,
            ]
            for p in balance.pots
        ],
    }


def _program_from_data(program: Program, data: Mapping[str, Any]) -> ProgramBalance:
    pots = tuple(
        PotBalance(
            employer_npp=npp,
            employer_name=name,
            first_period=_parse_day(first),
            last_period=_parse_day(last),
            months=months,
            employer_share=employer,
            worker_share=worker,
            yields=yields,
            withdrawals=withdrawals,
        )
        for npp, name, first, last, months, employer, worker, yields, withdrawals in data["pots"]
    )
    return ProgramBalance(program, pots, int(data["months"]))


def to_data(summary: BalanceSummary) -> dict[str, Any]:
    """Plain lists and numbers (about 20 bytes a month of the series once serialised)."""
    start = summary.series[0].period if summary.series else None
    return {
        "format": FORMAT,
        "jht": _program_to_data(summary.jht),
        "jp": _program_to_data(summary.jp),
        # The series is contiguous month by month from its start: store only the values.
        "series_start": _day(start),
        "series": [[p.contributions, p.yields] for p in summary.series],
        "years": list(summary.years),
        "employments": [[_day(s.start), _day(s.end)] for s in summary.employments],
        "names": dict(summary.names),
    }


def from_data(
    data: Mapping[str, Any], *, posted_through: date, yields_version: str
) -> BalanceSummary | None:
    """None for a row written in another format (it is rebuilt)."""
    if data.get("format") != FORMAT:
        return None
    series: list[SeriesPoint] = []
    start = _parse_day(data["series_start"])
    if start is not None:
        year, month = start.year, start.month
        for contributions, yields in data["series"]:
            series.append(SeriesPoint(date(year, month, 1), contributions, yields))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return BalanceSummary(
        posted_through=posted_through,
        yields_version=yields_version,
        jht=_program_from_data(Program.JHT, data["jht"]),
        jp=_program_from_data(Program.JP, data["jp"]),
        series=tuple(series),
        years=tuple(data["years"]),
        employments=tuple(
            EmploymentSpan(date.fromisoformat(start_), _parse_day(end))
            for start_, end in data["employments"]
        ),
        names=dict(data["names"]),
    )
