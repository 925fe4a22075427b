"""Appointments at a branch office on the real database: a booking for a claim above the
self-service limit (code, what to bring, notices, audit), one open booking per purpose,
the capacity per office and slot, moving and cancelling, the officer's day list and
marks, and the claim paid only once its appointment is done. Four eyes on claims above
the amount, in the use case and in the API."""

from __future__ import annotations

import html
import random
import re
import threading
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.domain.accounts import Actor, Role
from jmo.domain.backoffice.appointments import Appointment, AppointmentStatus, Purpose
from jmo.domain.backoffice.queue import WorkKind
from jmo.domain.claims.model import BranchStep, Claim, ClaimProgram, ClaimReason, ClaimStatus
from jmo.domain.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from jmo.domain.time import FixedClock
from jmo.settings import Settings
from jmo.storage.rows import AuditRow, OutboxRow
from jmo.usecases.appointments.booking import (
    book_appointment,
    booking_options,
    cancel_my_appointment,
    my_appointments,
    reschedule_my_appointment,
)
from jmo.usecases.appointments.desk import day_appointments, mark_appointment
from jmo.usecases.backoffice.queue import work_queue
from jmo.usecases.claims.staff import approve_claim, get_claim_for_staff, pay_claim, verify_claim
from jmo.usecases.claims.submit import submit_claim
from jmo.usecases.services import Services
from tests.api.test_access_matrix import bearer
from tests.backoffice.helpers import OTHER, OWN, new_staff
from tests.cast import enrol_member
from tests.conftest import TEST_DATABASE
from tests.jht_cast import complete_update, enrol_worker, job, uploads_for
from tests.staff import staff_member
from tests.web.test_pages import csrf_of, log_in


@pytest.fixture
def svc(services: Services) -> Services:
    """The update changes the member's bank account and contacts; their holds have their own tests
    (and the page shows it: tests/browser/test_appointment_claim.py)."""
    return replace(
        services,
        benefits=replace(services.benefits, bank_cooling_off_days=0, contact_cooling_off_days=0),
    )


def resigned(svc: Services, name: str = "Sri Wulandari") -> tuple[Any, Actor]:
    """Rp68.4 million of JHT: above the self-service limit, so the claim goes to a branch."""
    member = enrol_worker(
        svc,
        employments=(job(date(2010, 1, 1), date(2019, 12, 31), 10_000_000),),
        full_name=name,
    )
    return member, complete_update(svc, member)


def claim_of(svc: Services, actor: Actor) -> Claim:
    return submit_claim(
        svc.uow(),
        actor,
        ClaimProgram.JHT,
        {"reason": "jht.resignation"},
        uploads_for(ClaimReason.JHT_RESIGNATION),
        benefits=svc.benefits,
        notices=svc.notices,
        inspector=svc.attachments,
        policy=svc.policy,
        now=svc.clock.now(),
    )


def book(svc: Services, actor: Actor, claim: Claim, slot: int = 0, **kw: Any) -> Any:
    options = booking_options(
        svc.uow(),
        actor,
        purpose="klaim",
        reference=claim.number,
        capacity=kw.get("capacity", svc.policy.appointment_slot_capacity),
        now=svc.clock.now(),
    )
    return book_appointment(
        svc.uow(),
        actor,
        purpose="klaim",
        reference=claim.number,
        branch_code=options.branch.code,
        starts_at=options.slots[slot].starts_at.isoformat(),
        capacity=kw.get("capacity", svc.policy.appointment_slot_capacity),
        notices=svc.notices,
        rng=random.Random(kw.get("seed", 1)),
        now=svc.clock.now(),
    )


