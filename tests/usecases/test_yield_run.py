"""The set-based year-end yield run (`jmo jht post-yields`) credits exactly what the domain
rule credits, entry by entry, including a pot with a payout in the middle of the year (the
pro-rata credit made at payment is deducted), and a repeat credits nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, delete, select

from jmo.domain.errors import PermissionDenied, ValidationFailed
from jmo.domain.jht.ledger import EntryKind, plan_payout
from jmo.domain.jht.tables import Program
from jmo.domain.time import FixedClock
from jmo.storage.rows_jht import JhtBalanceRow, LedgerEntryRow
from jmo.usecases.jht.posting import post_missing, post_year_end_yields, rebuild_summary
from jmo.usecases.services import Services
from jmo.usecases.system import operator_actor
from tests.cast import actor_of
from tests.jht_cast import enrol_worker, job

YEAR = 2025
YEAR_END = date(YEAR, 12, 1)


def year_end_yields(db: Engine) -> dict[tuple[str, str, str], tuple[int, int]]:
    with db.connect() as conn:
        rows = conn.execute(
            select(
                LedgerEntryRow.participant_id,
                LedgerEntryRow.program,
                LedgerEntryRow.employer_npp,
                LedgerEntryRow.amount,
                LedgerEntryRow.rate_bp,
            ).where(
                LedgerEntryRow.kind == EntryKind.YIELD.value,
                LedgerEntryRow.reference == "",
                LedgerEntryRow.period == YEAR_END,
            )
        ).all()
    return {(str(r[0]), r[1], r[2]): (r[3], r[4]) for r in rows}


def test_the_set_based_run_credits_what_the_domain_credits(services: Services, db: Engine) -> None:
    assert isinstance(services.clock, FixedClock)
    today = services.clock.now()
    members = [
        enrol_worker(services, employments=(job(date(2012, 3, 1)),), full_name="Sri Wulandari"),
        enrol_worker(
            services,
            employments=(
                job(date(2005, 1, 1), date(2016, 8, 31), npp="30000002", wage=3_100_000),
                job(date(2017, 1, 1), wage=8_750_000),
            ),
            full_name="Rini Maryati",
        ),
        # Started in the middle of the year being credited.
        enrol_worker(
            services, employments=(job(date(YEAR, 7, 1), wage=4_400_000),), full_name="Dodi Saputra"
        ),
    ]
    # One member was paid 40% in June of the year: a pro-rata yield and withdrawals.
    paid = members[1]
    june = datetime(YEAR, 6, 20, 3, tzinfo=UTC)
    with services.uow() as uow:
        participant = uow.participants.get_by_kpj(paid.kpj)
        assert participant is not None
        entries, _ = post_missing(uow, participant, yields=services.benefits.yields, now=june)
        balance = sum(e.amount for e in entries if e.program is Program.JHT)
        payout = plan_payout(
            entries,
            Program.JHT,
            reference="KLM-TEST-1",
            pay_date=june.date(),
            yields=services.benefits.yields,
            amount=balance * 4 // 10,
        )
        assert payout.pro_rata_yield > 0
        uow.jht_ledger.add(participant.id, payout.entries, june)
        uow.commit()
    # Everything posted by the domain rule up to today (the year-end yield of YEAR among it).
    for member in members:
        with services.uow() as uow:
            participant = uow.participants.get_by_kpj(member.kpj)
            assert participant is not None
            post_missing(uow, participant, yields=services.benefits.yields, now=today)
            uow.commit()
    expected = year_end_yields(db)
    assert len(expected) >= 6  # JHT and JP pots of three members (JP of the old employer too)

    # Take the year-end yields of YEAR out, and let the set-based run put them back.
    with db.begin() as conn:
        conn.execute(
            delete(LedgerEntryRow).where(
                LedgerEntryRow.kind == EntryKind.YIELD.value,
                LedgerEntryRow.reference == "",
                LedgerEntryRow.period == YEAR_END,
            )
        )
    report = post_year_end_yields(
        services.uow(), operator_actor(), yields=services.benefits.yields, year=YEAR, now=today
    )
    assert year_end_yields(db) == expected
    assert sum(report.pots.values()) == len(expected)
    assert sum(report.rupiah.values()) == sum(amount for amount, _ in expected.values())

    services.clock.advance(timedelta(seconds=1))
    again = post_year_end_yields(
        services.uow(),
        operator_actor(),
        yields=services.benefits.yields,
        year=YEAR,
        now=services.clock.now(),
    )
    assert sum(again.pots.values()) == sum(again.rupiah.values()) == 0
    assert year_end_yields(db) == expected


def test_the_run_drops_the_summaries_it_outdates(services: Services, db: Engine) -> None:
    member = enrol_worker(services, employments=(job(date(2015, 1, 1)),))
    with services.uow() as uow:
        participant = uow.participants.get_by_kpj(member.kpj)
        assert participant is not None
        rebuild_summary(uow, participant, yields=services.benefits.yields, now=services.clock.now())
        uow.commit()
    with db.begin() as conn:
        conn.execute(
            delete(LedgerEntryRow).where(
                LedgerEntryRow.kind == EntryKind.YIELD.value,
                LedgerEntryRow.reference == "",
                LedgerEntryRow.period == YEAR_END,
            )
        )
    post_year_end_yields(
        services.uow(),
        operator_actor(),
        yields=services.benefits.yields,
        year=YEAR,
        now=services.clock.now(),
    )
    with db.connect() as conn:
        assert conn.scalar(select(JhtBalanceRow.participant_id)) is None


def test_the_run_refuses_an_open_year_and_participants(services: Services) -> None:
    with pytest.raises(ValidationFailed) as open_year:
        post_year_end_yields(
            services.uow(),
            operator_actor(),
            yields=services.benefits.yields,
            year=services.clock.now().year,
            now=services.clock.now(),
        )
    assert open_year.value.errors[0].code == "jht.year_not_ended"
    member = enrol_worker(services, employments=(job(date(2015, 1, 1)),))
    with pytest.raises(PermissionDenied):
        post_year_end_yields(
            services.uow(),
            actor_of(services, member),
            yields=services.benefits.yields,
            year=YEAR,
            now=services.clock.now(),
        )
