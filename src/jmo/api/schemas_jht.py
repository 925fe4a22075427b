"""Response shapes of Cek Saldo JHT (the balance, the statement, the simulation). Amounts
are integer rupiah; every code comes with its label in the request's language."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, Field, TypeAdapter

from jmo.domain.jht.balance import ProgramBalance, Statement
from jmo.domain.jht.simulation import ProjectionPoint
from jmo.domain.jht.yields import YieldRate
from jmo.usecases.jht.balance import BalanceView, KpjBalance, SimulationView


class CodeLabel(BaseModel):
    code: str
    label: str


class EmployerPeriodOut(BaseModel):
    employer_npp: str
    employer_name: str
    first_period: date | None
    last_period: date | None
    months: int
    employer_share: int
    worker_share: int
    contributions: int
    yields: int
    withdrawals: int
    balance: int


# The rows are read from the domain's objects by pydantic's core in one call (from_attributes):
# a Python constructor call per row was a third of the balance answer's time (issue 10).
_EMPLOYER_PERIODS = TypeAdapter(list[EmployerPeriodOut])


class ProgramBalanceOut(BaseModel):
    months: int
    employer_share: int
    worker_share: int
    contributions: int
    yields: int
    withdrawals: int
    balance: int
    employer_periods: list[EmployerPeriodOut]

    @classmethod
    def of(cls, b: ProgramBalance) -> ProgramBalanceOut:
        return cls(
            months=b.months,
            employer_share=b.employer_share,
            worker_share=b.worker_share,
            contributions=b.contributions,
            yields=b.yields,
            withdrawals=b.withdrawals,
            balance=b.balance,
            employer_periods=_EMPLOYER_PERIODS.validate_python(b.pots, from_attributes=True),
        )


class SeriesPointOut(BaseModel):
    period: date
    contributions: int
    yields: int
    balance: int


_SERIES = TypeAdapter(list[SeriesPointOut])  # as _EMPLOYER_PERIODS


class KpjBalanceOut(BaseModel):
    kpj: str
    own: bool
    currently_employed: bool
    jht: ProgramBalanceOut
    jp: ProgramBalanceOut
    series: list[SeriesPointOut]
    years: list[int]

    @classmethod
    def of(cls, r: KpjBalance) -> KpjBalanceOut:
        return cls(
            kpj=r.kpj,
            own=r.own,
            currently_employed=r.currently_employed,
            jht=ProgramBalanceOut.of(r.jht),
            jp=ProgramBalanceOut.of(r.jp),
            series=_SERIES.validate_python(r.series, from_attributes=True),
            years=list(r.years),
        )


class YieldRateOut(BaseModel):
    year: int
    rate_bp: int = Field(description="basis points a year: 563 = 5.63%")
    status: str = Field(description="declared (by BPJS, with source) or assumed (this app's)")
    source: str

    @classmethod
    def of(cls, r: YieldRate) -> YieldRateOut:
        return cls(year=r.year, rate_bp=r.rate_bp, status=r.status.value, source=r.source)


class BalanceOut(BaseModel):
    full_name: str
    as_of: date = Field(description="the last month with contributions posted")
    total: int
    contributions: int
    yields: int
    withdrawals: int
    records: list[KpjBalanceOut]
    rates: list[YieldRateOut]
    can_merge: bool
    open_merge_request_id: UUID | None

    @classmethod
    def of(cls, v: BalanceView) -> BalanceOut:
        return cls(
            full_name=v.full_name,
            as_of=v.as_of,
            total=v.total,
            contributions=v.contributions,
            yields=v.yields,
            withdrawals=v.withdrawals,
            records=[KpjBalanceOut.of(r) for r in v.records],
            rates=[YieldRateOut.of(r) for r in v.rates],
            can_merge=v.can_merge,
            open_merge_request_id=v.open_merge_request.id if v.open_merge_request else None,
        )


class StatementLineOut(BaseModel):
    period: date
    kind: str
    employer_npp: str
    employer_name: str
    wage: int
    employer_share: int
    worker_share: int
    amount: int
    rate_bp: int
    reference: str


class StatementOut(BaseModel):
    kpj: str
    year: int
    opening: int
    employer_share: int
    worker_share: int
    yields: int
    withdrawals: int
    closing: int
    yield_rate: YieldRateOut | None
    lines: list[StatementLineOut]

    @classmethod
    def of(cls, kpj: str, s: Statement, rate: YieldRate | None) -> StatementOut:
        return cls(
            kpj=kpj,
            year=s.year,
            opening=s.opening,
            employer_share=s.employer_share,
            worker_share=s.worker_share,
            yields=s.yields,
            withdrawals=s.withdrawals,
            closing=s.closing,
            yield_rate=YieldRateOut.of(rate) if rate else None,
            lines=[
                StatementLineOut(
                    period=line.period,
                    kind=line.kind.value,
                    employer_npp=line.employer_npp,
                    employer_name=line.employer_name,
                    wage=line.wage,
                    employer_share=line.employer_share,
                    worker_share=line.worker_share,
                    amount=line.amount,
                    rate_bp=line.rate_bp,
                    reference=line.reference,
                )
                for line in s.lines
            ],
        )


class ProjectionPointOut(BaseModel):
    year: int
    age: int
    contributions: int
    yields: int
    balance: int

    @classmethod
    def of(cls, p: ProjectionPoint) -> ProjectionPointOut:
        return cls(
            year=p.year,
            age=p.age,
            contributions=p.contributions,
            yields=p.yields,
            balance=p.balance,
        )


class AssumptionsOut(BaseModel):
    monthly_wage: int
    wage_growth_bp: int
    yield_bp: int
    retirement_age: int
    contribution_bp: int


class SimulationOut(BaseModel):
    assumptions: AssumptionsOut
    defaults: AssumptionsOut
    default_yield_source: YieldRateOut | None
    retirement_date: date
    today: ProjectionPointOut
    at_retirement: ProjectionPointOut
    years: list[ProjectionPointOut]

    @classmethod
    def of(cls, v: SimulationView) -> SimulationOut:
        s = v.simulation
        a, d = s.assumptions, v.defaults
        return cls(
            assumptions=AssumptionsOut(
                monthly_wage=a.monthly_wage,
                wage_growth_bp=a.wage_growth_bp,
                yield_bp=a.yield_bp,
                retirement_age=a.retirement_age,
                contribution_bp=s.contribution_bp,
            ),
            defaults=AssumptionsOut(
                monthly_wage=d.monthly_wage,
                wage_growth_bp=d.wage_growth_bp,
                yield_bp=d.yield_bp,
                retirement_age=d.retirement_age,
                contribution_bp=s.contribution_bp,
            ),
            default_yield_source=YieldRateOut.of(v.yield_source) if v.yield_source else None,
            retirement_date=s.retirement_date,
            today=ProjectionPointOut.of(s.start),
            at_retirement=ProjectionPointOut.of(s.final),
            years=[ProjectionPointOut.of(p) for p in s.points],
        )