def count(db: Engine, model: Any, *where: Any) -> int:
    with db.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def test_a_claim_above_the_limit_is_booked_done_at_the_branch_and_then_paid(
    svc: Services, db: Engine, clock: FixedClock
) -> None:
    member, actor = resigned(svc)
    claim = claim_of(svc, actor)
    assert claim.route.value == "branch"

    options = booking_options(
        svc.uow(), actor, purpose="klaim", reference=claim.number, capacity=4, now=clock.now()
    )
    assert options.branch.code == OWN  # the participant's own branch by default
    assert options.day == date(2026, 11, 26)  # tomorrow
    assert [s.free for s in options.slots] == [4] * 7
    assert "claim_documents" in options.bring and "booking_code" in options.bring

    booked = book(svc, actor, claim)
    assert booked.code.startswith("JT-") and booked.subject_id == claim.id
    assert booked.status is AppointmentStatus.BOOKED
    assert count(db, OutboxRow, OutboxRow.kind == "appointment.booked") == 2  # email, SMS
    assert count(db, AuditRow, AuditRow.action == "appointment.booked") == 1
    uow = svc.uow()
    with uow:
        inbox = uow.inbox.for_participant(member.participant.id, 10)
    assert any(booked.code in m.body for m in inbox)
    with pytest.raises(Conflict) as twice:
        book(svc, actor, claim, slot=1)
    assert twice.value.code == "appointment.already_booked"

    # verified by one officer, approved by another (four eyes), then the branch
    officer = staff_member(svc, "petugas@kantor.jmo.id", Role.OFFICER, OWN)
    supervisor = staff_member(svc, "supervisor@kantor.jmo.id", Role.SUPERVISOR, OWN)
    verify_claim(svc.uow(), officer, claim.id, notices=svc.notices, now=clock.now())
    with pytest.raises(PermissionDenied) as same:
        approve_claim(
            svc.uow(),
            officer,
            claim.id,
            benefits=svc.benefits,
            notices=svc.notices,
            now=clock.now(),
        )
    assert same.value.code == "four_eyes.same_person"
    assert get_claim_for_staff(svc.uow(), officer, claim.id, now=clock.now()).status is (
        ClaimStatus.VERIFIED  # nothing changed
    )
    approve_claim(
        svc.uow(), supervisor, claim.id, benefits=svc.benefits, notices=svc.notices, now=clock.now()
    )
    with pytest.raises(Conflict) as not_yet:
        pay_claim(
            svc.uow(),
            officer,
            claim.id,
            benefits=svc.benefits,
            notices=svc.notices,
            now=clock.now(),
        )
    assert not_yet.value.code == "claim.branch_step_required"
    with pytest.raises(Conflict) as early:
        mark_appointment(
            svc.uow(), officer, booked.id, status="done", notices=svc.notices, now=clock.now()
        )
    assert early.value.code == "appointment.not_today"

    # the day of the appointment: in the officer's day list and work queue, then done
    clock.advance(timedelta(days=1))
    listed = day_appointments(svc.uow(), officer, now=clock.now())
    assert [a.code for a in listed] == [booked.code]
    queue = work_queue(svc.uow(), officer, kind=WorkKind.APPOINTMENT, now=clock.now())
    assert [i.reference for i in queue] == [booked.code]
    arrived = mark_appointment(
        svc.uow(), officer, booked.id, status="arrived", notices=svc.notices, now=clock.now()
    )
    assert arrived.status is AppointmentStatus.ARRIVED
    done = mark_appointment(
        svc.uow(), officer, booked.id, status="done", notices=svc.notices, now=clock.now()
    )
    assert done.status is AppointmentStatus.DONE
    after = get_claim_for_staff(svc.uow(), officer, claim.id, now=clock.now())
    (visit,) = after.branch_visits
    assert (visit.step, visit.branch_code, visit.note) == (
        BranchStep.APPOINTMENT_DONE,
        OWN,
        booked.code,
    )
    assert count(db, OutboxRow, OutboxRow.kind == "appointment.done") == 1  # email only
    assert work_queue(svc.uow(), officer, kind=WorkKind.APPOINTMENT, now=clock.now()) == []
    paid = pay_claim(
        svc.uow(), officer, claim.id, benefits=svc.benefits, notices=svc.notices, now=clock.now()
    )
    assert paid.status is ClaimStatus.PAID


