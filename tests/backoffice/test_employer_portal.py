"""The employer portal's use cases (both databases): HR sees and changes its own company's
workers only; a correction is checked with the app's rules, applies at once or goes to
the officers with a signed letter; a CSV applies whole, and once; resignations feed the
employment end date; new workers; every read and write is in the worker's access log."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import cast
from uuid import UUID, uuid4

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.domain.accounts import Role
from jmo.domain.backoffice import employer as rules
from jmo.domain.backoffice.queue import WorkKind
from jmo.domain.backoffice.totp import current_code
from jmo.domain.card import CardClaims
from jmo.domain.errors import NotFound, PermissionDenied, ValidationFailed
from jmo.domain.pengkinian.change_request import ChangeKind, ChangeStatus, Channel
from jmo.domain.time import FixedClock
from jmo.settings import Settings
from jmo.storage.rows import OutboxRow
from jmo.usecases.backoffice.queue import work_queue
from jmo.usecases.backoffice.staff_accounts import create_employer_user
from jmo.usecases.employer.corrections import correct_worker, upload_corrections
from jmo.usecases.employer.letters import (
    letter_for_worker_request,
    letter_of_request,
    verify_letter,
)
from jmo.usecases.employer.workers import (
    list_workers,
    open_worker,
    register_worker,
    resign_worker,
)
from jmo.usecases.pengkinian.identity_report import report_identity_error
from jmo.usecases.services import Services
from jmo.usecases.staff_reads import STAFF_READ_ACTION
from jmo.usecases.system import operator_actor
from tests.backoffice.employer_helpers import (
    OTHER_NPP,
    OWN_NPP,
    csv_file,
    employer_tools,
    hr_user,
    worker_elsewhere,
)
from tests.cast import PASSWORD, actor_of, enrol_member
from tests.staff import fresh_code, staff_member


def _audit(services: Services, participant_id: UUID) -> list[tuple[str, str, str, str]]:
    uow = services.uow()
    with uow:
        entries = uow.audit.for_subjects([("participant", str(participant_id))])
    return [
        (e.action, e.actor_role or "", e.channel or "", str(e.details.get("what", "")))
        for e in entries
    ]


def _notices(db: Engine, participant_id: UUID) -> list[str]:
    with db.connect() as conn:
        return list(
            conn.scalars(
                select(OutboxRow.kind)
                .where(OutboxRow.participant_id == participant_id)
                .where(OutboxRow.kind.like("employer.%"))
            )
        )


def test_hr_sees_its_own_workers_only_and_each_opening_is_recorded(services: Services) -> None:
    mine = enrol_member(services, key="sendiri", full_name="Rudi Hartono Saputra", face=None)
    theirs = worker_elsewhere(services)
    hr = hr_user(services, "hr.uji@perusahaan.co.id")
    employer, workers = list_workers(services.uow(), hr)
    assert employer.npp == OWN_NPP
    assert [w.kpj for w in workers] == [mine.kpj]
    assert workers[0].masked_name == "Rudi H. S."  # the list names no one in full
    assert workers[0].current
    assert [w.kpj for w in list_workers(services.uow(), hr, search=mine.kpj)[1]] == [mine.kpj]
    assert list_workers(services.uow(), hr, search="99")[1] == []
    assert _audit(services, mine.participant.id)[-1][0] == "participant.registered"

    view = open_worker(services.uow(), hr, mine.participant.id, now=services.clock.now())
    assert view.participant.identity.full_name == "Rudi Hartono Saputra"
    assert _audit(services, mine.participant.id)[-1] == (
        STAFF_READ_ACTION,
        "employer_hr",
        "employer",
        "employer_worker",
    )
    # another company's worker answers as a missing one, and nothing is recorded
    before = _audit(services, theirs.participant.id)
    with pytest.raises(NotFound):
        open_worker(services.uow(), hr, theirs.participant.id, now=services.clock.now())
    assert _audit(services, theirs.participant.id) == before
    # the other company's HR sees theirs, not mine
    other = hr_user(services, "hr.lain@perusahaan.co.id", OTHER_NPP)
    assert [w.kpj for w in list_workers(services.uow(), other)[1]] == [theirs.kpj]


def test_staff_and_participants_are_refused_and_hr_is_not_staff(services: Services) -> None:
    member = enrol_member(services, key="tolak", face=None)
    officer = staff_member(services, "petugas.sby@kantor.jmo.id", Role.OFFICER, "SBY01")
    for actor in (officer, actor_of(services, member)):
        with pytest.raises(PermissionDenied) as refused:
            list_workers(services.uow(), actor)
        assert refused.value.code == "auth.employer_only"
    hr = hr_user(services, "hr.tolak@perusahaan.co.id")
    with pytest.raises(PermissionDenied) as refused:
        work_queue(services.uow(), hr, now=services.clock.now())
    assert refused.value.code == "auth.staff_only"


def test_a_direct_correction_applies_with_history_notice_and_access_log(
    services: Services, db: Engine
) -> None:
    member = enrol_member(services, key="alamat", face=None)
    hr = hr_user(services, "hr.alamat@perusahaan.co.id")
    outcome = correct_worker(
        services.uow(),
        hr,
        member.participant.id,
        {"address_street": "Jl. Rungkut Industri III No. 7", "postal_code": "60293"},
        tools=employer_tools(services),
        now=services.clock.now(),
    )
    assert (outcome.applied, outcome.queued) == (1, 0)
    uow = services.uow()
    with uow:
        after = uow.participants.get(member.participant.id)
        history = uow.participants.history(member.participant.id)
        requests = uow.change_requests.for_participant(member.participant.id)
    assert after is not None
    assert after.profile.address_street == "Jl. Rungkut Industri III No. 7"
    assert after.profile.postal_code == "60293"
    assert history[-1].version == after.version == member.participant.version + 1
    (applied,) = requests
    assert (applied.channel, applied.status) == (Channel.EMPLOYER, ChangeStatus.APPLIED)
    assert history[-1].change_request_id == applied.id
    assert _notices(db, member.participant.id) == ["employer.data_updated"]
    assert ("employer.data_corrected", "employer_hr", "employer", "") in _audit(
        services, member.participant.id
    )


def test_a_bad_value_is_refused_by_the_apps_rule_and_nothing_changes(services: Services) -> None:
    member = enrol_member(services, key="salah", face=None)
    hr = hr_user(services, "hr.salah@perusahaan.co.id")
    with pytest.raises(ValidationFailed) as refused:
        correct_worker(
            services.uow(),
            hr,
            member.participant.id,
            {"postal_code": "6029", "birth_date": "2090-01-01", "marital_status": "x"},
            tools=employer_tools(services),
            now=services.clock.now(),
        )
    assert {e.field for e in refused.value.errors} == {
        "postal_code",
        "birth_date",
        "marital_status",
    }
    uow = services.uow()
    with uow:
        after = uow.participants.get(member.participant.id)
        assert uow.change_requests.for_participant(member.participant.id) == []
    assert after is not None and after.version == member.participant.version


def test_an_identity_correction_goes_to_the_officers_with_a_signed_letter(
    services: Services, db: Engine
) -> None:
    member = enrol_member(services, key="lahir", face=None)
    hr = hr_user(services, "hr.lahir@perusahaan.co.id")
    outcome = correct_worker(
        services.uow(),
        hr,
        member.participant.id,
        {"birth_date": "1985-03-21"},
        tools=employer_tools(services),
        now=services.clock.now(),
    )
    assert (outcome.applied, outcome.queued) == (0, 1)
    uow = services.uow()
    with uow:
        (request,) = uow.change_requests.for_participant(member.participant.id)
        unchanged = uow.participants.get(member.participant.id)
    assert request.kind is ChangeKind.IDENTITY_CORRECTION
    assert (request.channel, request.status) == (Channel.EMPLOYER, ChangeStatus.PENDING_REVIEW)
    assert unchanged is not None and unchanged.identity.birth_date == date(1985, 3, 12)
    assert outcome.requests == (request.reference,)
    # the officers' queue has it as an employer correction, and the page checks the letter
    officer = staff_member(services, "petugas.lahir@kantor.jmo.id", Role.OFFICER, "SBY01")
    items = work_queue(
        services.uow(), officer, kind=WorkKind.EMPLOYER_CORRECTION, now=services.clock.now()
    )
    assert [i.item_id for i in items] == [request.id]
    check = letter_of_request(services.uow(), officer, request.id, tokens=services.card_tokens)
    assert check is not None and check.valid
    assert check.letter.values == {"birth_date": "1985-03-21"}
    assert check.letter.npp == OWN_NPP
    # a letter whose statements changed after signing does not verify
    uow = services.uow()
    with uow:
        found = uow.employers.letter_for_request(request.id)
    assert found is not None
    letter, token = found
    forged = replace(letter, values={"birth_date": "1999-01-01"})
    assert verify_letter(letter, token, services.card_tokens)
    assert not verify_letter(forged, token, services.card_tokens)
    assert _notices(db, member.participant.id) == ["employer.correction_filed"]
    actions = [a for a, *_ in _audit(services, member.participant.id)]
    assert {"employer.letter_issued", "employer.correction_filed"} <= set(actions)
    # a second identity correction waits until the first is done
    with pytest.raises(ValidationFailed) as refused:
        correct_worker(
            services.uow(),
            hr,
            member.participant.id,
            {"full_name": "Budi Santosa"},
            tools=employer_tools(services),
            now=services.clock.now(),
        )
    assert refused.value.errors[0].code == "employer.correction_open"


def test_the_letter_joins_the_workers_own_request(services: Services) -> None:
    member = enrol_member(services, key="lapor", face=None)
    request = report_identity_error(
        services.uow(),
        actor_of(services, member),
        fields=["birth_date"],
        note="Tanggal lahir saya salah",
        notices=services.notices,
        now=services.clock.now(),
    )
    hr = hr_user(services, "hr.lapor@perusahaan.co.id")
    with pytest.raises(ValidationFailed):
        letter_for_worker_request(
            services.uow(),
            hr,
            member.participant.id,
            {"birth_date": "31-02-1985"},
            regions=services.regions,
            tokens=services.card_tokens,
            now=services.clock.now(),
        )
    letter, _ = letter_for_worker_request(
        services.uow(),
        hr,
        member.participant.id,
        {"birth_date": "21-03-1985"},
        regions=services.regions,
        tokens=services.card_tokens,
        now=services.clock.now(),
    )
    officer = staff_member(services, "petugas.lapor@kantor.jmo.id", Role.OFFICER, "SBY01")
    check = letter_of_request(services.uow(), officer, request.id, tokens=services.card_tokens)
    assert check is not None and check.valid and check.letter.id == letter.id
    # another company's HR cannot issue one for this worker
    other = hr_user(services, "hr.lapor-lain@perusahaan.co.id", OTHER_NPP)
    with pytest.raises(NotFound):
        letter_for_worker_request(
            services.uow(),
            other,
            member.participant.id,
            {"birth_date": "21-03-1985"},
            regions=services.regions,
            tokens=services.card_tokens,
            now=services.clock.now(),
        )


def test_a_file_with_bad_rows_applies_nothing_then_the_clean_file_applies_once(
    services: Services,
) -> None:
    first = enrol_member(services, key="satu", face=None)
    second = enrol_member(services, key="dua", face=None)
    theirs = worker_elsewhere(services, key="csv-lain")
    hr = hr_user(services, "hr.csv@perusahaan.co.id")
    bad = csv_file(
        [
            {"kpj": first.kpj, "address_street": "Jl. Kenjeran 10"},
            {"kpj": second.kpj, "postal_code": "12", "birth_date": "1985-13-01"},
            {"kpj": theirs.kpj, "address_street": "Jl. Lain 1"},
            {"kpj": "123", "education": "SLTA"},
        ]
    )
    outcome = upload_corrections(
        services.uow(), hr, bad, tools=employer_tools(services), now=services.clock.now()
    )
    assert {(e.line, e.field) for e in outcome.errors} == {
        (3, "postal_code"),
        (3, "birth_date"),
        (4, "kpj"),
        (5, "kpj"),
    }
    assert outcome.applied == outcome.queued == 0
    uow = services.uow()
    with uow:
        unchanged = uow.participants.get(first.participant.id)
        assert uow.change_requests.for_participant(first.participant.id) == []
    assert unchanged is not None and unchanged.profile.address_street is None  # row 2 too

    clean = csv_file(
        [
            {"kpj": first.kpj, "address_street": "Jl. Kenjeran 10"},
            {"kpj": second.kpj, "postal_code": "60293", "birth_date": "1985-03-01"},
        ]
    )
    applied = upload_corrections(
        services.uow(), hr, clean, tools=employer_tools(services), now=services.clock.now()
    )
    assert (applied.errors, applied.applied, applied.queued) == ([], 2, 1)
    again = upload_corrections(
        services.uow(), hr, clean, tools=employer_tools(services), now=services.clock.now()
    )
    assert again.earlier is not None and again.applied == 0
    uow = services.uow()
    with uow:
        after = uow.participants.get(first.participant.id)
        requests = uow.change_requests.for_participant(first.participant.id)
    assert after is not None and after.profile.address_street == "Jl. Kenjeran 10"
    assert len(requests) == 1  # applied once
    # a row repeating the record's identity with a new address changes the address only
    repeated = csv_file(
        [
            {
                "kpj": first.kpj,
                "full_name": first.participant.identity.full_name,
                "address_street": "Jl. Kenjeran 12",
            }
        ]
    )
    only_address = upload_corrections(
        services.uow(), hr, repeated, tools=employer_tools(services), now=services.clock.now()
    )
    assert (only_address.errors, only_address.applied, only_address.queued) == ([], 1, 0)


def test_file_level_problems_name_the_file() -> None:
    with pytest.raises(Exception) as wrong:
        rules.read_csv(b"kpj,salary\n12345678901,1\n")
    assert getattr(wrong.value, "code", "") == "employer.file_columns"
    with pytest.raises(Exception) as empty:
        rules.read_csv(b"kpj,address_street\n\n")
    assert getattr(empty.value, "code", "") == "employer.file_empty"
    rows = rules.read_csv("\ufeffkpj;address_street\n30000000001;Jl. A\n".encode())
    assert rows == [rules.FileRow(2, {"kpj": "30000000001", "address_street": "Jl. A"})]
    assert rules.read_csv(rules.template_csv().encode())[0].values["kpj"] == "12345678901"


def test_a_resignation_sets_the_end_date_and_is_checked(services: Services, db: Engine) -> None:
    member = enrol_member(services, key="resign", face=None)
    hr = hr_user(services, "hr.resign@perusahaan.co.id")
    today = services.clock.now().date()
    for wrong, code in (
        ((today + timedelta(days=1)).isoformat(), "employer.end_in_future"),
        ("2014-12-31", "employer.end_before_start"),
        ("kemarin", "date.format"),
    ):
        with pytest.raises(ValidationFailed) as refused:
            resign_worker(
                services.uow(),
                hr,
                member.participant.id,
                end_date=wrong,
                notices=services.notices,
                now=services.clock.now(),
            )
        assert refused.value.errors[0].code == code
    other = hr_user(services, "hr.resign-lain@perusahaan.co.id", OTHER_NPP)
    with pytest.raises(NotFound):
        resign_worker(
            services.uow(),
            other,
            member.participant.id,
            end_date="2025-10-31",
            notices=services.notices,
            now=services.clock.now(),
        )
    ended = resign_worker(
        services.uow(),
        hr,
        member.participant.id,
        end_date="2025-10-31",
        notices=services.notices,
        now=services.clock.now(),
    )
    assert ended.end_date == date(2025, 10, 31)
    uow = services.uow()
    with uow:
        (employment,) = uow.participants.employments(member.participant.id)
    assert employment.end_date == date(2025, 10, 31)  # what JHT eligibility reads
    assert _notices(db, member.participant.id) == ["employer.resignation_recorded"]
    with pytest.raises(ValidationFailed) as twice:
        resign_worker(
            services.uow(),
            hr,
            member.participant.id,
            end_date="2025-10-31",
            notices=services.notices,
            now=services.clock.now(),
        )
    assert twice.value.errors[0].code == "employer.already_ended"


def test_registering_workers_new_and_known(services: Services) -> None:
    hr = hr_user(services, "hr.baru@perusahaan.co.id")
    known = worker_elsewhere(services, key="pindah")
    form = {
        "nik": "3578016505900003",
        "full_name": "Nur Aini",
        "birth_place": "Surabaya",
        "birth_date": "1990-05-25",
        "gender": "P",
        "npwp": "",
        "start_date": "2025-01-06",
        "monthly_wage": "5500000",
    }
    with pytest.raises(ValidationFailed) as refused:
        register_worker(
            services.uow(),
            hr,
            form | {"gender": "L", "monthly_wage": "5,5 juta"},
            regions=services.regions,
            notices=services.notices,
            now=services.clock.now(),
        )
    assert {e.field for e in refused.value.errors} == {"nik", "monthly_wage"}
    new = register_worker(
        services.uow(),
        hr,
        form,
        regions=services.regions,
        notices=services.notices,
        now=services.clock.now(),
    )
    assert new.identity.full_name == "Nur Aini" and len(new.identity.kpj) == 11
    moved = register_worker(
        services.uow(),
        hr,
        form
        | {
            "nik": known.participant.identity.nik,
            "full_name": known.participant.identity.full_name,
            "birth_date": known.participant.identity.birth_date.isoformat(),
            "gender": "L",
        },
        regions=services.regions,
        notices=services.notices,
        now=services.clock.now(),
    )
    assert moved.id == known.participant.id
    assert {w.kpj for w in list_workers(services.uow(), hr)[1]} == {new.identity.kpj, known.kpj}


def test_the_docs_employer_table_is_the_domains() -> None:
    """docs/back-office.md prints what employer HR may do; the domain decides it, and no
    staff role holds an employer action."""
    from pathlib import Path  # noqa: PLC0415

    from jmo.domain.backoffice.permissions import EMPLOYER_ACTIONS, PERMISSIONS  # noqa: PLC0415

    text = (Path(__file__).parents[2] / "docs" / "back-office.md").read_text()
    section = text.split("## Employer portal", 1)[1].split("\n## ", 1)[0]
    printed = set()
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`employer.") and cells[1] == "✓":
            printed.add(cells[0].strip("`"))
    assert printed == {a.value for a in EMPLOYER_ACTIONS}
    for role, actions in PERMISSIONS.items():
        if role is not Role.EMPLOYER_HR:
            assert not actions & EMPLOYER_ACTIONS, role
    assert set(rules.EMPLOYER_FIELDS) == set(rules.CSV_COLUMNS) - {"kpj"}


def test_hr_signs_in_like_staff_with_a_mandatory_second_factor(
    settings: Settings, runtime: Runtime, services: Services
) -> None:
    """The staff sign-in at /perusahaan/masuk: QR enrolment on the first sign-in, ten
    recovery codes, then password and code; the staff's shorter idle timeout."""
    enrol_member(services, key="masuk", face=None)
    create_employer_user(
        services.uow(),
        services.passwords,
        operator_actor(),
        email="hr.masuk@perusahaan.co.id",
        password=PASSWORD,
        npp=OWN_NPP,
        now=services.clock.now(),
    )
    with TestClient(create_app(settings, runtime)) as client:
        assert client.get("/perusahaan", follow_redirects=False).headers["location"] == (
            "/perusahaan/masuk"
        )
        login = client.get("/perusahaan/masuk")
        assert "Masuk HR perusahaan" in login.text and 'action="/perusahaan/masuk"' in login.text
        form = {"email": "hr.masuk@perusahaan.co.id", "password": PASSWORD}
        first = client.post(
            "/perusahaan/masuk",
            data=form | {"code": "", "csrf_token": client.cookies.get("jmo_csrf") or ""},
            follow_redirects=False,
        )
        assert first.headers["location"] == "/perusahaan/autentikator"
        assert "Path=/perusahaan" in first.headers["set-cookie"]
        page = client.get("/perusahaan/autentikator")
        secret = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', page.text).group(1)  # type: ignore[union-attr]
        done = client.post(
            "/perusahaan/autentikator",
            data={
                "code": current_code(secret, services.clock.now()),
                "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1),  # type: ignore[union-attr]
            },
        )
        assert len(re.findall(r"<li><code>([a-z0-9-]+)</code></li>", done.text)) == 10
        assert 'href="/perusahaan"' in done.text
        workers = client.get("/perusahaan")
        assert workers.status_code == 200 and "PT Uji Coba Sejahtera" in workers.text
        # HR is not staff: the officers' pages refuse it
        assert client.get("/petugas", follow_redirects=False).status_code == 403
        # idle for longer than staff may be: signed out
        clock = cast(FixedClock, services.clock)
        clock.advance(timedelta(minutes=services.policy.staff_session_idle_minutes + 1))
        assert client.get("/perusahaan", follow_redirects=False).headers["location"] == (
            "/perusahaan/masuk?expired=1"
        )
        # from now on the password alone is not enough
        client.get("/perusahaan/masuk")
        again = client.post(
            "/perusahaan/masuk",
            data=form | {"code": "", "csrf_token": client.cookies.get("jmo_csrf") or ""},
            follow_redirects=False,
        )
        assert again.status_code == 400 and "Masukkan kode 6 angka" in again.text
        code = fresh_code(services, secret)
        signed = client.post(
            "/perusahaan/masuk",
            data=form | {"code": code, "csrf_token": client.cookies.get("jmo_csrf") or ""},
            follow_redirects=False,
        )
        assert signed.headers["location"] == "/perusahaan"


