"""The field policy and the way forward on the pages and in the API (issue 12): a field the
app may not change is read-only with the reason and a way to ask an officer, a changed
value is refused beside it (422 with ``policy.forbidden_channel`` in the API); the payout
waits are told before filing; a person the data update blocks is offered an appointment
and a help ticket tied to the case, which they may file before their data is current."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.settings import Settings
from jmo.usecases.services import Services
from tests.cast import enrol_member, persona_member, selfie, valid_population, walk_to_confirm
from tests.jht_cast import complete_update, enrol_worker, job
from tests.web.test_pages import csrf_of, log_in


@pytest.fixture
def browser(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime), follow_redirects=False) as client:
        yield client


def _api_login(client: TestClient, email: str, password: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def test_a_field_kept_for_an_officer_is_read_only_with_the_reason_and_a_way_to_ask(
    browser: TestClient, services: Services
) -> None:
    member = enrol_member(services)
    walk_to_confirm(services, member)
    log_in(browser, member)
    page = browser.get("/pengkinian/kependudukan")
    assert page.status_code == 200
    locked = re.search(r'id="locked-citizenship".*?</div>', page.text, re.DOTALL)
    assert locked, "citizenship is not shown read-only"
    assert "Warga Negara Indonesia" in locked.group(0) or "WNI" in locked.group(0)
    assert "diperiksa petugas dengan KK dan e-KTP" in locked.group(0)  # the reason
    assert 'href="/pengkinian/identitas/koreksi?field=citizenship"' in locked.group(0)
    assert '<select id="f-citizenship"' not in page.text  # nothing to change it with
    assert 'id="mother_name"' not in page.text and 'id="f-mother_name"' in page.text

    # a changed value sent anyway: refused beside the field, in the person's language
    form = valid_population() | {"citizenship": "WNA", "csrf_token": csrf_of(page.text)}
    refused = browser.post("/pengkinian/kependudukan", data=form)
    assert refused.status_code == 422
    beside = re.search(r'id="locked-citizenship".*?</div>', refused.text, re.DOTALL)
    assert beside and 'id="e-citizenship"' in beside.group(0)
    assert "tidak dapat diubah lewat aplikasi" in html.unescape(beside.group(0))

    # the way to ask: the report page with that field ticked, then a request for an officer
    ask = browser.get("/pengkinian/identitas/koreksi?field=citizenship")
    assert re.search(r'name="field_citizenship" value="1" checked', ask.text)
    done = browser.post(
        "/pengkinian/identitas/koreksi",
        data={"csrf_token": csrf_of(ask.text), "field_citizenship": "1", "note": "WNA"},
    )
    assert done.status_code == 200
    assert "Permintaan koreksi Anda telah dicatat" in done.text
    # ... which blocks until an officer decides: the way forward is offered with its case
    assert "/janji-temu/baru?keperluan=koreksi_identitas&amp;rujukan=" in done.text
    assert 'id="help-identity_correction_open"' in done.text


def test_the_api_lists_the_locked_fields_and_refuses_a_change_with_a_stable_code(
    browser: TestClient, services: Services
) -> None:
    member = enrol_member(services)
    walk_to_confirm(services, member)
    auth = _api_login(browser, member.email, member.password)
    state = browser.get("/api/v1/pengkinian", headers=auth).json()
    assert state["locked_fields"] == ["gender", "citizenship"]
    refused = browser.put(
        "/api/v1/pengkinian/population",
        headers=auth,
        json=valid_population() | {"citizenship": "WNA"},
    )
    assert refused.status_code == 422
    assert {f["field"]: f["code"] for f in refused.json()["error"]["fields"]} == {
        "citizenship": "policy.forbidden_channel"
    }
    asked = browser.post(
        "/api/v1/pengkinian/identity/report",
        headers=auth,
        json={"fields": ["citizenship"], "note": ""},
    )
    assert asked.status_code == 201 and asked.json()["status"] == "needs_documents"


def test_the_claim_page_tells_the_payout_waits_before_filing(
    browser: TestClient, services: Services
) -> None:
    member = enrol_worker(services, employments=(job(date(2023, 1, 1), date(2025, 6, 30)),))
    complete_update(services, member)
    log_in(browser, member)
    page = browser.get("/klaim/jht")
    assert page.status_code == 200
    waits = re.search(r'id="payout-waits">([^<]+)<', page.text)
    assert waits and "7 hari setelah rekening diganti" in waits.group(1)
    assert "2 hari setelah nomor HP atau email diganti" in waits.group(1)
    # the API's quote says the running hold too (issue 9 item 2: never silent)
    auth = _api_login(browser, member.email, member.password)
    quote = browser.post(
        "/api/v1/claims/quote", headers=auth, json={"program": "jht", "reason": "jht.resignation"}
    )
    assert quote.status_code == 200, quote.text
    assert quote.json()["payout_hold_reason"] == "bank"
    assert quote.json()["payout_hold_until"].startswith("2026-12-02")


def test_no_reference_photo_offers_an_appointment_and_a_help_ticket_tied_to_the_case(
    browser: TestClient, services: Services
) -> None:
    member = enrol_member(services, face=None)
    log_in(browser, member)
    home = browser.get("/beranda")
    browser.post("/pengkinian/mulai", data={"csrf_token": csrf_of(home.text)})
    identity = browser.get("/pengkinian/identitas")
    browser.post("/pengkinian/identitas", data={"csrf_token": csrf_of(identity.text)})
    page = browser.get("/pengkinian/biometrik")
    assert 'id="way-no_reference_photo"' in page.text
    appointment = re.search(r'id="appointment-no_reference_photo"', page.text)
    link = re.search(
        r'href="(/janji-temu/baru\?keperluan=foto_referensi&amp;rujukan=(\w+))"', page.text
    )
    assert appointment and link
    reference = link.group(2)
    help_link = re.search(
        r'href="(/pengaduan/baru\?[^"]+)" id="help-no_reference_photo"', page.text
    )
    assert help_link and f"rujukan={reference}" in help_link.group(1)

    # the help ticket comes prefilled with the case, and may be filed before the update
    form = browser.get(html.unescape(help_link.group(1)))
    assert form.status_code == 200
    assert re.search(r'<option value="data-peserta" selected>', form.text)
    assert f"Nomor referensi: {reference}" in form.text
    description = re.search(r'<textarea id="f-description"[^>]*>([^<]*)<', form.text)
    assert description
    key = re.search(r'name="idempotency_key" value="([^"]+)"', form.text)
    assert key
    filed = browser.post(
        "/pengaduan/baru",
        data={
            "csrf_token": csrf_of(form.text),
            "idempotency_key": key.group(1),
            "category": "data-peserta",
            "description": html.unescape(description.group(1)),
        },
    )
    assert filed.status_code == 303 and filed.headers["location"].startswith("/pengaduan/")
    ticket = browser.get(filed.headers["location"])
    assert ticket.status_code == 200 and reference in ticket.text
    # other categories still wait for the data update
    other = browser.post(
        "/pengaduan/baru",
        data={
            "csrf_token": csrf_of(form.text),
            "category": "klaim",
            "description": "Klaim saya belum cair sejak bulan lalu.",
        },
    )
    assert other.status_code in (303, 403) and not other.headers.get("location", "").startswith(
        "/pengaduan/"
    )


def test_a_selfie_waiting_for_review_offers_the_way_forward_with_the_attempt(
    browser: TestClient, services: Services
) -> None:
    dewi = persona_member(services, "dewi")  # the same woman years apart: borderline
    log_in(browser, dewi)
    home = browser.get("/beranda")
    browser.post("/pengkinian/mulai", data={"csrf_token": csrf_of(home.text)})
    identity = browser.get("/pengkinian/identitas")
    browser.post("/pengkinian/identitas", data={"csrf_token": csrf_of(identity.text)})
    page = browser.get("/pengkinian/biometrik")
    assert 'id="way-' not in page.text  # nothing blocks yet
    sent = browser.post(
        "/pengkinian/biometrik",
        data={"csrf_token": csrf_of(page.text)},
        files={"selfie": ("dewi.jpg", selfie("dewi"), "image/jpeg")},
    )
    assert sent.status_code == 303
    page = browser.get("/pengkinian/biometrik")
    assert 'id="way-review_pending"' in page.text
    assert re.search(r"/janji-temu/baru\?keperluan=selfie_gagal&amp;rujukan=[0-9A-F]{8}", page.text)


def test_the_api_says_what_blocks_the_update_and_the_way_forward(
    browser: TestClient, services: Services
) -> None:
    member = enrol_member(services, face=None)
    auth = _api_login(browser, member.email, member.password)
    assert browser.post("/api/v1/pengkinian/start", headers=auth).status_code == 200
    state = browser.get("/api/v1/pengkinian", headers=auth).json()
    (way,) = state["ways_forward"]
    assert way["blocker"] == "no_reference_photo"
    assert way["appointment_purpose"] == "foto_referensi"
    assert way["help_category"] == "data-peserta"
    assert re.fullmatch(r"[0-9A-F]{8}", way["reference"])