def test_capacity_per_office_and_slot_moving_and_cancelling(
    svc: Services, db: Engine, clock: FixedClock
) -> None:
    _, first = resigned(svc, "Sri Wulandari")
    _, second = resigned(svc, "Dewi Lestari")
    claim_a, claim_b = claim_of(svc, first), claim_of(svc, second)
    a = book(svc, first, claim_a, capacity=1)
    with pytest.raises(Conflict) as full:
        book(svc, second, claim_b, capacity=1, seed=2)
    assert full.value.code == "appointment.slot_full"
    assert count(db, OutboxRow, OutboxRow.kind == "appointment.booked") == 2  # only the first

    # the first moves to the next hour: the seat is free again
    options = booking_options(
        svc.uow(), first, purpose="klaim", reference=claim_a.number, capacity=1, now=clock.now()
    )
    assert [s.free for s in options.slots][:2] == [0, 1]
    moved = reschedule_my_appointment(
        svc.uow(),
        first,
        a.id,
        branch_code=None,
        starts_at=options.slots[1].starts_at.isoformat(),
        capacity=1,
        notices=svc.notices,
        now=clock.now(),
    )
    assert (moved.code, moved.starts_at, moved.reschedules) == (
        a.code,
        options.slots[1].starts_at,
        1,
    )
    b = book(svc, second, claim_b, capacity=1, seed=2)
    assert b.starts_at == options.slots[0].starts_at

    # another office, then cancelled: the seat is given back
    denpasar = booking_options(
        svc.uow(),
        first,
        purpose="klaim",
        reference=claim_a.number,
        branch_code="DPS01",
        capacity=1,
        now=clock.now(),
    )
    assert denpasar.slots[0].starts_at.hour == 0  # 08.00 WITA
    reschedule_my_appointment(
        svc.uow(),
        first,
        a.id,
        branch_code="DPS01",
        starts_at=denpasar.slots[0].starts_at.isoformat(),
        capacity=1,
        notices=svc.notices,
        now=clock.now(),
    )
    cancelled = cancel_my_appointment(svc.uow(), first, a.id, notices=svc.notices, now=clock.now())
    assert cancelled.status is AppointmentStatus.CANCELLED
    assert (
        booking_options(
            svc.uow(),
            first,
            purpose="klaim",
            reference=claim_a.number,
            branch_code="DPS01",
            capacity=1,
            now=clock.now(),
        )
        .slots[0]
        .free
        == 1
    )
    assert (
        count(db, OutboxRow, OutboxRow.kind == "appointment.rescheduled") == 4
    )  # two moves, email and SMS
    # a new booking for the same claim is allowed once the first is cancelled
    again = book(svc, first, claim_a, slot=3, capacity=1, seed=3)
    assert again.code != a.code
    assert {x.id for x in my_appointments(svc.uow(), first)} == {a.id, again.id}