def test_a_card_signature_never_passes_as_a_letter(services: Services) -> None:
    tokens = services.card_tokens
    letter_token = tokens.sign_letter(b"x" * 48)
    assert tokens.verify_letter(letter_token) == b"x" * 48
    with pytest.raises(ValueError):
        tokens.verify(letter_token)  # not a card's
    card_token = tokens.sign(CardClaims(uuid4(), services.clock.now(), services.clock.now()))
    with pytest.raises(ValueError):
        tokens.verify_letter(card_token)


def test_a_resignation_opens_the_jht_resignation_claim(services: Services) -> None:
    """The end date HR records is the one the JHT rule reads (docs/domain-rules.md §3):
    still employed before; after, the claim opens one month after the last day."""
    from jmo.domain.claims import jht  # noqa: PLC0415
    from jmo.domain.claims.facts import ClaimInput  # noqa: PLC0415
    from jmo.domain.claims.model import ClaimReason  # noqa: PLC0415
    from jmo.usecases.claims.context import member_facts  # noqa: PLC0415

    member = enrol_member(services, key="jht", face=None)
    hr = hr_user(services, "hr.jht@perusahaan.co.id")
    resign = ClaimInput(ClaimReason.JHT_RESIGNATION)

    def problems() -> list[str]:
        uow = services.uow()
        with uow:
            found = uow.participants.get(member.participant.id)
            assert found is not None
            facts, _ = member_facts(
                uow, found, yields_table=services.benefits.yields, now=services.clock.now()
            )
        return [p.code for p in jht.check(resign, facts)[0]]

    assert problems() == ["claim.jht.still_employed"]
    today = services.clock.now().date()
    resign_worker(
        services.uow(),
        hr,
        member.participant.id,
        end_date=(today - timedelta(days=10)).isoformat(),
        notices=services.notices,
        now=services.clock.now(),
    )
    assert problems() == ["claim.jht.waiting_period"]


