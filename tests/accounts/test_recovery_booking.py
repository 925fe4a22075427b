"""Lupa akun's dead end (issue 12): identity proven, no face pass possible, so a branch
appointment for ``lupa_akun`` is booked without signing in, bound to the participant the
flow's token names; the officer's day list shows it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.domain.accounts import Role
from jmo.domain.backoffice.appointments import Purpose
from jmo.domain.time import FixedClock
from jmo.settings import Settings
from jmo.usecases.appointments.desk import day_appointments
from jmo.usecases.services import Services
from tests.cast import enrol_member
from tests.staff import staff_member
from tests.web.test_pages import csrf_of


@pytest.fixture
def browser(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime), follow_redirects=True) as client:
        yield client


def _identity(browser: TestClient, member: object) -> dict[str, str]:
    p = member.participant.identity  # type: ignore[attr-defined]
    page = browser.get("/lupa-akun")
    return {
        "kpj": p.kpj,
        "nik": p.nik,
        "birth_date": p.birth_date.isoformat(),
        "csrf_token": csrf_of(page.text),
    }


def test_no_reference_photo_books_a_branch_appointment_without_login(
    browser: TestClient, services: Services, clock: FixedClock
) -> None:
    budi = enrol_member(services, face=None)
    page = browser.post("/lupa-akun", data=_identity(browser, budi))
    assert page.status_code == 200 and str(page.url).endswith("/lupa-akun/janji-temu")
    assert "Pemulihan akun (Lupa akun)" in page.text and 'id="bring"' in page.text
    slot = re.search(r'name="starts_at" value="([^"]+)"', page.text)
    office = re.search(r'name="kantor" value="([^"]+)"', page.text)
    assert slot and office and office.group(1) == "SBY01"  # the participant's own branch
    booked = browser.post(
        "/lupa-akun/janji-temu",
        data={
            "kantor": office.group(1),
            "starts_at": slot.group(1),
            "csrf_token": csrf_of(page.text),
        },
    )
    assert booked.status_code == 200
    code = re.search(r'id="booking-code">([^<]+)<', booked.text)
    assert code and code.group(1).startswith("JT-")
    assert "cetak halaman ini" in booked.text and 'id="submit-booking"' not in booked.text
    with services.uow() as uow:
        notices = [n for n in uow.outbox.latest(50) if n.kind == "appointment.booked"]
    assert notices == []  # the stored contacts are the lost ones

    officer = staff_member(services, "petugas@kantor.jmo.id", Role.OFFICER, "SBY01")
    listed = day_appointments(
        services.uow(), officer, day=date.fromisoformat(slot.group(1)[:10]), now=clock.now()
    )
    assert [(a.code, a.purpose, a.participant_id) for a in listed] == [
        (code.group(1), Purpose.ACCOUNT_RECOVERY, budi.participant.id)
    ]
    again = browser.get("/lupa-akun/janji-temu")  # the same flow shows the booking again
    assert code.group(1) in again.text and 'id="submit-booking"' not in again.text


def test_no_booking_without_a_proven_identity(
    browser: TestClient, services: Services, clock: FixedClock
) -> None:
    assert browser.get("/lupa-akun/janji-temu").status_code == 404
    page = browser.get("/lupa-akun")
    refused = browser.post(
        "/lupa-akun/janji-temu",
        data={
            "kantor": "SBY01",
            "starts_at": "2026-11-26T02:00:00+00:00",
            "csrf_token": csrf_of(page.text),
        },
    )
    assert refused.status_code == 404
    # a person who can still try the face check is sent back to it
    budi = enrol_member(services)
    step = browser.post("/lupa-akun", data=_identity(browser, budi))
    assert 'id="camera"' in step.text
    assert browser.get("/lupa-akun/janji-temu").status_code == 403
    officer = staff_member(services, "petugas@kantor.jmo.id", Role.OFFICER, "SBY01")
    day = date(2026, 11, 26)
    assert day_appointments(services.uow(), officer, day=day, now=clock.now()) == []