def test_references_and_scope(svc: Services, clock: FixedClock) -> None:
    _, owner = resigned(svc, "Sri Wulandari")
    _, other = resigned(svc, "Dewi Lestari")
    claim = claim_of(svc, owner)
    with pytest.raises(ValidationFailed) as theirs:
        booking_options(
            svc.uow(), other, purpose="klaim", reference=claim.number, capacity=4, now=clock.now()
        )
    assert theirs.value.errors[0].code == "appointment.reference_unknown"
    with pytest.raises(ValidationFailed):
        booking_options(svc.uow(), owner, purpose="party", capacity=4, now=clock.now())
    photo = booking_options(
        svc.uow(), owner, purpose=Purpose.REFERENCE_PHOTO.value, capacity=4, now=clock.now()
    )
    assert photo.reference == "" and "e_ktp" in photo.bring
    booked = book(svc, owner, claim)
    with pytest.raises(NotFound):
        cancel_my_appointment(svc.uow(), other, booked.id, notices=svc.notices, now=clock.now())

    clock.advance(timedelta(days=1))
    makassar = staff_member(svc, "petugas.mks@kantor.jmo.id", Role.OFFICER, OTHER)
    auditor = staff_member(svc, "auditor@kantor.jmo.id", Role.AUDITOR, OWN)
    head = staff_member(svc, "pusat@kantor.jmo.id", Role.OFFICER, "KP00")
    assert day_appointments(svc.uow(), makassar, now=clock.now()) == []
    assert [a.code for a in day_appointments(svc.uow(), head, now=clock.now())] == [booked.code]
    assert [a.code for a in day_appointments(svc.uow(), auditor, now=clock.now())] == [booked.code]
    with pytest.raises(NotFound):
        mark_appointment(
            svc.uow(), makassar, booked.id, status="done", notices=svc.notices, now=clock.now()
        )
    with pytest.raises(PermissionDenied) as read_only:
        mark_appointment(
            svc.uow(), auditor, booked.id, status="done", notices=svc.notices, now=clock.now()
        )
    assert read_only.value.code == "staff.not_allowed"
    with pytest.raises(PermissionDenied):
        day_appointments(svc.uow(), owner, now=clock.now())  # a participant


# --- the API: the same use cases --------------------------------------------------------


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime)) as client:
        yield client


def test_booking_marking_and_four_eyes_through_the_api(
    client: TestClient, services: Services, clock: FixedClock
) -> None:
    member, actor = resigned(services)
    claim = claim_of(services, actor)
    auth = bearer(client, member.email)
    options = client.get(
        "/api/v1/appointments/options",
        headers=auth,
        params={"purpose": "klaim", "reference": claim.number, "branch": "DPS01"},
    )
    assert options.status_code == 200, options.text
    body = options.json()
    assert body["branch"]["code"] == "DPS01" and body["slots"][0]["local"].endswith("08:00 WITA")
    assert body["bring"][0]["code"] == "booking_code"
    bad = client.post(
        "/api/v1/appointments",
        headers=auth,
        json={"purpose": "klaim", "reference": claim.number, "branch": "DPS01", "starts_at": "x"},
    )
    assert bad.status_code == 422 and bad.json()["error"]["fields"][0]["field"] == "starts_at"
    booked = client.post(
        "/api/v1/appointments",
        headers=auth,
        json={
            "purpose": "klaim",
            "reference": claim.number,
            "branch": "SBY01",
            "starts_at": client.get(
                "/api/v1/appointments/options",
                headers=auth,
                params={"purpose": "klaim", "reference": claim.number},
            ).json()["slots"][2]["starts_at"],
        },
    )
    assert booked.status_code == 201, booked.text
    appointment = booked.json()
    assert appointment["local"].endswith("10:00 WIB") and appointment["status"]["code"] == "booked"
    assert client.get("/api/v1/appointments", headers=auth).json()[0]["id"] == appointment["id"]

    officer = new_staff(client, services, Role.OFFICER, OWN)
    second = new_staff(client, services, Role.OFFICER, OWN, name="kedua")
    path = f"/api/v1/staff/claims/{claim.id}"
    before = client.get(path, headers=officer.bearer).json()
    # known before verifying: the new bank account's hold, four eyes, the booking
    assert before["payout_hold_until"] is not None and before["second_person_required"]
    assert [a["code"] for a in before["appointments"]] == [appointment["code"]]
    assert client.post(f"{path}/verify", headers=officer.bearer).status_code == 200
    refused = client.post(f"{path}/approve", headers=officer.bearer)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "four_eyes.same_person"
    assert "Empat mata" in refused.json()["error"]["message"]
    timeline = client.get(path, headers=officer.bearer).json()["timeline"]
    assert [t["done"] for t in timeline] == [True, True, False, False]
    assert client.post(f"{path}/approve", headers=second.bearer).status_code == 200
    by = {s["status"]: s["by"] for s in client.get(path, headers=second.bearer).json()["steps_by"]}
    assert (by["verified"], by["approved"]) == (officer.email, second.email)
    held = client.post(f"{path}/pay", headers=officer.bearer)
    assert held.json()["error"]["code"] == "claim.branch_step_required"

    clock.advance(timedelta(days=1))
    officer = new_staff(client, services, Role.OFFICER, OWN, name="pagi")  # a new day's session
    day = client.get("/api/v1/staff/appointments", headers=officer.bearer).json()
    assert [a["code"] for a in day] == [appointment["code"]]
    # in the work queue too, linked to the day's list
    queue = client.get("/petugas?jenis=appointment", headers=officer.cookie)
    assert queue.status_code == 200
    assert f"/petugas/janji-temu?tanggal=2026-11-26#{appointment['code']}" in queue.text
    done = client.post(
        f"/api/v1/staff/appointments/{appointment['id']}/status",
        headers=officer.bearer,
        json={"status": "done"},
    )
    assert done.status_code == 200 and done.json()["status"]["code"] == "done"
    steps = client.get(path, headers=officer.bearer).json()["branch_steps"]
    assert [s["step"]["code"] for s in steps] == ["appointment_done"]


