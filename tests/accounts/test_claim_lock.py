"""The claim lock (issue 12): on at once; off only after a face check and 12 hours; a
claim can be neither filed nor paid while it is on."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.domain.time import FixedClock
from jmo.settings import Settings
from jmo.usecases.face_check import face_status
from jmo.usecases.services import Services
from tests.accounts.test_not_me import bearer
from tests.api.test_jht_claims_api import DOCS, officer_headers, resigned
from tests.cast import actor_of, selfie
from tests.web.test_pages import csrf_of, log_in

LOCK = "/api/v1/me/claim-lock"


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime)) as client:
        yield client


def file_claim(client: TestClient, auth: dict[str, str]) -> object:
    return client.post(
        "/api/v1/claims",
        headers=auth,
        data={"program": "jht", "reason": "jht.resignation"},
        files=DOCS,
    )


def test_lock_on_at_once_off_after_face_and_wait(
    client: TestClient, services: Services, clock: FixedClock
) -> None:
    member = resigned(services)
    auth = bearer(client, member)
    assert client.get(LOCK, headers=auth).json()["locked"] is False
    assert client.post(LOCK, headers=auth).json()["locked"] is True
    refused = file_claim(client, auth)
    assert refused.status_code == 403  # type: ignore[attr-defined]
    assert refused.json()["error"]["code"] == "claim.locked"  # type: ignore[attr-defined]
    wrong = client.post(
        f"{LOCK}/unlock/photo",
        headers=auth,
        files={"file": ("me.jpg", selfie("dewi"), "image/jpeg")},
    )
    assert wrong.status_code == 200 and wrong.json()["passed"] is False
    assert client.get(LOCK, headers=auth).json()["unlock_after"] is None
    face = client.post(
        f"{LOCK}/unlock/photo",
        headers=auth,
        files={"file": ("me.jpg", selfie(member.face or "budi"), "image/jpeg")},
    )
    assert face.json()["passed"] is True, face.text
    state = client.get(LOCK, headers=auth).json()
    assert state["locked"] is True and state["unlock_after"] is not None
    clock.advance(timedelta(hours=11, minutes=59))
    auth = bearer(client, member)  # the session has ended meanwhile
    assert file_claim(client, auth).status_code == 403  # type: ignore[attr-defined]
    clock.advance(timedelta(minutes=2))
    assert client.get(LOCK, headers=auth).json()["locked"] is False
    filed = file_claim(client, auth)
    assert filed.status_code == 201, filed.text  # type: ignore[attr-defined]


def test_locking_again_cancels_a_pending_release_and_stops_payment(
    client: TestClient, services: Services
) -> None:
    member = resigned(services)
    auth = bearer(client, member)
    claim = file_claim(client, auth).json()  # type: ignore[attr-defined]
    staff = officer_headers(client, services)
    second = officer_headers(client, services, "kedua@test.jmo.id")  # four eyes
    for move, by in (("verify", staff), ("approve", second)):
        client.post(f"/api/v1/staff/claims/{claim['id']}/{move}", headers=by)
    client.post(LOCK, headers=auth)
    client.post(
        f"{LOCK}/unlock/photo",
        headers=auth,
        files={"file": ("me.jpg", selfie(member.face or "budi"), "image/jpeg")},
    )
    again = client.post(LOCK, headers=auth).json()
    assert "locked" in again, again
    assert again["locked"] is True and again["unlock_after"] is None
    pay = client.post(f"/api/v1/staff/claims/{claim['id']}/pay", headers=staff, json={})
    assert pay.status_code == 403 and pay.json()["error"]["code"] == "claim.locked"


def test_the_page_switches_the_lock_on(settings: Settings, runtime: Runtime) -> None:
    member = resigned(runtime.services)
    with TestClient(create_app(settings, runtime), follow_redirects=False) as browser:
        log_in(browser, member)
        assert 'href="/akun/kunci-klaim"' in browser.get("/akun").text
        page = browser.get("/akun/kunci-klaim")
        assert 'id="lock-on"' in page.text
        done = browser.post("/akun/kunci-klaim", data={"csrf_token": csrf_of(page.text)})
        assert done.status_code == 303
        locked = browser.get("/akun/kunci-klaim")
        assert 'id="camera"' in locked.text and "Kunci klaim aktif sejak" in locked.text
        wrong = browser.post(
            "/akun/kunci-klaim/wajah",
            data={"csrf_token": csrf_of(locked.text)},
            files={"selfie": ("me.jpg", selfie("dewi"), "image/jpeg")},
        )
        assert wrong.status_code == 303
        told = browser.get(wrong.headers["location"])
        svc = runtime.services
        left = face_status(
            svc.uow(), actor_of(svc, member), policy=svc.policy, now=svc.clock.now()
        ).tries_left
        assert 0 < left < svc.policy.face_max_attempts
        assert f"Sisa {left} kali percobaan" in told.text  # issue 9 item 5, here too
