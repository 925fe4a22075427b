"""Posting the contribution ledger from employment and wage, idempotently.

The pages post on demand (what is missing since the last visit) and `jmo jht post` posts
for everyone; both run the same rule, and the database's unique key per KPJ, programme,
kind, month, employer and reference makes a double post impossible even for two runs at
once (the loser's commit fails and it reads what the winner wrote).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from jmo.domain.accounts import Actor
from jmo.domain.backoffice.permissions import Action
from jmo.domain.errors import Conflict, ValidationFailed
from jmo.domain.jht.ledger import EmploymentPeriod, LedgerEntry, last_closed_month, plan_posting
from jmo.domain.jht.summary import BalanceSummary, summarize
from jmo.domain.jht.tables import Program
from jmo.domain.jht.yields import YieldTable
from jmo.domain.participant import Participant
from jmo.usecases.access import require_action
from jmo.usecases.auditing import audit
from jmo.usecases.ports.unit_of_work import UnitOfWork


def employment_periods(uow: UnitOfWork, participant: Participant) -> list[EmploymentPeriod]:
    return [
        EmploymentPeriod(
            employer_npp=e.employer_npp,
            employer_name=e.employer_name,
            start_date=e.start_date,
            end_date=e.end_date,
            monthly_wage=e.monthly_wage,
        )
        for e in uow.participants.employments(participant.id)
    ]


def post_missing(
    uow: UnitOfWork,
    participant: Participant,
    *,
    yields: YieldTable,
    now: datetime,
    periods: list[EmploymentPeriod] | None = None,
) -> tuple[list[LedgerEntry], int]:
    """Add what is missing (inside the caller's transaction; the caller commits). Returns
    the whole ledger and how many entries were added."""
    existing = uow.jht_ledger.entries(participant.id)
    new = plan_posting(
        existing,
        periods if periods is not None else employment_periods(uow, participant),
        birth_date=participant.identity.birth_date,
        yields=yields,
        today=now.date(),
    )
    if new:
        uow.jht_ledger.add(participant.id, new, now)
        audit(
            uow,
            None,
            "jht.ledger_posted",
            subject_type="participant",
            subject_id=participant.id,
            at=now,
            channel="system",
            entries=len(new),
            through=last_closed_month(now.date()).isoformat(),
        )
    return [*existing, *new], len(new)


def rebuild_summary(
    uow: UnitOfWork, participant: Participant, *, yields: YieldTable, now: datetime
) -> tuple[BalanceSummary, int]:
    """Post what is missing and store the KPJ's balance summary (the caller commits).
    Returns the summary and how many ledger entries were added."""
    periods = employment_periods(uow, participant)
    entries, added = post_missing(uow, participant, yields=yields, now=now, periods=periods)
    summary = summarize(
        entries,
        periods,
        posted_through=last_closed_month(now.date()),
        yields_version=yields.version,
    )
    uow.jht_ledger.save_summary(participant.id, summary, now)
    return summary, added


def current_summaries(
    uow: UnitOfWork, records: list[Participant], *, yields: YieldTable, now: datetime
) -> tuple[list[BalanceSummary], bool]:
    """The balance summary of each KPJ in one query; one that a month ending, a new yield
    rate or a new entry has outdated is rebuilt (the caller commits when the second value
    says something was written). After `jmo jht post` has run for the month, nothing is."""
    through = last_closed_month(now.date())
    stored = uow.jht_ledger.summaries([r.id for r in records])
    summaries: list[BalanceSummary] = []
    wrote = False
    for record in records:
        summary = stored.get(record.id)
        if summary is None or not summary.is_current(through, yields.version):
            summary, _ = rebuild_summary(uow, record, yields=yields, now=now)
            wrote = True
        summaries.append(summary)
    return summaries, wrote


@dataclass(frozen=True)
class PostingReport:
    participants: int
    entries: int


def post_ledgers(
    uow: UnitOfWork,
    actor: Actor,
    *,
    yields: YieldTable,
    now: datetime,
    kpj: str | None = None,
) -> PostingReport:
    """`jmo jht post`: every participant with employment (or one KPJ), one transaction per
    participant so a long run never holds a large transaction. Running it twice posts
    nothing the second time."""
    require_action(actor, Action.LEDGER_POST)
    with uow:
        if kpj is not None:
            found = uow.participants.get_by_kpj(kpj)
            ids = [found.id] if found else []
        else:
            ids = uow.jht_ledger.participants_with_employment()
    added = 0
    for participant_id in ids:
        try:
            with uow:
                participant = uow.participants.get(participant_id)
                if participant is None:
                    continue
                _, count = rebuild_summary(uow, participant, yields=yields, now=now)
                uow.commit()
                added += count
        except Conflict as exc:
            if exc.code != "record.duplicate":
                raise
            # another run posted this participant at the same moment: nothing to add
    return PostingReport(participants=len(ids), entries=added)


@dataclass(frozen=True)
class YieldRunReport:
    year: int
    pots: dict[Program, int]
    rupiah: dict[Program, int]


def post_year_end_yields(
    uow: UnitOfWork, actor: Actor, *, yields: YieldTable, year: int, now: datetime
) -> YieldRunReport:
    """`jmo jht post-yields --year Y`: the year-end yield of an ended year for every KPJ at
    once, set-based in the database, at the rate the yield table gives for the year.
    Run the years in order (each year's yield compounds on the one before); a second run
    of the same year credits nothing. The balance summaries of the KPJ credited are
    rebuilt by their next read or by `jmo jht post`."""
    require_action(actor, Action.LEDGER_POST)
    if year >= now.year:
        raise ValidationFailed.single("year", "jht.year_not_ended", year=year)
    pots: dict[Program, int] = {}
    rupiah: dict[Program, int] = {}
    with uow:
        for program in Program:
            rate = yields.rate_for(program, year)
            if rate is None:
                raise ValidationFailed.single("year", "jht.no_yield_rate", year=year)
            pots[program], rupiah[program] = uow.jht_ledger.post_year_end_yields(
                program, year, rate.rate_bp, now
            )
        audit(
            uow,
            actor,
            "jht.year_end_yields_posted",
            subject_type="ledger",
            subject_id=str(year),
            at=now,
            **{f"pots_{p.value.lower()}": str(n) for p, n in pots.items()},
        )
        uow.commit()
    return YieldRunReport(year, pots, rupiah)