# --- the pages ---------------------------------------------------------------------------


@pytest.fixture
def web(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime), follow_redirects=False) as client:
        yield client


def test_the_booking_pages(web: TestClient, services: Services) -> None:
    client = web
    member, actor = resigned(services)
    claim = claim_of(services, actor)
    log_in(client, member)
    # the claim's page links to the booking (the same address for every flow)
    track = client.get(f"/klaim/lacak/{claim.id}")
    assert f"/janji-temu/baru?keperluan=klaim&amp;rujukan={claim.number}" in track.text
    wrong = client.get("/janji-temu/baru?keperluan=pesta")
    assert wrong.status_code == 400 and "Pilih salah satu" in wrong.text
    unknown = client.get("/janji-temu/baru?keperluan=klaim&rujukan=JHT-20990101-ABCDEF")
    assert unknown.status_code == 400 and "Nomor rujukan ini tidak ada" in unknown.text
    page = client.get(f"/janji-temu/baru?keperluan=klaim&rujukan={claim.number}")
    assert page.status_code == 200 and "Buku tabungan rekening penerima" in page.text
    slot = re.findall(r'name="starts_at" value="([^"]+)"', page.text)[1]
    form = {
        "csrf_token": csrf_of(page.text),
        "keperluan": "klaim",
        "rujukan": claim.number,
        "kantor": "SBY01",
    }
    missing = client.post("/janji-temu/baru", data=form, follow_redirects=False)
    assert missing.status_code == 400 and "Pilih salah satu jam yang tersedia." in missing.text
    booked = client.post("/janji-temu/baru", data=form | {"starts_at": slot})
    assert booked.status_code == 303
    shown = client.get(booked.headers["location"])
    assert "JT-" in shown.text and "09:00 WIB" in shown.text and "e-KTP asli" in shown.text
    again = client.post("/janji-temu/baru", data=form | {"starts_at": slot})
    assert again.status_code == 409 and "Anda sudah punya janji temu" in again.text
    listed = client.get("/janji-temu")
    assert claim.number in listed.text and "Terjadwal" in listed.text
    # moved to another hour (the same code), then cancelled
    where = booked.headers["location"].split("?")[0]
    change = client.get(f"{where}/ubah")
    assert change.status_code == 200 and "Simpan jadwal baru" in change.text
    later = re.findall(r'name="starts_at" value="([^"]+)"', change.text)[3]
    moved = client.post(
        f"{where}/ubah", data={"csrf_token": form["csrf_token"], "starts_at": later}
    )
    assert moved.status_code == 303
    shown = client.get(moved.headers["location"])
    assert "11:00 WIB" in shown.text and "Kode booking tetap sama" in shown.text
    gone = client.post(f"{where}/batal", data={"csrf_token": form["csrf_token"]})
    assert gone.status_code == 303
    shown = client.get(where)
    assert "Dibatalkan" in shown.text and 'id="cancel"' not in shown.text
    assert 'id="book-branch"' in client.get(f"/klaim/lacak/{claim.id}").text  # book again
    booked = client.post("/janji-temu/baru", data=form | {"starts_at": slot})
    assert booked.status_code == 303
    # the claim's page shows the booking now instead of the link
    track = client.get(f"/klaim/lacak/{claim.id}")
    assert 'id="claim-appointment"' in track.text and 'id="book-branch"' not in track.text


