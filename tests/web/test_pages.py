"""Pages through HTTP: login, CSRF, redirects, headers, language, no-JavaScript paths."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.settings import Settings
from jmo.usecases.services import Services
from tests.cast import Member, enrol_member, persona_member, selfie

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def browser(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime), follow_redirects=False) as client:
        yield client


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def log_in(client: TestClient, member: Member) -> None:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "email": member.email,
            "password": member.password,
            "csrf_token": csrf_of(page.text),
            "next": "/beranda",
        },
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/beranda"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower()


def test_pages_need_login_and_come_back_after_it(browser: TestClient, services: Services) -> None:
    member = enrol_member(services)
    response = browser.get("/pengkinian/kontak")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/pengkinian/kontak"
    page = browser.get("/login?next=/pengkinian/kontak")
    done = browser.post(
        "/login",
        data={
            "email": member.email,
            "password": member.password,
            "csrf_token": csrf_of(page.text),
            "next": "https://evil.example/",
        },
    )
    assert done.headers["location"] == "/beranda"  # never an outside address


def test_a_form_without_its_csrf_token_is_refused(browser: TestClient, services: Services) -> None:
    member = enrol_member(services)
    log_in(browser, member)
    refused = browser.post("/pengkinian/mulai", data={"csrf_token": "forged"})
    assert refused.status_code == 403
    assert "kedaluwarsa" in refused.text
    anonymous = TestClient(browser.app, follow_redirects=False)
    page = anonymous.get("/login")
    no_cookie = anonymous.post(
        "/login", data={"email": member.email, "password": member.password, "csrf_token": "other"}
    )
    assert page.status_code == 200 and no_cookie.status_code == 403


def test_wrong_password_is_a_clear_message_and_keeps_the_email(
    browser: TestClient, services: Services
) -> None:
    member = enrol_member(services)
    page = browser.get("/login")
    response = browser.post(
        "/login",
        data={"email": member.email, "password": "wrong-wrong", "csrf_token": csrf_of(page.text)},
    )
    assert response.status_code == 400
    assert "Email atau kata sandi salah." in response.text
    assert f'value="{member.email}"' in response.text


def test_locked_services_lead_to_the_pengkinian_popup(
    browser: TestClient, services: Services
) -> None:
    member = enrol_member(services)
    log_in(browser, member)
    response = browser.get("/layanan/saldo-jht")
    assert response.headers["location"] == "/beranda?prompt=pengkinian"
    home = browser.get("/beranda?prompt=pengkinian")
    assert "Silakan Melanjutkan Proses Pengkinian Data" in home.text
    assert "OK, Lanjutkan" in home.text


def _assert_security_headers(response: httpx.Response, what: str) -> None:
    csp = response.headers["content-security-policy"]
    assert "unsafe-inline" not in csp, what
    assert "frame-ancestors 'none'" in csp or "sandbox" in csp, what
    assert response.headers["x-content-type-options"] == "nosniff", what
    assert "no-store" in response.headers["cache-control"], what


def test_security_headers_on_every_page(browser: TestClient, services: Services) -> None:
    """Every GET page route (ids filled with one that does not exist), signed out and
    signed in, whatever it answers: a page, a redirect, a 404."""
    from fastapi.routing import APIRoute  # noqa: PLC0415

    from jmo.web import build_routes  # noqa: PLC0415

    paths = sorted(
        re.sub(r"\{[^}]+\}", "00000000-0000-0000-0000-000000000000", route.path)
        for route in build_routes()
        if isinstance(route, APIRoute) and route.methods is not None and "GET" in route.methods
    )
    assert len(paths) > 30
    member = enrol_member(services)
    checked = 0
    for signed_in in (False, True):
        if signed_in:
            log_in(browser, member)
        for path in paths:
            _assert_security_headers(browser.get(path), f"{path} signed_in={signed_in}")
            checked += 1
    assert checked == 2 * len(paths)
    _assert_security_headers(browser.get("/halaman-yang-tidak-ada"), "unknown page")


def test_english_is_available_and_indonesian_is_the_default(browser: TestClient) -> None:
    default = browser.get("/login", headers={"accept-language": "en-US,en;q=0.9"})
    assert "Masuk ke akun JMO" in default.text
    switched = browser.get("/bahasa/en?next=/login")
    assert switched.headers["location"] == "/login"
    english = browser.get("/login")
    assert "Log in to your JMO account" in english.text
    assert '<html lang="en">' in english.text


def test_region_lists_cascade_without_javascript(browser: TestClient, services: Services) -> None:
    member = enrol_member(services)
    log_in(browser, member)
    home = browser.get("/beranda")
    browser.post("/pengkinian/mulai", data={"csrf_token": csrf_of(home.text)})
    identity = browser.get("/pengkinian/identitas")
    browser.post("/pengkinian/identitas", data={"csrf_token": csrf_of(identity.text)})
    bio = browser.get("/pengkinian/biometrik")
    result = browser.post(
        "/pengkinian/biometrik",
        data={"csrf_token": csrf_of(bio.text)},
        files={"selfie": ("s.jpg", selfie("budi"), "image/jpeg")},
    )
    assert result.headers["location"] == "/pengkinian/biometrik"  # post, redirect, get
    assert "Verifikasi wajah berhasil." in browser.get("/pengkinian/biometrik").text
    contact = browser.get("/pengkinian/kontak")
    assert contact.status_code == 200
    # jump ahead by URL: sent back to where the person is
    assert browser.get("/pengkinian/konfirmasi").headers["location"] == "/pengkinian/kontak"
    refreshed = browser.post(
        "/pengkinian/kependudukan",
        data={
            "csrf_token": csrf_of(contact.text),
            "_action": "refresh",
            "province_code": "35",
            "regency_code": "3173",  # a Jakarta regency: no longer under the chosen province
        },
    )
    # not reached yet: refresh only re-renders, so the page must show Jawa Timur's regencies
    assert refreshed.status_code == 200
    assert "Kota Surabaya" in refreshed.text
    assert 'value="3173" selected' not in refreshed.text


def test_no_reference_photo_explains_the_branch_office(
    browser: TestClient, services: Services
) -> None:
    joko = persona_member(services, "joko")
    log_in(browser, joko)
    home = browser.get("/beranda")
    browser.post("/pengkinian/mulai", data={"csrf_token": csrf_of(home.text)})
    identity = browser.get("/pengkinian/identitas")
    browser.post("/pengkinian/identitas", data={"csrf_token": csrf_of(identity.text)})
    page = browser.get("/pengkinian/biometrik")
    assert 'id="no-reference"' in page.text
    assert "kantor cabang" in page.text
    assert 'id="selfie-form"' not in page.text


def start_to_biometric(browser: TestClient) -> str:
    home = browser.get("/beranda")
    browser.post("/pengkinian/mulai", data={"csrf_token": csrf_of(home.text)})
    identity = browser.get("/pengkinian/identitas")
    browser.post("/pengkinian/identitas", data={"csrf_token": csrf_of(identity.text)})
    # the test client's methods reach mypy untyped; the annotation says what they give
    page: httpx.Response = browser.get("/pengkinian/biometrik")
    return page.text


def test_the_pages_mask_sensitive_values_until_the_selfie_has_passed(
    browser: TestClient, services: Services
) -> None:
    """Issue 8 item 12: the password alone does not show NIK, account or mother's name."""
    member = enrol_member(
        services, profile={"mother_name": "Siti Rahmawati", "kk_number": "3578010101100001"}
    )
    account = member.participant.profile.bank_account
    assert account
    log_in(browser, member)
    home = browser.get("/beranda")
    browser.post("/pengkinian/mulai", data={"csrf_token": csrf_of(home.text)})
    identity = browser.get("/pengkinian/identitas")
    assert identity.status_code == 200
    assert member.nik not in identity.text
    shown = re.search(r'data-field="nik">([^<]+)<', identity.text)
    assert shown and shown.group(1).endswith(member.nik[-2:]) and "*" in shown.group(1)
    assert "setelah verifikasi wajah" in identity.text  # says why, and when it shows

    browser.post("/pengkinian/identitas", data={"csrf_token": csrf_of(identity.text)})
    bio = browser.get("/pengkinian/biometrik")
    browser.post(
        "/pengkinian/biometrik",
        data={"csrf_token": csrf_of(bio.text)},
        files={"selfie": ("s.jpg", selfie("budi"), "image/jpeg")},
    )
    contact = browser.get("/pengkinian/kontak")
    assert f'value="{account}"' in contact.text  # the step needs it now
    population = browser.get("/pengkinian/kependudukan")
    assert population.status_code == 303  # not reached yet; the value is in the API test
    again = browser.get("/pengkinian/identitas")
    assert f'data-field="nik">{member.nik}<' in again.text


