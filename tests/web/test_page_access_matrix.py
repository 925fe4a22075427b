"""The participant pages that take an id, as the API's matrix (tests/api/test_access_matrix.py)
does for the JSON routes (issue 9): another participant signed in gets exactly what a
missing id gets, for every such page, reads and form posts alike; a new page with an id
fails the first test until it is added here."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.settings import Settings
from jmo.usecases.services import Services
from jmo.web import build_routes
from tests.api.test_access_matrix import owner_with_records
from tests.services.helpers import current_member
from tests.web.test_pages import csrf_of, log_in

# (method, path) -> form fields sent with a post (the CSRF token is added)
PAGE_ROUTES: dict[tuple[str, str], dict[str, Any]] = {
    ("GET", "/pengaduan/{complaint_id}"): {},
    ("POST", "/pengaduan/{complaint_id}/balas"): {"body": "halo"},
    ("POST", "/pengaduan/{complaint_id}/tutup"): {"rating": "5"},
    ("POST", "/pengaduan/{complaint_id}/buka-kembali"): {"body": "buka lagi"},
    ("GET", "/pengaduan/{complaint_id}/lampiran/{attachment_id}"): {},
    ("GET", "/klaim/lacak/{claim_id}"): {},
    ("POST", "/kotak-masuk/{message_id}/baca"): {},
    ("GET", "/permintaan/{request_id}"): {},
    ("POST", "/permintaan/{request_id}/dokumen"): {"document_type": "kartu_keluarga"},
    ("POST", "/akun/perangkat/{session_id}/akhiri"): {},
    ("GET", "/janji-temu/{appointment_id}"): {},
    ("POST", "/janji-temu/{appointment_id}/batal"): {},
    ("GET", "/janji-temu/{appointment_id}/ubah"): {},
    ("POST", "/janji-temu/{appointment_id}/ubah"): {"starts_at": "2026-11-27T01:00:00+00:00"},
    ("POST", "/akun/ahli-waris/{heir_id}/hapus"): {},
    ("GET", "/riwayat/{request_no}"): {},
    ("GET", "/riwayat/{request_no}/bukti.pdf"): {},
}
# Parameters that are not a record of someone's: a language, a service or claim kind, a
# card token (public check), a code channel of one's own draft; staff and employer pages
# have their own matrix (tests/backoffice/test_staff_matrix.py).
NOT_OWNED = {"code", "key", "token", "channel"}


def page_routes_with_ids() -> set[tuple[str, str]]:
    found = set()
    for route in build_routes():
        if not isinstance(route, APIRoute) or route.path.startswith(("/petugas", "/perusahaan")):
            continue
        params = {p.strip("{}") for p in route.path.split("/") if p.startswith("{")}
        if params and not params <= NOT_OWNED:
            assert route.methods is not None
            found |= {(method, route.path) for method in route.methods}
    return found


def test_every_page_with_an_id_is_in_the_matrix() -> None:
    assert page_routes_with_ids() == set(PAGE_ROUTES)


@pytest.fixture
def two_clients(settings: Settings, runtime: Runtime) -> Iterator[tuple[TestClient, TestClient]]:
    with (
        TestClient(create_app(settings, runtime)) as api,
        TestClient(create_app(settings, runtime), follow_redirects=False) as web,
    ):
        yield api, web


def _call(web: TestClient, method: str, url: str, form: dict[str, Any], csrf: str) -> int:
    # the test client's methods reach mypy untyped; the annotation says what they give
    answer: httpx.Response = (
        web.get(url) if method == "GET" else web.post(url, data={**form, "csrf_token": csrf})
    )
    return answer.status_code


def test_another_participant_gets_what_a_missing_id_gets(
    two_clients: tuple[TestClient, TestClient], services: Services
) -> None:
    api, web = two_clients
    _, _, ids = owner_with_records(api, services)
    stranger, _ = current_member(services, key="yanto", full_name="Yanto Prasetyo", face="agus")
    log_in(web, stranger)
    csrf = csrf_of(web.get("/akun").text)
    missing = {k: str(uuid.uuid4()) for k in ids}
    answers = {}
    for (method, template), form in sorted(PAGE_ROUTES.items()):
        theirs = _call(web, method, template.format(**ids), form, csrf)
        absent = _call(web, method, template.format(**missing), form, csrf)
        answers[(method, template)] = (theirs, absent)
    different = {route: pair for route, pair in answers.items() if pair[0] != pair[1]}
    assert different == {}
    # and nothing of theirs was reached: every answer is a refusal or a redirect away
    assert all(pair[0] in (303, 403, 404) for pair in answers.values()), answers
