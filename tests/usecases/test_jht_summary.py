"""The balance summary behind Cek Saldo (issue 10): a read of a current summary touches one
row per KPJ and no ledger line; whatever changes the ledger or the employment outdates it;
a month ending or a new yield rate rebuilds it; and it always says what the ledger says."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, event

from jmo.domain.jht.balance import monthly_series, program_balance
from jmo.domain.jht.ledger import EntryKind, LedgerEntry
from jmo.domain.jht.summary import from_data, summarize, to_data
from jmo.domain.jht.tables import Program
from jmo.domain.jht.yields import YieldRate, YieldTable
from jmo.domain.participant import Employment
from jmo.domain.time import FixedClock
from jmo.usecases.jht.balance import BalanceView, get_jht_balance
from jmo.usecases.jht.posting import employment_periods, post_ledgers, post_missing
from jmo.usecases.services import Services
from jmo.usecases.system import operator_actor
from tests.cast import actor_of
from tests.jht_cast import complete_update, enrol_worker, job


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_c: Any, _cur: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def balance(services: Services, member: Any) -> BalanceView:
    return get_jht_balance(
        services.uow(),
        actor_of(services, member),
        benefits=services.benefits,
        now=services.clock.now(),
    )


def ledger_view(services: Services, member: Any) -> tuple[int, int, int]:
    """The JHT balance, months and last series point computed from every ledger line."""
    with services.uow() as uow:
        participant = uow.participants.get_by_kpj(member.kpj)
        assert participant is not None
        entries = uow.jht_ledger.entries(participant.id)
        names = {e.employer_npp: e.employer_name for e in employment_periods(uow, participant)}
    jht = program_balance(entries, Program.JHT, names)
    return jht.balance, jht.months, monthly_series(entries, Program.JHT)[-1].balance


def test_a_current_summary_is_read_in_one_row_without_the_ledger(
    services: Services, db: Engine
) -> None:
    member = enrol_worker(
        services,
        employments=(
            job(date(2010, 1, 1), date(2018, 6, 30), npp="30000002"),
            job(date(2019, 1, 1)),
        ),
    )
    complete_update(services, member)
    first = balance(services, member)  # builds the summary (posting the ledger)
    with statements(db) as seen:
        again = balance(services, member)
    assert again == first
    assert not [s for s in seen if "jht_ledger_entries" in s]
    assert len([s for s in seen if "jht_balances" in s]) == 1
    assert (first.total, first.records[0].jht.months, first.records[0].series[-1].balance) == (
        ledger_view(services, member)
    )
    # two employer periods, one pot each, in the order they began
    assert [p.employer_npp for p in first.records[0].jht.pots] == ["30000002", "30000001"]


def test_a_new_ledger_entry_outdates_the_summary(services: Services) -> None:
    member = enrol_worker(services, employments=(job(date(2015, 1, 1)),))
    complete_update(services, member)
    before = balance(services, member)
    withdrawal = LedgerEntry(
        Program.JHT,
        EntryKind.WITHDRAWAL,
        date(2026, 11, 1),
        "30000001",
        -1_000_000,
        reference="TEST-1",
    )
    with services.uow() as uow:
        uow.jht_ledger.add(before.records[0].participant_id, [withdrawal], services.clock.now())
        uow.commit()
    after = balance(services, member)
    assert after.total == before.total - 1_000_000
    assert after.records[0].jht.withdrawals == -1_000_000
    assert after.total == ledger_view(services, member)[0]


def test_a_new_employment_outdates_the_summary(services: Services) -> None:
    member = enrol_worker(services, employments=(job(date(2015, 1, 1), date(2020, 12, 31)),))
    complete_update(services, member)
    before = balance(services, member)
    assert not before.records[0].currently_employed
    with services.uow() as uow:
        participant = uow.participants.get_by_kpj(member.kpj)
        assert participant is not None
        uow.participants.add_employment(
            participant.id,
            Employment("30000001", "PT Uji Coba Sejahtera", date(2025, 1, 1), None, 5_000_000),
        )
        uow.commit()
    after = balance(services, member)
    assert after.records[0].currently_employed
    assert after.total > before.total
    assert after.total == ledger_view(services, member)[0]


def test_a_month_ending_rebuilds_the_summary_with_that_month(services: Services) -> None:
    member = enrol_worker(services, employments=(job(date(2015, 1, 1)),))
    complete_update(services, member)
    october = balance(services, member)
    assert isinstance(services.clock, FixedClock)
    services.clock.advance(timedelta(days=31))  # 26 December: November has ended
    november = balance(services, member)
    assert november.as_of == date(2026, 11, 1)
    assert november.records[0].jht.months == october.records[0].jht.months + 1
    assert november.total == ledger_view(services, member)[0]


def test_a_newly_declared_yield_rebuilds_every_summary(services: Services, db: Engine) -> None:
    member = enrol_worker(services, employments=(job(date(2015, 1, 1)),))
    complete_update(services, member)
    before = balance(services, member)
    table = services.benefits.yields
    changed = YieldTable(
        [
            r if r.year != 2025 else YieldRate(r.program, r.year, r.rate_bp + 100, r.status, "x")
            for program in Program
            for r in table.rates(program)
        ]
    )
    assert changed.version != table.version
    with statements(db) as seen:
        after = get_jht_balance(
            services.uow(),
            actor_of(services, member),
            benefits=replace(services.benefits, yields=changed),
            now=services.clock.now(),
        )
    assert [s for s in seen if "jht_ledger_entries" in s]  # rebuilt from the ledger
    # The 2025 year-end yield was already posted at the old rate: the ledger keeps it (a
    # posted entry is never changed); the summary was nevertheless rebuilt against the new
    # table and still agrees with the ledger.
    assert after.total == ledger_view(services, member)[0] == before.total


def test_the_monthly_run_leaves_every_summary_current(services: Services, db: Engine) -> None:
    members = [
        enrol_worker(services, employments=(job(date(2015 + i, 1, 1)),), nik=None, full_name=n)
        for i, n in enumerate(["Sri Wulandari", "Rina Marlina"])
    ]
    for member in members:
        complete_update(services, member)
    report = post_ledgers(
        services.uow(),
        operator_actor(),
        yields=services.benefits.yields,
        now=services.clock.now(),
    )
    assert report.participants >= 2
    with statements(db) as seen:
        for member in members:
            balance(services, member)
    assert not [s for s in seen if "jht_ledger_entries" in s]


def test_the_stored_form_reads_back_the_same_summary(services: Services) -> None:
    member = enrol_worker(
        services,
        employments=(
            job(date(2001, 5, 1), date(2009, 2, 28), npp="30000002"),
            job(date(2012, 7, 1)),
        ),
    )
    with services.uow() as uow:
        participant = uow.participants.get_by_kpj(member.kpj)
        assert participant is not None
        entries, _ = post_missing(
            uow, participant, yields=services.benefits.yields, now=services.clock.now()
        )
        periods = employment_periods(uow, participant)
    summary = summarize(entries, periods, posted_through=date(2026, 10, 1), yields_version="v")
    stored = from_data(to_data(summary), posted_through=date(2026, 10, 1), yields_version="v")
    assert stored == summary
    assert (
        from_data(
            {**to_data(summary), "format": 0}, posted_through=date(2026, 10, 1), yields_version="v"
        )
        is None
    )