@pytest.mark.skipif(TEST_DATABASE != "postgresql", reason="two writers at once: PostgreSQL")
def test_two_people_taking_the_last_seat_at_once_get_one_booking(
    svc: Services, clock: FixedClock
) -> None:
    """The first booking's transaction holds the slot's only seat, uncommitted; the second
    counts the slot free, waits on the seat's unique index, and is refused once the first
    commits: one booking, never two in a slot of one."""
    first, _ = resigned(svc, "Sri Wulandari")
    _, second_actor = resigned(svc, "Dewi Lestari")
    claim_b = claim_of(svc, second_actor)
    options = booking_options(
        svc.uow(),
        second_actor,
        purpose="klaim",
        reference=claim_b.number,
        capacity=1,
        now=clock.now(),
    )
    holder = svc.uow()
    holder.__enter__()
    holder.appointments.add(
        Appointment(
            id=uuid.uuid4(),
            code="JT-RACE22",
            participant_id=first.participant.id,
            purpose=Purpose.REFERENCE_PHOTO,
            reference="",
            subject_id=None,
            branch_code=options.branch.code,
            starts_at=options.slots[0].starts_at,
            status=AppointmentStatus.BOOKED,
            created_at=clock.now(),
            updated_at=clock.now(),
        )
    )
    outcome: dict[str, str] = {}

    def second() -> None:
        try:
            outcome["second"] = book(svc, second_actor, claim_b, capacity=1).code
        except Conflict as exc:
            outcome["second"] = exc.code

    racer = threading.Thread(target=second)
    racer.start()
    racer.join(timeout=3)
    assert racer.is_alive()  # waiting on the seat the first transaction holds
    holder.commit()
    holder.__exit__(None, None, None)
    racer.join(timeout=30)
    assert outcome == {"second": "appointment.slot_full"}
    assert my_appointments(svc.uow(), second_actor) == []


def test_the_way_forward_of_a_blocked_data_update_opens_a_booking(
    web: TestClient, services: Services
) -> None:
    """No reference photo: the Pengkinian page's appointment link (the blockers' purpose,
    the case's reference) opens the booking page for that purpose, and books."""
    member = enrol_member(services, face=None)
    log_in(web, member)
    home = web.get("/beranda")
    web.post("/pengkinian/mulai", data={"csrf_token": csrf_of(home.text)})
    identity = web.get("/pengkinian/identitas")
    web.post("/pengkinian/identitas", data={"csrf_token": csrf_of(identity.text)})
    page = web.get("/pengkinian/biometrik")
    link = re.search(r'href="(/janji-temu/baru\?keperluan=foto_referensi[^"]*)"', page.text)
    assert link
    booking = web.get(html.unescape(link.group(1)))
    assert booking.status_code == 200 and "Perekaman foto acuan wajah" in booking.text
    slot = re.findall(r'name="starts_at" value="([^"]+)"', booking.text)[0]
    reference = re.search(r'name="rujukan" value="([^"]*)"', booking.text)
    assert reference and reference.group(1)
    booked = web.post(
        "/janji-temu/baru",
        data={
            "csrf_token": csrf_of(booking.text),
            "keperluan": "foto_referensi",
            "rujukan": reference.group(1),
            "kantor": "SBY01",
            "starts_at": slot,
        },
    )
    assert booked.status_code == 303
    assert "e-KTP asli" in web.get(booked.headers["location"]).text