def test_the_same_file_twice_at_the_same_moment_applies_once(
    services: Services, db: Engine
) -> None:
    """Two tabs upload one file at once: the content's key lets one apply it; the other
    waits on the key, rolls back whole and answers "already applied" (PostgreSQL: SQLite
    serialises writers, so the race cannot happen there)."""
    if db.dialect.name != "postgresql":
        pytest.skip("a real race needs concurrent writers")
    import threading  # noqa: PLC0415

    member = enrol_member(services, key="balapan", face=None)
    hr = hr_user(services, "hr.balapan@perusahaan.co.id")
    content = csv_file([{"kpj": member.kpj, "address_street": "Jl. Balapan 1"}])
    start = threading.Barrier(2)
    outcomes = []

    def upload() -> None:
        start.wait()
        outcomes.append(
            upload_corrections(
                services.uow(),
                hr,
                content,
                tools=employer_tools(services),
                now=services.clock.now(),
            )
        )

    threads = [threading.Thread(target=upload) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == 2
    assert sorted(o.earlier is None for o in outcomes) == [False, True]
    assert sum(o.applied for o in outcomes) == 1
    uow = services.uow()
    with uow:
        assert len(uow.change_requests.for_participant(member.participant.id)) == 1
        after = uow.participants.get(member.participant.id)
    assert after is not None and after.version == member.participant.version + 1


def test_the_field_policy_decides_what_a_company_may_change_and_who_applies_it(
    services: Services,
) -> None:
    """The employer channel of the field policy: documents -> an officer, none -> at once;
    a field the policy keeps from companies (the bank account) is not even a column."""
    from jmo.domain.pengkinian.policy import FIELD_POLICY  # noqa: PLC0415

    for name, route in rules.EMPLOYER_FIELDS.items():
        rule = FIELD_POLICY[name]
        assert Channel.EMPLOYER in rule.changed_by
        assert (route is rules.Route.OFFICER) is bool(rule.documents), name
    assert "bank_account" not in rules.CSV_COLUMNS and "phone" not in rules.CSV_COLUMNS
    member = enrol_member(services, key="kelamin", face=None)
    hr = hr_user(services, "hr.kelamin@perusahaan.co.id")
    outcome = correct_worker(
        services.uow(),
        hr,
        member.participant.id,
        {"citizenship": "WNA", "education": "S1"},
        tools=employer_tools(services),
        now=services.clock.now(),
    )
    assert (outcome.applied, outcome.queued) == (1, 1)
    uow = services.uow()
    with uow:
        after = uow.participants.get(member.participant.id)
        request = uow.change_requests.latest_open(
            member.participant.id, ChangeKind.IDENTITY_CORRECTION
        )
    assert after is not None and after.profile.education == "DIPLOMA_IV_S1"
    assert after.profile.citizenship == "WNI"  # waits for the officer
    assert request is not None and [c.field for c in request.changes] == ["citizenship"]
    assert request.documents_required  # what the policy asks for
