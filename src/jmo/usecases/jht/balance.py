"""Cek Saldo JHT: the balance of every KPJ of the person, the statement of a year, and
Simulasi JHT."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.errors import Conflict, FieldError, ValidationFailed
from jmo.domain.jht.balance import (
    ProgramBalance,
    SeriesPoint,
    StatementDocument,
    statement_for_year,
    years_with_entries,
)
from jmo.domain.jht.ledger import EmploymentPeriod, last_closed_month
from jmo.domain.jht.simulation import Assumptions, Simulation, parse_assumptions, simulate
from jmo.domain.jht.summary import BalanceSummary
from jmo.domain.jht.tables import (
    JHT_RETIREMENT_AGE,
    Program,
    average_yearly_cap_growth_bp,
)
from jmo.domain.jht.yields import YieldRate, YieldTable
from jmo.domain.participant import Participant
from jmo.domain.pengkinian.change_request import ChangeKind, ChangeRequest
from jmo.usecases.access import access_own_kpj, access_own_kpj_records
from jmo.usecases.jht.posting import current_summaries, employment_periods, post_missing
from jmo.usecases.jht.seal import seal_statement
from jmo.usecases.ports.card import CardTokens
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import BenefitServices, Policy

_T = TypeVar("_T")


def retry_once_on_duplicate(run: Callable[[], _T]) -> _T:
    """Two requests posting the same ledger at once: the loser's commit fails on the unique
    key; running again reads what the winner wrote."""
    try:
        return run()
    except Conflict as exc:
        if exc.code != "record.duplicate":
            raise
        return run()


@dataclass(frozen=True)
class KpjBalance:
    participant_id: UUID
    kpj: str
    own: bool  # the record this login belongs to
    currently_employed: bool
    jht: ProgramBalance
    jp: ProgramBalance
    series: tuple[SeriesPoint, ...]
    years: tuple[int, ...]


@dataclass(frozen=True)
class BalanceView:
    full_name: str
    province_code: str | None
    records: tuple[KpjBalance, ...]
    as_of: date  # the last month posted
    rates: tuple[YieldRate, ...]  # the JHT yield of each year shown, with its label
    open_merge_request: ChangeRequest | None

    @property
    def total(self) -> int:
        return sum(r.jht.balance for r in self.records)

    @property
    def contributions(self) -> int:
        return sum(r.jht.contributions for r in self.records)

    @property
    def yields(self) -> int:
        return sum(r.jht.yields for r in self.records)

    @property
    def withdrawals(self) -> int:
        return sum(r.jht.withdrawals for r in self.records)

    @property
    def can_merge(self) -> bool:
        return len(self.records) > 1 and self.open_merge_request is None


def employer_names(uow: UnitOfWork, participant: Participant) -> dict[str, str]:
    return {e.employer_npp: e.employer_name for e in employment_periods(uow, participant)}


def _record_balance(
    record: Participant, own: bool, summary: BalanceSummary, today: date
) -> KpjBalance:
    return KpjBalance(
        participant_id=record.id,
        kpj=record.identity.kpj,
        own=own,
        currently_employed=summary.employed_on(today),
        jht=summary.jht,
        jp=summary.jp,
        series=summary.series,
        years=summary.years,
    )


def open_merge_request(uow: UnitOfWork, participant_id: UUID) -> ChangeRequest | None:
    return uow.change_requests.latest_open(participant_id, ChangeKind.KPJ_MERGE)


def get_jht_balance(
    uow: UnitOfWork, actor: Actor, *, benefits: BenefitServices, now: datetime
) -> BalanceView:
    """Cek Saldo JHT from the balance summary of each KPJ: one row each, whatever the
    length of the ledger. A summary outdated since the last visit (a month ended, a yield
    declared, an entry added) is rebuilt first, posting what is missing."""

    def run() -> BalanceView:
        with uow:
            records = access_own_kpj_records(uow, actor)
            summaries, wrote = current_summaries(uow, records, yields=benefits.yields, now=now)
            merge = open_merge_request(uow, records[0].id)
            if wrote:
                uow.commit()
        balances = [
            _record_balance(record, index == 0, summary, now.date())
            for index, (record, summary) in enumerate(zip(records, summaries, strict=True))
        ]
        years = sorted({y for b in balances for y in b.years})
        rates = tuple(
            rate for y in years if (rate := benefits.yields.rate_for(Program.JHT, y)) is not None
        )
        own = records[0]
        return BalanceView(
            full_name=own.identity.full_name,
            province_code=own.profile.province_code,
            records=tuple(balances),
            as_of=last_closed_month(now.date()),
            rates=rates,
            open_merge_request=merge,
        )

    return retry_once_on_duplicate(run)


def get_statement(
    uow: UnitOfWork,
    actor: Actor,
    *,
    kpj: str,
    year: int,
    benefits: BenefitServices,
    now: datetime,
    seal: tuple[CardTokens, Policy] | None = None,
) -> StatementDocument:
    """The statement of one year for one of the person's KPJ (any year from the first
    contribution to this one); with ``seal``, carrying its signed QR link
    (``usecases.jht.seal``)."""

    def run() -> StatementDocument:
        with uow:
            record = access_own_kpj(uow, actor, kpj)
            owner = access_own_kpj_records(uow, actor)[0]
            entries, added = post_missing(uow, record, yields=benefits.yields, now=now)
            if added:
                uow.commit()
            names = employer_names(uow, record)
        years = years_with_entries(entries, Program.JHT)
        first = years[0] if years else now.year
        if not first <= year <= now.year:
            raise ValidationFailed.single("year", "jht.statement_year", first=first, last=now.year)
        document = StatementDocument(
            full_name=owner.identity.full_name,
            kpj=record.identity.kpj,
            statement=statement_for_year(entries, Program.JHT, year, names),
            names=names,
            yield_rate=benefits.yields.rate_for(Program.JHT, year),
            balance_now=sum(e.amount for e in entries if e.program is Program.JHT),
            produced_at=now,
            province_code=owner.profile.province_code,
        )
        return seal_statement(document, *seal) if seal else document

    return retry_once_on_duplicate(run)


@dataclass(frozen=True)
class SimulationView:
    simulation: Simulation
    defaults: Assumptions
    errors: tuple[FieldError, ...]
    yield_source: YieldRate | None  # where the default yield comes from
    growth_source_bp: int  # the JP wage cap's average growth, the default wage growth
    birth_date: date


def default_assumptions(
    records: list[Participant],
    periods_by_record: Mapping[UUID, list[EmploymentPeriod]],
    *,
    yields: YieldTable,
    today: date,
) -> tuple[Assumptions, YieldRate | None]:
    # Today's wage: the employment going on today (the latest if several); without one the
    # projection adds no contributions until the person changes the assumption.
    wage = 0
    latest: date | None = None
    for record in records:
        for period in periods_by_record[record.id]:
            active = period.start_date <= today and (
                period.end_date is None or period.end_date >= today
            )
            if active and (latest is None or period.start_date > latest):
                latest, wage = period.start_date, period.monthly_wage
    rate = yields.latest(Program.JHT, today.year)
    return (
        Assumptions(
            monthly_wage=wage,
            wage_growth_bp=average_yearly_cap_growth_bp(),
            yield_bp=rate.rate_bp if rate else 0,
            retirement_age=JHT_RETIREMENT_AGE,
        ),
        rate,
    )


def simulate_jht(
    uow: UnitOfWork,
    actor: Actor,
    raw: Mapping[str, str],
    *,
    benefits: BenefitServices,
    now: datetime,
) -> SimulationView:
    """Simulasi JHT from the balance of all the person's KPJ. Defaults: today's wage (the
    latest employment), wage growth = the JP wage cap's average yearly growth (it follows
    GDP growth; docs/domain-rules.md §2), yield = the latest rate in the yield table."""

    def run() -> SimulationView:
        with uow:
            records = access_own_kpj_records(uow, actor)
            summaries, wrote = current_summaries(uow, records, yields=benefits.yields, now=now)
            contributions = sum(s.series[-1].contributions for s in summaries if s.series)
            yields_part = sum(s.series[-1].yields for s in summaries if s.series)
            periods = {record.id: employment_periods(uow, record) for record in records}
            if wrote:
                uow.commit()
        defaults, rate = default_assumptions(
            records, periods, yields=benefits.yields, today=now.date()
        )
        values, errors = parse_assumptions(dict(raw), defaults=defaults)
        birth = records[0].identity.birth_date
        result = simulate(
            today=now.date(),
            birth_date=birth,
            contributions=contributions,
            yields=yields_part,
            assumptions=values,
        )
        return SimulationView(
            simulation=result,
            defaults=defaults,
            errors=errors,
            yield_source=rate,
            growth_source_bp=defaults.wage_growth_bp,
            birth_date=birth,
        )

    return retry_once_on_duplicate(run)
