"""The pages /daftar and /lupa-akun through HTTP, linked from the login page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.settings import Settings
from jmo.usecases.services import Services
from tests.cast import enrol_member, selfie, sent_codes, unregistered
from tests.web.test_pages import csrf_of


@pytest.fixture
def browser(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime), follow_redirects=True) as client:
        yield client


def test_login_links_to_registration_and_account_recovery(browser: TestClient) -> None:
    page = browser.get("/login").text
    assert 'href="/daftar"' in page and 'href="/lupa-akun"' in page


def test_register_on_the_pages(browser: TestClient, services: Services) -> None:
    rina = unregistered(services)
    form = browser.get("/daftar")
    p = rina.participant.identity
    identity = {
        "nik": p.nik,
        "kpj": p.kpj,
        "full_name": p.full_name,
        "birth_date": p.birth_date.isoformat(),
        "csrf_token": csrf_of(form.text),
    }
    wrong = browser.post("/daftar", data=identity | {"full_name": "Rina Wati"})
    assert wrong.status_code == 422 and 'id="onboarding-message"' in wrong.text
    assert "kantor cabang" in wrong.text and 'value="Rina Wati"' in wrong.text  # kept
    step = browser.post("/daftar", data=identity)
    assert step.status_code == 200 and 'action="/daftar/kontak"' in step.text
    csrf = csrf_of(step.text)
    bad = browser.post("/daftar/kontak", data={"email": "x", "phone": "12", "csrf_token": csrf})
    assert bad.status_code == 422 and 'id="e-email"' in bad.text and 'id="e-phone"' in bad.text
    codes_page = browser.post(
        "/daftar/kontak",
        data={"email": "rina@mail.example", "phone": "081234567801", "csrf_token": csrf},
    )
    assert 'action="/daftar/kode"' in codes_page.text
    finish = browser.post("/daftar/kode", data=sent_codes(services, rina) | {"csrf_token": csrf})
    assert 'action="/daftar/selesai"' in finish.text
    short = browser.post(
        "/daftar/selesai",
        data={
            "password": "pendek",
            "terms_version": services.policy.terms_version,
            "csrf_token": csrf,
        },
    )
    assert short.status_code == 422
    assert 'id="e-password"' in short.text and 'id="e-terms_accepted"' in short.text
    done = browser.post(
        "/daftar/selesai",
        data={
            "password": "nasi uduk betawi pagi",
            "terms_accepted": "1",
            "terms_version": services.policy.terms_version,
            "csrf_token": csrf,
        },
    )
    assert 'id="onboarding-done"' in done.text
    login = browser.get("/login")
    home = browser.post(
        "/login",
        data={
            "email": "rina@mail.example",
            "password": "nasi uduk betawi pagi",
            "csrf_token": csrf_of(login.text),
        },
    )
    assert home.url.path == "/beranda"
    assert 'href="/kotak-masuk"' in home.text
    inbox = browser.get("/kotak-masuk")
    assert "Akun JMO Anda sudah dibuat" in inbox.text
    assert browser.get("/kotak-masuk/jumlah").text.count("1") == 1


def test_lost_account_is_rebound_after_a_face_match(
    browser: TestClient, services: Services
) -> None:
    budi = enrol_member(services)
    page = browser.get("/lupa-akun")
    p = budi.participant.identity
    step = browser.post(
        "/lupa-akun",
        data={
            "kpj": p.kpj,
            "nik": p.nik,
            "birth_date": p.birth_date.isoformat(),
            "csrf_token": csrf_of(page.text),
        },
    )
    assert 'id="camera"' in step.text
    csrf = csrf_of(step.text)
    refused = browser.post(
        "/lupa-akun/kontak", data={"email": "a@b.id", "phone": "081211112222", "csrf_token": csrf}
    )
    assert refused.status_code == 403  # the face first
    faced = browser.post(
        "/lupa-akun/wajah",
        data={"csrf_token": csrf},
        files={"selfie": ("me.jpg", selfie("budi"), "image/jpeg")},
    )
    assert 'action="/lupa-akun/kontak"' in faced.text
    browser.post(
        "/lupa-akun/kontak",
        data={"email": "budi.baru@mail.example", "phone": "081298765432", "csrf_token": csrf},
    )
    browser.post("/lupa-akun/kode", data=sent_codes(services, budi) | {"csrf_token": csrf})
    done = browser.post(
        "/lupa-akun/selesai", data={"password": "rendang padang enak", "csrf_token": csrf}
    )
    assert 'id="onboarding-done"' in done.text, done.text
    with services.uow() as uow:
        account = uow.accounts.for_participant(budi.participant.id)
        old = [n for n in uow.outbox.latest(50) if n.kind == "account.contacts_rebound"]
    assert account is not None and account.email == "budi.baru@mail.example"
    assert {n.recipient for n in old} >= {budi.email}
    assert all("⟦not_me⟧" in n.body for n in old)  # each carries a "Bukan saya" link


def test_a_wrong_face_ends_at_the_branch_office(browser: TestClient, services: Services) -> None:
    budi = enrol_member(services)
    page = browser.get("/lupa-akun")
    p = budi.participant.identity
    step = browser.post(
        "/lupa-akun",
        data={
            "kpj": p.kpj,
            "nik": p.nik,
            "birth_date": p.birth_date.isoformat(),
            "csrf_token": csrf_of(page.text),
        },
    )
    csrf = csrf_of(step.text)
    last = step
    for attempt in range(1, services.policy.face_max_attempts + 1):
        last = browser.post(
            "/lupa-akun/wajah",
            data={"csrf_token": csrf},
            files={"selfie": ("me.jpg", selfie("dewi"), "image/jpeg")},
        )
        left = services.policy.face_max_attempts - attempt
        if left:  # issue 9 item 5 here too: the wrong face says the tries left
            assert f"Sisa {left} kali percobaan" in last.text, last.text
    assert 'id="branch-next"' in last.text
    assert "kantor cabang" in last.text
    # tries used up: the same flow books a branch appointment (issue 12)
    assert 'href="/lupa-akun/janji-temu"' in last.text
    booking = browser.get("/lupa-akun/janji-temu")
    assert booking.status_code == 200 and 'id="submit-booking"' in booking.text
