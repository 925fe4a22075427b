"""Simulasi JHT: the balance projected to retirement from today's wage, an assumed wage
growth and an assumed yield. Every assumption is an input the person can change and the
page shows; nothing here is a promise of the fund.

Month by month, in integers: the JHT contribution of the month (the rates in force today,
docs/domain-rules.md §2) at the end of each month; the yield credited at the end of each year
with the ledger's own formula (``jmo.domain.jht.ledger``) on the months the money was in
the account; the wage grows by the assumed rate every January (rounded half up).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jmo.domain.errors import CollectErrors, FieldError, ValidationFailed
from jmo.domain.input_rules import Text
from jmo.domain.jht.ledger import yield_amount
from jmo.domain.jht.tables import (
    BASIS_POINTS,
    JHT_RETIREMENT_AGE,
    Program,
    contribution_rate,
    first_of_month,
)
from jmo.domain.jht.yields import parse_percent_bp
from jmo.domain.money import percent_of
from jmo.domain.time import age_on

MAX_WAGE = 1_000_000_000
MAX_RATE_BP = 2_000  # 20% a year: beyond that the projection means nothing
MIN_RETIREMENT_AGE = JHT_RETIREMENT_AGE
MAX_RETIREMENT_AGE = 65


def _whole_up_to(limit: int) -> str:
    """0 to ``limit`` (a power of ten) without leading zeros."""
    digits = len(str(limit)) - 1
    assert limit == 10**digits
    return f"0|[1-9][0-9]{{0,{digits - 1}}}|{limit}"


def _percent_up_to(limit_bp: int) -> str:
    """0 to ``limit_bp`` basis points as a percent with at most two decimals."""
    assert limit_bp % 100 == 0  # a whole percent (100 basis points)
    top = limit_bp // 100
    below = "|".join(str(n) for n in range(top))
    return f"(?:{below})(?:[.,][0-9]{{1,2}})?|{top}(?:[.,]0{{1,2}})?"


# The simulation's inputs as the API takes them (empty: the default), each a value
# ``parse_assumptions`` takes within its range: one definition for the query's schema.
SIMULATION_INPUTS: dict[str, Text] = {
    "monthly_wage": Text(max_length=20, pattern=f"|{_whole_up_to(MAX_WAGE)}"),
    "wage_growth": Text(max_length=10, pattern=f"|{_percent_up_to(MAX_RATE_BP)}"),
    "yield_rate": Text(max_length=10, pattern=f"|{_percent_up_to(MAX_RATE_BP)}"),
    "retirement_age": Text(
        max_length=3,
        pattern="|" + "|".join(str(n) for n in range(MIN_RETIREMENT_AGE, MAX_RETIREMENT_AGE + 1)),
    ),
}


@dataclass(frozen=True)
class Assumptions:
    monthly_wage: int
    wage_growth_bp: int
    yield_bp: int
    retirement_age: int


@dataclass(frozen=True)
class ProjectionPoint:
    year: int
    age: int
    contributions: int  # cumulative, including the balance's contribution part today
    yields: int

    @property
    def balance(self) -> int:
        return self.contributions + self.yields


@dataclass(frozen=True)
class Simulation:
    assumptions: Assumptions
    start: ProjectionPoint
    points: tuple[ProjectionPoint, ...]  # the end of every year, the last at retirement
    retirement_date: date
    contribution_bp: int  # the JHT rate used (employer + worker)

    @property
    def final(self) -> ProjectionPoint:
        return self.points[-1] if self.points else self.start

    @property
    def added_contributions(self) -> int:
        """The contributions still to come: today's balance + this + ``added_yields`` is
        the projected balance (issue 9 item 4: the lines shown add up to the headline)."""
        return self.final.contributions - self.start.contributions

    @property
    def added_yields(self) -> int:
        return self.final.yields - self.start.yields


def parse_assumptions(
    raw: dict[str, str], *, defaults: Assumptions
) -> tuple[Assumptions, tuple[FieldError, ...]]:
    """The form's values (rupiah, percents like ``5,5``, years); empty fields keep the
    defaults. Returns the values and the field errors (the defaults stand in for a field in
    error, so the page can still show a projection next to the message)."""
    errors = CollectErrors()

    def number(name: str, default: int, low: int, high: int, percent: bool) -> int:
        text = (raw.get(name) or "").strip()
        if not text:
            return default
        # "-5" is a number below the range: it gets the allowed range, not "not a number"
        sign, digits = (-1, text[1:].strip()) if text.startswith("-") else (1, text)
        try:
            value = sign * (
                parse_percent_bp(digits)
                if percent
                else int(digits.replace(".", "").replace(" ", "").replace("Rp", ""))
            )
        except ValueError:
            errors.add(name, "simulation.not_a_number")
            return default
        if not low <= value <= high:
            shown_low, shown_high = (low // 100, high // 100) if percent else (low, high)
            errors.add(name, "simulation.out_of_range", low=shown_low, high=shown_high)
            return default
        return value

    values = Assumptions(
        monthly_wage=number("monthly_wage", defaults.monthly_wage, 0, MAX_WAGE, False),
        wage_growth_bp=number("wage_growth", defaults.wage_growth_bp, 0, MAX_RATE_BP, True),
        yield_bp=number("yield_rate", defaults.yield_bp, 0, MAX_RATE_BP, True),
        retirement_age=number(
            "retirement_age", defaults.retirement_age, MIN_RETIREMENT_AGE, MAX_RETIREMENT_AGE, False
        ),
    )
    return values, tuple(errors.errors)


def retirement_date(birth_date: date, age: int) -> date:
    year = birth_date.year + age
    if birth_date.month == 2 and birth_date.day == 29:
        return date(year, 3, 1)
    return birth_date.replace(year=year)


def simulate(
    *,
    today: date,
    birth_date: date,
    contributions: int,
    yields: int,
    assumptions: Assumptions,
) -> Simulation:
    """Project from today's balance (split into its contribution and yield parts) to the
    retirement date. Contributions count for the months from this month up to the month
    before the retirement birthday."""
    rate = contribution_rate(Program.JHT, today)
    if rate is None:
        raise ValidationFailed.single("monthly_wage", "simulation.no_rate")
    retire = retirement_date(birth_date, assumptions.retirement_age)
    start = ProjectionPoint(today.year, age_on(birth_date, today), contributions, yields)
    if first_of_month(retire) <= first_of_month(today):
        return Simulation(assumptions, start, (), retire, rate.total_bp)

    wage = assumptions.monthly_wage
    points: list[ProjectionPoint] = []
    year = today.year
    while True:
        first_month = today.month if year == today.year else 1
        last_month = 12 if year < retire.year else retire.month - 1
        if year > today.year:
            wage = percent_of(wage, BASIS_POINTS + assumptions.wage_growth_bp, BASIS_POINTS)
        if last_month >= first_month:
            months = last_month - first_month + 1
            opening = contributions + yields
            base = opening * months
            added = 0
            for index in range(1, months + 1):
                paid = percent_of(wage, rate.total_bp, BASIS_POINTS)
                added += paid
                base += paid * (months - index)
            contributions += added
            yields += yield_amount(base, assumptions.yield_bp)
            at = date(year, last_month, 1)
            points.append(ProjectionPoint(year, age_on(birth_date, at), contributions, yields))
        if year >= retire.year:
            break
        year += 1
    return Simulation(assumptions, start, tuple(points), retire, rate.total_bp)