def test_the_wrong_face_page_says_how_many_tries_are_left_and_shows_no_score(
    browser: TestClient, services: Services
) -> None:
    member = enrol_member(services)
    log_in(browser, member)
    bio = start_to_biometric(browser)
    browser.post(
        "/pengkinian/biometrik",
        data={"csrf_token": csrf_of(bio)},
        files={"selfie": ("s.jpg", selfie("agus"), "image/jpeg")},
    )
    page = browser.get("/pengkinian/biometrik")
    left = services.policy.face_max_attempts - 1
    result = re.search(r'id="selfie-result">(.*?)</div>', page.text, re.S)
    assert result, page.text
    assert "tidak cocok" in result.group(1)
    assert f"Sisa {left} kali" in result.group(1)
    assert not re.search(r"\b0[.,]\d{2,}", page.text)  # no distance anywhere on the page


def test_the_biometric_page_shows_the_branch_office_once_the_tries_are_used(
    browser: TestClient, services: Services
) -> None:
    member = enrol_member(services)
    log_in(browser, member)
    bio = start_to_biometric(browser)
    for _ in range(services.policy.face_max_attempts):
        browser.post(
            "/pengkinian/biometrik",
            data={"csrf_token": csrf_of(bio)},
            files={"selfie": ("s.jpg", selfie("agus"), "image/jpeg")},
        )
    page = browser.get("/pengkinian/biometrik")
    assert 'id="selfie-locked"' in page.text  # before any further upload
    assert "kantor cabang" in page.text
    assert 'id="selfie-form"' not in page.text and 'id="camera-start"' not in page.text


