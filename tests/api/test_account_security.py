"""Accounts under attack: lockout without enumeration, unlock and reset by email, password
rules, sessions ended on password change, devices, the person's own data."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.domain.time import FixedClock
from jmo.settings import Settings
from jmo.usecases.notifications.views import outbox_overview
from jmo.usecases.participants.history import participant_history
from jmo.usecases.ports import Services
from jmo.usecases.system import operator_actor
from tests.cast import Member, complete_pengkinian, enrol_member

LOGIN = "/api/v1/auth/login"


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime)) as client:
        yield client


@pytest.fixture
def budi(services: Services) -> Member:
    return enrol_member(services)


def token_of(client: TestClient, email: str, password: str) -> str:
    response = client.post(LOGIN, json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return str(response.json()["token"])


def mailed_link_token(services: Services, kind: str) -> str:
    """The link as the dev outbox shows it (the stored text holds a placeholder)."""
    notices = outbox_overview(services.uow(), limit=100, reveal_secrets=True).notices
    (body,) = [n.body for n in notices if n.kind == kind]
    found = re.search(r"token=([\w-]+)", body)
    assert found, body
    return found.group(1)


def test_five_failures_lock_known_and_unknown_emails_alike(
    client: TestClient, budi: Member
) -> None:
    answers = {}
    for email in (budi.email, "nobody@test.jmo.id"):
        for _ in range(4):
            wrong = client.post(LOGIN, json={"email": email, "password": "wrong-password-1"})
            assert wrong.status_code == 401
        fifth = client.post(LOGIN, json={"email": email, "password": "wrong-password-1"})
        assert fifth.status_code == 429
        answers[email] = fifth.json()
    assert answers[budi.email] == answers["nobody@test.jmo.id"]
    assert answers[budi.email]["error"]["code"] == "auth.locked"
    # locked means locked, even with the right password
    right = client.post(LOGIN, json={"email": budi.email, "password": budi.password})
    assert right.status_code == 429


def test_the_owner_unlocks_by_the_emailed_link(
    client: TestClient, budi: Member, services: Services
) -> None:
    for _ in range(5):
        client.post(LOGIN, json={"email": budi.email, "password": "wrong-password-1"})
    token = mailed_link_token(services, "account.locked")
    assert client.post("/api/v1/auth/unlock", json={"token": token}).status_code == 204
    assert client.post("/api/v1/auth/unlock", json={"token": token}).status_code == 404  # once
    assert token_of(client, budi.email, budi.password)


def test_repeat_lockouts_grow_longer(client: TestClient, budi: Member, clock: FixedClock) -> None:
    minutes = []
    for _ in range(2):
        for _ in range(5):
            last = client.post(LOGIN, json={"email": budi.email, "password": "wrong-password-1"})
        minutes.append(last.json()["error"]["message"])
        clock.advance(timedelta(minutes=16))
    assert "15" in minutes[0] and "30" in minutes[1]


def test_one_address_cannot_spray_many_accounts(client: TestClient, services: Services) -> None:
    for n in range(30):
        response = client.post(LOGIN, json={"email": f"user{n}@test.jmo.id", "password": "x" * 12})
        assert response.status_code == 401
    blocked = client.post(LOGIN, json={"email": "user99@test.jmo.id", "password": "x" * 12})
    assert blocked.status_code == 429
    assert blocked.json()["error"]["code"] == "auth.too_many_attempts"


def test_password_reset_does_not_reveal_accounts_and_ends_every_session(
    client: TestClient, budi: Member, services: Services
) -> None:
    old = token_of(client, budi.email, budi.password)
    for email in (budi.email, "nobody@test.jmo.id"):
        response = client.post("/api/v1/auth/password-reset", json={"email": email})
        assert response.status_code == 202
        assert response.json() == {"status": "sent_if_registered"}
    token = mailed_link_token(services, "account.password_reset")
    weak = client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "new_password": "password123"}
    )
    assert (
        weak.status_code == 422 and weak.json()["error"]["fields"][0]["code"] == "password.common"
    )
    done = client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": token, "new_password": "kopi tubruk pagi hari"},
    )
    assert done.status_code == 204
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {old}"}).status_code == 401
    assert token_of(client, budi.email, "kopi tubruk pagi hari")
    again = client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": token, "new_password": "another good phrase"},
    )
    assert again.status_code == 404


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("short", "password.too_short"),
        ("bismillah2026", "password.common"),
        ("aaaaaaaaaaaa", "password.repetitive"),
        ("x" * 129, "password.too_long"),
    ],
)
def test_weak_new_passwords_are_refused(
    client: TestClient, budi: Member, password: str, code: str
) -> None:
    auth = {"Authorization": f"Bearer {token_of(client, budi.email, budi.password)}"}
    response = client.post(
        "/api/v1/me/password",
        headers=auth,
        json={"current_password": budi.password, "new_password": password},
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["code"] == code


def test_changing_the_password_ends_the_other_devices(client: TestClient, budi: Member) -> None:
    phone = token_of(client, budi.email, budi.password)
    laptop = token_of(client, budi.email, budi.password)
    devices = client.get("/api/v1/me/devices", headers={"Authorization": f"Bearer {laptop}"}).json()
    assert len(devices) == 2 and sum(d["current"] for d in devices) == 1
    wrong = client.post(
        "/api/v1/me/password",
        headers={"Authorization": f"Bearer {laptop}"},
        json={"current_password": "not-it-at-all", "new_password": "sate ayam madura"},
    )
    assert wrong.status_code == 422
    changed = client.post(
        "/api/v1/me/password",
        headers={"Authorization": f"Bearer {laptop}"},
        json={"current_password": budi.password, "new_password": "sate ayam madura"},
    )
    assert changed.status_code == 200
    fresh = changed.json()["token"]
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {phone}"}).status_code == 401
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {laptop}"}).status_code == 401
    )
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {fresh}"}).status_code == 200


def test_a_device_can_be_ended_but_not_someone_elses(
    client: TestClient, budi: Member, services: Services
) -> None:
    agus = enrol_member(services, key="agus", full_name="Agus Wijaya", face="agus")
    budi_phone = token_of(client, budi.email, budi.password)
    budi_laptop = {"Authorization": f"Bearer {token_of(client, budi.email, budi.password)}"}
    agus_auth = {"Authorization": f"Bearer {token_of(client, agus.email, agus.password)}"}
    phone_id = next(
        d["id"]
        for d in client.get("/api/v1/me/devices", headers=budi_laptop).json()
        if not d["current"]
    )
    assert client.delete(f"/api/v1/me/devices/{phone_id}", headers=agus_auth).status_code == 404
    assert client.delete(f"/api/v1/me/devices/{phone_id}", headers=budi_laptop).status_code == 204
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {budi_phone}"}).status_code
        == 401
    )


def test_the_person_downloads_their_data_and_sees_who_looked(
    client: TestClient, budi: Member, services: Services
) -> None:
    complete_pengkinian(services, budi)
    participant_history(services.uow(), operator_actor(), kpj=budi.kpj, now=services.clock.now())
    auth = {"Authorization": f"Bearer {token_of(client, budi.email, budi.password)}"}
    data = client.get("/api/v1/me/data", headers=auth).json()
    assert data["identity"]["nik"] == budi.nik
    assert data["profile"]["bank_account"] == "012301001234567"
    assert data["change_requests"][0]["status"] == "applied"
    assert data["history"][-1]["version"] == 2
    assert data["biometric_attempts"][0]["decision"] == "pass"
    log = client.get("/api/v1/me/access-log", headers=auth).json()
    viewed = [e for e in log if e["action"] == "participant.viewed"]
    assert viewed and viewed[0]["by"] == "admin" and viewed[0]["channel"] == "cli"
    assert any(e["action"] == "participant.data_exported" for e in log)
