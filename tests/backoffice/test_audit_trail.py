"""The audit trail read back (issue 11, Audit): filters by participant (KPJ or NIK),
staff member, action and days; keyset pages that cover every entry once; the branch scope;
the masking of exports; and reading or exporting the trail is itself on it."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from jmo.domain.accounts import Actor, Role
from jmo.domain.errors import PermissionDenied, ValidationFailed
from jmo.usecases.accounts.my_data import access_log
from jmo.usecases.accounts.sessions import Authenticated
from jmo.usecases.auditing import audit
from jmo.usecases.backoffice.audit_trail import (
    EXPORT_FIELDS,
    PAGE_SIZE,
    AuditSearch,
    export_audit,
    export_chunks,
    search_audit,
)
from jmo.usecases.participants.history import participant_history
from jmo.usecases.services import Services
from tests.cast import Member, actor_of, enrol_member
from tests.staff import staff_member


def _record(
    services: Services,
    action: str,
    *,
    at: datetime,
    actor: Actor | None = None,
    subject: tuple[str, str] = ("system", "-"),
    **details: Any,
) -> None:
    uow = services.uow()
    with uow:
        audit(uow, actor, action, subject_type=subject[0], subject_id=subject[1], at=at, **details)
        uow.commit()


def _search(services: Services, actor: Actor, **typed: str) -> list[Any]:
    page = search_audit(services.uow(), actor, AuditSearch.typed(**typed), now=services.clock.now())
    return page.lines


def _errors(exc: pytest.ExceptionInfo[ValidationFailed]) -> dict[str, str]:
    return {e.field: e.code for e in exc.value.errors}


def _own_log(services: Services, member: Member) -> list[Any]:
    actor = actor_of(services, member)
    uow = services.uow()
    with uow:
        account = uow.accounts.get(actor.account_id)
    assert account is not None
    return access_log(services.uow(), Authenticated(actor, None, account))  # type: ignore[arg-type]


def test_a_participants_trail_has_staff_reads_and_own_actions_by_kpj_or_nik(
    services: Services,
) -> None:
    budi = enrol_member(services)
    other = enrol_member(services, key="sri", full_name="Sri Wahyuni")
    officer = staff_member(services, "petugas.sby@kantor.jmo.id", Role.OFFICER, "SBY01")
    auditor = staff_member(services, "auditor.sby@kantor.jmo.id", Role.AUDITOR, "SBY01")
    participant_history(services.uow(), officer, kpj=budi.kpj, now=services.clock.now())
    participant_history(services.uow(), officer, kpj=other.kpj, now=services.clock.now())

    by_kpj = _search(services, auditor, participant=budi.kpj)
    reads = [line for line in by_kpj if line.entry.action == "participant.viewed"]
    assert [r.actor_email for r in reads] == ["petugas.sby@kantor.jmo.id"]
    assert {line.participant_kpj for line in by_kpj} == {budi.kpj, None}  # None: the account
    assert any(line.entry.subject_type == "account" for line in by_kpj)  # budi's own actions
    assert all(line.participant_kpj != other.kpj for line in by_kpj)
    by_nik = _search(services, auditor, participant=budi.nik)
    # the same entries, and the auditor's first look on top of them (it is a read too)
    assert [line.seq for line in by_nik][1:] == [line.seq for line in by_kpj]
    assert by_nik[0].entry.details["what"] == "audit_trail"
    assert by_nik[0].actor_email == "auditor.sby@kantor.jmo.id"
    # ... and budi sees it in "who accessed my data"
    assert sum(e.details.get("what") == "audit_trail" for e in _own_log(services, budi)) == 2


def test_keyset_pages_cover_every_entry_once_newest_first(services: Services) -> None:
    supervisor = staff_member(services, "supervisor.sby@kantor.jmo.id", Role.SUPERVISOR, "SBY01")
    officer = staff_member(services, "petugas.sby@kantor.jmo.id", Role.OFFICER, "SBY01")
    start = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)
    # 130 entries, many sharing one time (the sequence breaks the tie), and one written
    # late about an earlier time (pages follow the time, not the order of writing)
    for i in range(129):
        _record(services, "notice.sent", at=start + timedelta(seconds=i // 3), actor=officer)
    _record(services, "notice.sent", at=start - timedelta(days=1), actor=officer, late=True)

    seen: list[Any] = []
    after: int | None = None
    pages = 0
    while True:
        page = search_audit(
            services.uow(),
            supervisor,
            AuditSearch(action="notice.sent"),
            after=after,
            now=services.clock.now(),
        )
        seen += page.lines
        pages += 1
        assert len(page.lines) <= PAGE_SIZE
        if page.next_after is None:
            break
        after = page.next_after
    assert pages == 3 and len(seen) == 130
    assert len({line.seq for line in seen}) == 130
    keys = [(line.entry.at, line.seq) for line in seen]
    assert keys == sorted(keys, reverse=True)
    assert seen[-1].entry.details == {"late": True}


def test_days_are_whole_days_in_wib_and_filters_combine(services: Services) -> None:
    auditor = staff_member(services, "auditor.sby@kantor.jmo.id", Role.AUDITOR, "SBY01")
    officer = staff_member(services, "petugas.sby@kantor.jmo.id", Role.OFFICER, "SBY01")
    colleague = staff_member(services, "petugas2.sby@kantor.jmo.id", Role.OFFICER, "SBY01")
    last_minute = datetime(2026, 11, 1, 16, 59, tzinfo=UTC)  # 23:59 WIB, 1 November
    next_day = datetime(2026, 11, 1, 17, 0, tzinfo=UTC)  # 00:00 WIB, 2 November
    _record(services, "card.revoked", at=last_minute, actor=officer)
    _record(services, "card.revoked", at=next_day, actor=officer)
    _record(services, "card.revoked", at=last_minute, actor=colleague)
    _record(services, "claim.paid", at=last_minute, actor=officer)

    first = _search(
        services,
        auditor,
        staff_email="PETUGAS.SBY@kantor.jmo.id",
        action="card.revoked",
        first_day="2026-11-01",
        last_day="2026-11-01",
    )
    assert [(line.entry.at, line.actor_email) for line in first] == [
        (last_minute, "petugas.sby@kantor.jmo.id")
    ]
    second = _search(services, auditor, action="card.revoked", first_day="2026-11-02")
    assert [line.entry.at for line in second] == [next_day]


def test_a_branch_sees_its_participants_and_its_staff_the_head_office_all(
    services: Services,
) -> None:
    budi = enrol_member(services)  # Surabaya
    sby_officer = staff_member(services, "petugas.sby@kantor.jmo.id", Role.OFFICER, "SBY01")
    mks_officer = staff_member(services, "petugas.mks@kantor.jmo.id", Role.OFFICER, "MKS01")
    mks_auditor = staff_member(services, "auditor.mks@kantor.jmo.id", Role.AUDITOR, "MKS01")
    head = staff_member(services, "auditor.pusat@kantor.jmo.id", Role.AUDITOR, "KP00")
    at = services.clock.now()
    _record(services, "card.revoked", at=at, actor=sby_officer, subject=("card", "sby"))
    _record(services, "card.revoked", at=at, actor=mks_officer, subject=("card", "mks"))

    with pytest.raises(ValidationFailed) as refused:
        _search(
            services, mks_auditor, participant=budi.kpj, staff_email="petugas.sby@kantor.jmo.id"
        )
    # another branch's participant and staff answer as unknown ones: nothing to probe
    assert _errors(refused) == {
        "participant": "audit.participant_unknown",
        "staff": "audit.staff_unknown",
    }
    mine = _search(services, mks_auditor, action="card.revoked")
    assert [line.entry.subject_id for line in mine] == ["mks"]
    everything = _search(services, head, action="card.revoked")
    assert sorted(line.entry.subject_id for line in everything) == ["mks", "sby"]
    assert _search(services, head, participant=budi.kpj)  # the head office serves every branch


def test_only_auditors_and_supervisors_read_the_trail(services: Services) -> None:
    for role in (Role.OFFICER, Role.ADMIN):
        actor = staff_member(services, f"{role.value}@kantor.jmo.id", role, "SBY01")
        with pytest.raises(PermissionDenied) as refused:
            _search(services, actor)
        assert refused.value.code == "staff.not_allowed"
        with pytest.raises(PermissionDenied):
            export_audit(
                services.uow(),
                actor,
                AuditSearch(),
                export_format="csv",
                now=services.clock.now(),
            )
    member = enrol_member(services)
    with pytest.raises(PermissionDenied):
        _search(services, actor_of(services, member))


def test_filters_are_checked_and_named(services: Services) -> None:
    auditor = staff_member(services, "auditor.sby@kantor.jmo.id", Role.AUDITOR, "SBY01")
    with pytest.raises(ValidationFailed) as bad:
        _search(
            services,
            auditor,
            participant="Budi",
            action="x'; drop table audit_log",
            first_day="2026-11-05",
            last_day="2026-11-04",
        )
    assert _errors(bad) == {
        "participant": "audit.participant_format",
        "action": "audit.action_format",
        "until": "audit.range_reversed",
    }
    with pytest.raises(ValidationFailed) as dates:
        AuditSearch.typed(first_day="2026-13-01", last_day="kemarin")
    assert _errors(dates) == {"since": "date.invalid", "until": "date.invalid"}
    with pytest.raises(ValidationFailed) as cursor:
        search_audit(
            services.uow(), auditor, AuditSearch(), after=999_999, now=services.clock.now()
        )
    assert _errors(cursor) == {"after": "audit.cursor_unknown"}


def test_an_export_is_masked_complete_and_itself_recorded(services: Services) -> None:
    budi = enrol_member(services)
    officer = staff_member(services, "petugas.sby@kantor.jmo.id", Role.OFFICER, "SBY01")
    auditor = staff_member(services, "auditor.sby@kantor.jmo.id", Role.AUDITOR, "SBY01")
    _record(
        services,
        "tax.npwp_validation_recorded",
        at=services.clock.now(),
        actor=officer,
        subject=("participant", str(budi.participant.id)),
        # values that must never be in an entry, as if a careless caller put them there
        note=f"NIK {budi.nik} rekening 0123456789",
        nested={"account": ["9876543210123"]},
        amount=15_000_001,
    )
    search = AuditSearch.typed(participant=budi.kpj, action="tax.npwp_validation_recorded")

    text = "".join(
        export_chunks(
            export_audit(
                services.uow(), auditor, search, export_format="csv", now=services.clock.now()
            ),
            "csv",
        )
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == EXPORT_FIELDS and len(rows) == 1
    assert rows[0]["actor_email"] == "petugas.sby@kantor.jmo.id"
    assert rows[0]["participant_kpj"] == budi.kpj
    for clear in (budi.nik, "0123456789", "9876543210123"):
        assert clear not in text
    details = json.loads(rows[0]["details"])
    assert details["note"] == f"NIK {budi.nik[:4]} **** **** **{budi.nik[-2:]} rekening ******6789"
    assert details["nested"] == {"account": ["*********0123"]}
    assert details["amount"] == 15_000_001  # amounts are not identifiers

    as_json = json.loads(
        "".join(
            export_chunks(
                export_audit(
                    services.uow(), auditor, search, export_format="json", now=services.clock.now()
                ),
                "json",
            )
        )
    )
    assert [tuple(r) for r in as_json] == [EXPORT_FIELDS]
    assert as_json[0]["details"] == details

    recorded = _search(services, auditor, action="audit.exported")
    assert [line.entry.details["format"] for line in recorded] == ["json", "csv"]
    assert recorded[0].entry.details["participants"] == [str(budi.participant.id)]
    assert budi.kpj not in json.dumps(recorded[0].entry.details)  # filters, not values
    reads = [e for e in _own_log(services, budi) if e.details.get("what") == "audit_trail"]
    assert len(reads) == 2  # each export is a read of budi's trail


def test_an_export_of_more_than_one_batch_streams_in_order(services: Services) -> None:
    auditor = staff_member(services, "auditor.sby@kantor.jmo.id", Role.AUDITOR, "SBY01")
    officer = staff_member(services, "petugas.sby@kantor.jmo.id", Role.OFFICER, "SBY01")
    for i in range(30):
        _record(
            services, "notice.sent", at=services.clock.now() + timedelta(minutes=i), actor=officer
        )
    lines = list(
        export_audit(
            services.uow(),
            auditor,
            AuditSearch(action="notice.sent"),
            export_format="json",
            now=services.clock.now(),
            batch=7,  # small batches: four round trips and a short last one
        )
    )
    assert len(lines) == 30 == len({line.seq for line in lines})
    assert [line.entry.at for line in lines] == sorted(
        (line.entry.at for line in lines), reverse=True
    )


def test_pages_within_a_range_of_days_cover_it_once(services: Services) -> None:
    auditor = staff_member(services, "auditor.sby@kantor.jmo.id", Role.AUDITOR, "SBY01")
    officer = staff_member(services, "petugas.sby@kantor.jmo.id", Role.OFFICER, "SBY01")
    morning = datetime(2026, 11, 3, 1, 0, tzinfo=UTC)  # 08:00 WIB, 3 November
    for i in range(120):  # 3 and 4 November (WIB), and the 5th, outside the range
        _record(services, "card.issued", at=morning + timedelta(minutes=30 * i), actor=officer)
    search = AuditSearch.typed(action="card.issued", first_day="2026-11-03", last_day="2026-11-04")
    seen: list[Any] = []
    after: int | None = None
    while True:
        page = search_audit(services.uow(), auditor, search, after=after, now=morning)
        seen += page.lines
        if page.next_after is None:
            break
        after = page.next_after
    inside = [
        i
        for i in range(120)
        if morning + timedelta(minutes=30 * i) < datetime(2026, 11, 4, 17, tzinfo=UTC)
    ]
    assert len(seen) == len(inside) == len({line.seq for line in seen}) == 80