def test_a_browser_that_logged_in_before_is_not_locked_out_by_strangers(
    browser: TestClient, services: Services
) -> None:
    """Issue 8 item 9, pages: the known-device cookie goes only to the login form."""
    member = enrol_member(services)
    log_in(browser, member)
    device_cookie = next(c for c in browser.cookies.jar if c.name == "jmo_device")
    assert device_cookie.path == "/login" and device_cookie.has_nonstandard_attr("HttpOnly")
    browser.cookies.delete("jmo_session")
    stranger = TestClient(browser.app, follow_redirects=False)
    for _ in range(5):
        page = stranger.get("/login")
        refused = stranger.post(
            "/login",
            data={
                "email": member.email,
                "password": "wrong-wrong",
                "csrf_token": csrf_of(page.text),
            },
        )
    assert "Terlalu banyak percobaan masuk yang gagal" in refused.text
    log_in(browser, member)  # the owner's browser still gets in


def test_the_change_password_form_says_when_it_is_locked(
    browser: TestClient, services: Services
) -> None:
    """Issue 8 item 8, pages: the lock is a message next to the field, in both languages."""
    member = enrol_member(services)
    log_in(browser, member)

    def change(current: str) -> httpx.Response:
        page = browser.get("/akun")
        answer: httpx.Response = browser.post(
            "/akun/kata-sandi",
            data={
                "current_password": current,
                "new_password": "sate ayam madura",
                "csrf_token": csrf_of(page.text),
            },
        )
        return answer

    answers = [change("not the password") for _ in range(5)]
    assert [a.status_code for a in answers] == [422, 422, 422, 422, 429]
    assert "Penggantian kata sandi dikunci selama 15 menit" in answers[-1].text
    browser.get("/bahasa/en?next=/akun")
    english = change(member.password)
    assert english.status_code == 429
    assert "Changing the password is locked for 15 minutes" in english.text
