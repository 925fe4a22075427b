"""Cek Saldo JHT on the real database: posting once, the balance per KPJ and employer,
several KPJ under one NIK and the merge request, the statement, the simulation."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from jmo.domain.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from jmo.domain.jht.ledger import EntryKind, LedgerEntry
from jmo.domain.jht.tables import Program
from jmo.domain.pengkinian.change_request import ChangeKind, ChangeStatus
from jmo.storage.rows import AuditRow, OutboxRow
from jmo.storage.rows_jht import LedgerEntryRow
from jmo.usecases.jht.balance import get_jht_balance, get_statement, simulate_jht
from jmo.usecases.jht.merge import request_kpj_merge
from jmo.usecases.jht.posting import post_ledgers
from jmo.usecases.services import Services
from jmo.usecases.system import operator_actor
from tests.cast import actor_of, complete_pengkinian, enrol_member
from tests.jht_cast import complete_update, enrol_worker, job


def count(db: Engine, model: Any, *where: Any) -> int:
    with db.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def test_the_balance_is_posted_once_and_split_by_contribution_and_yield(
    services: Services, db: Engine
) -> None:
    member = enrol_member(services)  # PT Uji Coba Sejahtera since 1 Jan 2015, Rp6,000,000
    complete_pengkinian(services, member)
    actor = actor_of(services, member)
    view = get_jht_balance(
        services.uow(), actor, benefits=services.benefits, now=services.clock.now()
    )
    (record,) = view.records
    # January 2015 to October 2026 (November has not ended): 142 months of 342,000
    assert record.jht.months == 142
    assert record.jht.contributions == 142 * 342_000 == 48_564_000
    assert (record.jht.employer_share, record.jht.worker_share) == (142 * 222_000, 142 * 120_000)
    assert record.jht.yields > 0 and record.jht.withdrawals == 0
    assert view.total == record.jht.balance == record.jht.contributions + record.jht.yields
    (pot,) = record.jht.pots
    assert pot.employer_name == "PT Uji Coba Sejahtera"
    assert pot.first_period == date(2015, 1, 1) and pot.last_period == date(2026, 10, 1)
    assert record.series[-1].balance == view.total
    assert record.years[0] == 2015 and record.years[-1] == 2026
    assert {r.year for r in view.rates} == set(range(2015, 2027))
    # JP from July 2015: 136 months of 180,000
    assert record.jp.months == 136 and record.jp.contributions == 136 * 180_000

    entries = count(db, LedgerEntryRow)
    again = get_jht_balance(
        services.uow(), actor, benefits=services.benefits, now=services.clock.now()
    )
    assert again.total == view.total
    assert count(db, LedgerEntryRow) == entries  # nothing posted twice
    assert count(db, AuditRow, AuditRow.action == "jht.ledger_posted") == 1


def test_cek_saldo_needs_current_data(services: Services) -> None:
    member = enrol_member(services)
    with pytest.raises(PermissionDenied) as locked:
        get_jht_balance(
            services.uow(),
            actor_of(services, member),
            benefits=services.benefits,
            now=services.clock.now(),
        )
    assert locked.value.code == "service.locked"


def test_the_ledger_refuses_a_second_entry_for_the_same_month(services: Services) -> None:
    member = enrol_member(services)
    entry = LedgerEntry(Program.JHT, EntryKind.CONTRIBUTION, date(2020, 1, 1), "30000001", 342_000)
    uow = services.uow()
    with uow:
        uow.jht_ledger.add(member.participant.id, [entry], services.clock.now())
        uow.commit()
    with pytest.raises(Conflict) as duplicate, uow:
        uow.jht_ledger.add(member.participant.id, [entry], services.clock.now())
        uow.commit()
    assert duplicate.value.code == "record.duplicate"


def test_posting_for_everyone_is_idempotent_and_for_staff(services: Services, db: Engine) -> None:
    enrol_member(services)
    enrol_worker(services, employments=(job(date(2020, 1, 1), date(2021, 12, 31)),), account=False)
    first = post_ledgers(
        services.uow(), operator_actor(), yields=services.benefits.yields, now=services.clock.now()
    )
    assert first.participants == 2 and first.entries > 0
    second = post_ledgers(
        services.uow(), operator_actor(), yields=services.benefits.yields, now=services.clock.now()
    )
    assert second.entries == 0
    member = enrol_member(services)
    with pytest.raises(PermissionDenied):
        post_ledgers(
            services.uow(),
            actor_of(services, member),
            yields=services.benefits.yields,
            now=services.clock.now(),
        )


def test_several_kpj_under_one_nik_are_shown_and_can_be_merged(
    services: Services, db: Engine
) -> None:
    member = enrol_worker(services, employments=(job(date(2019, 1, 1), npp="30000001"),))
    old = enrol_worker(
        services,
        employments=(job(date(2012, 1, 1), date(2016, 6, 30), 4_000_000, npp="30000002"),),
        nik=member.nik,
        account=False,
    )
    actor = complete_update(services, member)
    view = get_jht_balance(
        services.uow(), actor, benefits=services.benefits, now=services.clock.now()
    )
    assert [r.kpj for r in view.records] == [member.kpj, old.kpj]
    assert view.records[0].own and not view.records[1].own
    assert view.records[1].jht.pots[0].employer_name == "PT Lama Jaya"
    assert view.records[1].jht.months == 54
    assert view.total == sum(r.jht.balance for r in view.records)
    assert view.can_merge

    request = request_kpj_merge(
        services.uow(), actor, notices=services.notices, now=services.clock.now()
    )
    assert (request.kind, request.status) == (ChangeKind.KPJ_MERGE, ChangeStatus.PENDING_REVIEW)
    assert [(c.field, c.old, c.new) for c in request.changes] == [("kpj", old.kpj, member.kpj)]
    assert count(db, OutboxRow, OutboxRow.kind == "jht.kpj_merge_requested") == 2
    assert count(db, AuditRow, AuditRow.action == "jht.kpj_merge_requested") == 1
    with pytest.raises(Conflict):
        request_kpj_merge(services.uow(), actor, notices=services.notices, now=services.clock.now())
    after = get_jht_balance(
        services.uow(), actor, benefits=services.benefits, now=services.clock.now()
    )
    assert after.open_merge_request is not None and not after.can_merge


def test_merging_needs_more_than_one_kpj(services: Services) -> None:
    member = enrol_member(services)
    complete_pengkinian(services, member)
    with pytest.raises(PermissionDenied):
        request_kpj_merge(
            services.uow(),
            actor_of(services, member),
            notices=services.notices,
            now=services.clock.now(),
        )


def test_statement_of_a_year_and_someone_elses_kpj(services: Services) -> None:
    member = enrol_member(services)
    complete_pengkinian(services, member)
    stranger = enrol_member(services, key="siti")
    actor = actor_of(services, member)
    now = services.clock.now()
    doc = get_statement(
        services.uow(), actor, kpj=member.kpj, year=2016, benefits=services.benefits, now=now
    )
    assert doc.statement.contributions == 12 * 342_000
    previous = get_statement(
        services.uow(), actor, kpj=member.kpj, year=2015, benefits=services.benefits, now=now
    )
    assert doc.statement.opening == previous.statement.closing
    assert doc.yield_rate is not None and doc.yield_rate.year == 2016
    pdf = services.benefits.statements.render(doc, "id")
    assert pdf.startswith(b"%PDF") and pdf == services.benefits.statements.render(doc, "id")
    assert services.benefits.statements.render(doc, "en") != pdf
    with pytest.raises(NotFound):
        get_statement(
            services.uow(), actor, kpj=stranger.kpj, year=2016, benefits=services.benefits, now=now
        )
    with pytest.raises(ValidationFailed) as bad_year:
        get_statement(
            services.uow(), actor, kpj=member.kpj, year=2010, benefits=services.benefits, now=now
        )
    assert bad_year.value.errors[0].code == "jht.statement_year"


def test_simulation_defaults_and_edits(services: Services) -> None:
    member = enrol_member(services)
    complete_pengkinian(services, member)
    actor = actor_of(services, member)
    now = services.clock.now()
    view = simulate_jht(services.uow(), actor, {}, benefits=services.benefits, now=now)
    assert view.defaults.monthly_wage == 6_000_000
    assert view.defaults.wage_growth_bp == 427
    assert view.yield_source is not None and view.defaults.yield_bp == view.yield_source.rate_bp
    assert view.simulation.retirement_date == date(2041, 3, 12)
    balance = get_jht_balance(services.uow(), actor, benefits=services.benefits, now=now).total
    assert view.simulation.start.balance == balance
    assert view.simulation.final.balance > balance
    flat = simulate_jht(
        services.uow(),
        actor,
        {"wage_growth": "0", "yield_rate": "0", "monthly_wage": "6000000"},
        benefits=services.benefits,
        now=now,
    )
    # November 2026 to February 2041: 172 months of 342,000 on top of today's balance
    assert flat.simulation.final.balance == balance + 172 * 342_000
    bad = simulate_jht(
        services.uow(), actor, {"yield_rate": "99"}, benefits=services.benefits, now=now
    )
    assert [e.code for e in bad.errors] == ["simulation.out_of_range"]
