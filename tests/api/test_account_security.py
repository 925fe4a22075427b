"""Accounts under attack: lockout without enumeration, unlock and reset by email, password
rules, sessions ended on password change, devices, the person's own data."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from jmo.adapters.passwords import Argon2PasswordHasher
from jmo.app import create_app
from jmo.biometrics import FaceEngine
from jmo.bootstrap import Runtime, bootstrap
from jmo.domain.identifiers.bank import mask_bank_account
from jmo.domain.identifiers.nik import mask_nik
from jmo.domain.time import FixedClock
from jmo.settings import Settings
from jmo.storage.rows import OutboxRow
from jmo.usecases.notifications.views import outbox_overview
from jmo.usecases.participants.history import participant_history
from jmo.usecases.services import Services
from jmo.usecases.system import operator_actor
from tests.api.contract import documented
from tests.cast import Member, complete_pengkinian, enrol_member, persona_member

LOGIN = "/api/v1/auth/login"


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with documented(TestClient(create_app(settings, runtime))) as client:
        yield client


@pytest.fixture
def budi(services: Services) -> Member:
    return enrol_member(services)


def token_of(client: TestClient, email: str, password: str) -> str:
    response = client.post(LOGIN, json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return str(response.json()["token"])


def mailed_link_tokens(services: Services, kind: str) -> list[str]:
    """The links as the dev outbox shows them (the stored text holds a placeholder)."""
    notices = outbox_overview(services.uow(), limit=100, reveal_secrets=True).notices
    bodies = [n.body for n in notices if n.kind == kind]
    return [re.findall(r"token=([\w-]+)", body)[0] for body in bodies]


def mailed_link_token(services: Services, kind: str) -> str:
    (token,) = mailed_link_tokens(services, kind)
    return token


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
    agus = persona_member(services, "agus")
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
    assert data["masked"] is True
    assert data["identity"]["nik"] == mask_nik(budi.nik)
    assert data["profile"]["bank_account"] == mask_bank_account("012301001234567")
    assert data["change_requests"][0]["status"] == "applied"
    assert data["history"][-1]["version"] == 2
    assert data["biometric_attempts"][0]["decision"] == "pass"
    log = client.get("/api/v1/me/access-log", headers=auth).json()
    viewed = [e for e in log if e["action"] == "participant.viewed"]
    assert viewed and viewed[0]["by"] == "admin" and viewed[0]["channel"] == "cli"
    assert any(e["action"] == "participant.data_exported" for e in log)


# --- issue 8: outside test findings -------------------------------------------------------


class CountingHasher(Argon2PasswordHasher):
    """The real argon2id hasher (the suite's small parameters), counting its runs."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.runs: list[str] = []

    def hash(self, password: str) -> str:
        self.runs.append("hash")
        return super().hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        self.runs.append("verify")
        return super().verify(password_hash, password)


def test_an_unknown_email_costs_one_verification_like_a_known_one(
    settings: Settings, db: Engine, clock: FixedClock, face_engine: FaceEngine
) -> None:
    """Item 1: the answer takes the same work whether the email has an account or not."""
    hasher = CountingHasher()
    runtime = bootstrap(settings, clock=clock, faces=face_engine, passwords=hasher, engine=db)
    budi = enrol_member(runtime.services)
    with TestClient(create_app(settings, runtime)) as client:

        def argon2_runs(email: str) -> list[str]:
            hasher.runs.clear()
            response = client.post(LOGIN, json={"email": email, "password": "wrong-password-1"})
            assert response.status_code == 401
            return list(hasher.runs)

        argon2_runs("first-unknown@test.jmo.id")  # the dummy hash is made once, on first need
        assert argon2_runs(budi.email) == ["verify"]
        assert argon2_runs("nobody@test.jmo.id") == ["verify"]
    # ... with the same parameters as a real account's hash
    assert not hasher.needs_rehash(hasher.dummy_hash())


def test_forty_guesses_at_the_current_password_no_longer_succeed(
    client: TestClient, budi: Member, db: Engine
) -> None:
    """Item 8: wrong current passwords at "change password" spend the login budget, lock
    the form, and the owner is told by email."""
    auth = {"Authorization": f"Bearer {token_of(client, budi.email, budi.password)}"}
    statuses = []
    for n in range(39):
        guess = client.post(
            "/api/v1/me/password",
            headers=auth,
            json={"current_password": f"guess number {n}", "new_password": "sate ayam madura"},
        )
        statuses.append(guess.status_code)
    right = client.post(
        "/api/v1/me/password",
        headers=auth,
        json={"current_password": budi.password, "new_password": "sate ayam madura"},
    )
    assert statuses[:4] == [422] * 4 and set(statuses[4:]) == {429}
    assert right.status_code == 429
    assert right.json()["error"]["fields"][0] == {
        "field": "current_password",
        "code": "password.change_locked",
        "message": right.json()["error"]["message"],
    }
    assert "15 menit" in right.json()["error"]["message"]
    with db.connect() as conn:
        told = conn.execute(
            select(OutboxRow.recipient).where(OutboxRow.kind == "account.password_change_locked")
        ).scalars()
        assert list(told) == [budi.email]  # once per lock, not once per guess
    log = client.get("/api/v1/me/access-log", headers=auth).json()
    assert sum(e["action"] == "account.password_change_failed" for e in log) == 5
    assert token_of(client, budi.email, budi.password)  # nothing changed


def test_strangers_cannot_lock_the_owner_out_of_a_known_device(
    client: TestClient, budi: Member, db: Engine, services: Services
) -> None:
    """Item 9: five wrong passwords from strangers lock the email for strangers only; the
    owner's phone, which logged in before, still gets in; the emailed link still works."""
    phone = client.post(LOGIN, json={"email": budi.email, "password": budi.password}).json()
    agus = persona_member(services, "agus")
    agus_phone = client.post(LOGIN, json={"email": agus.email, "password": agus.password}).json()
    for _ in range(5):
        stranger = client.post(LOGIN, json={"email": budi.email, "password": "wrong-password-1"})
    assert stranger.status_code == 429 and stranger.json()["error"]["code"] == "auth.locked"
    right = {"email": budi.email, "password": budi.password}
    assert client.post(LOGIN, json=right).status_code == 429  # strangers stay locked out
    for not_budis in (agus_phone["device_token"], phone["device_token"][:-4] + "AAAA", "d1.1.x.y"):
        refused = client.post(LOGIN, json=right, headers={"X-JMO-Device": not_budis})
        assert refused.status_code == 429
    owner = client.post(LOGIN, json=right, headers={"X-JMO-Device": phone["device_token"]})
    assert owner.status_code == 200
    assert owner.json()["device_token"] != phone["device_token"]  # renewed at every login
    unlock = mailed_link_token(services, "account.locked")
    assert client.post("/api/v1/auth/unlock", json={"token": unlock}).status_code == 204
    assert token_of(client, budi.email, budi.password)  # from any client again


def test_a_known_device_has_a_budget_of_its_own(client: TestClient, budi: Member) -> None:
    """Item 9: a known device is no way around the lock: its own five wrong passwords lock
    it, and then it is a stranger like any other."""
    device = client.post(LOGIN, json={"email": budi.email, "password": budi.password}).json()
    headers = {"X-JMO-Device": device["device_token"]}
    wrong = {"email": budi.email, "password": "wrong-password-1"}
    answers = [client.post(LOGIN, json=wrong, headers=headers).status_code for _ in range(5)]
    assert answers == [401, 401, 401, 401, 429]
    # The email itself was not locked by the device's failures: strangers have their own five.
    answers = [client.post(LOGIN, json=wrong, headers=headers).status_code for _ in range(5)]
    assert answers == [401, 401, 401, 401, 429]
    right = {"email": budi.email, "password": budi.password}
    assert client.post(LOGIN, json=right, headers=headers).status_code == 429


def test_one_password_reset_ends_every_other_reset_and_unlock_link(
    client: TestClient, budi: Member, services: Services, clock: FixedClock
) -> None:
    """Item 10."""
    for _ in range(5):
        client.post(LOGIN, json={"email": budi.email, "password": "wrong-password-1"})
    for _ in range(2):
        client.post("/api/v1/auth/password-reset", json={"email": budi.email})
    first, second = mailed_link_tokens(services, "account.password_reset")
    (unlock,) = mailed_link_tokens(services, "account.locked")
    done = client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": first, "new_password": "kopi tubruk pagi hari"},
    )
    assert done.status_code == 204
    clock.advance(timedelta(minutes=5))  # well within the links' hour
    late = client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": second, "new_password": "another good phrase"},
    )
    assert late.status_code == 404 and late.json()["error"]["code"] == "account_token.not_found"
    assert client.post("/api/v1/auth/unlock", json={"token": unlock}).status_code == 404
    assert token_of(client, budi.email, "kopi tubruk pagi hari")


def test_changing_the_password_ends_open_reset_links(
    client: TestClient, budi: Member, services: Services, clock: FixedClock
) -> None:
    """Item 10: a reset link mailed before a password change cannot set another one."""
    client.post("/api/v1/auth/password-reset", json={"email": budi.email})
    (reset,) = mailed_link_tokens(services, "account.password_reset")
    auth = {"Authorization": f"Bearer {token_of(client, budi.email, budi.password)}"}
    changed = client.post(
        "/api/v1/me/password",
        headers=auth,
        json={"current_password": budi.password, "new_password": "sate ayam madura"},
    )
    assert changed.status_code == 200
    clock.advance(timedelta(minutes=5))
    late = client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": reset, "new_password": "kopi tubruk pagi hari"},
    )
    assert late.status_code == 404
    assert token_of(client, budi.email, "sate ayam madura")


def test_successful_logins_do_not_use_up_the_address_budget(
    client: TestClient, budi: Member
) -> None:
    """Item 13: many people behind one carrier NAT or a branch kiosk all log in."""
    for _ in range(40):
        response = client.post(LOGIN, json={"email": budi.email, "password": budi.password})
        assert response.status_code == 200, response.text


def test_forwarded_for_is_believed_only_from_trusted_proxies(
    settings: Settings, runtime: Runtime, budi: Member
) -> None:
    """Item 13: the client address (rate limits, audit, the devices list) comes from
    X-Forwarded-For only when the peer is a configured proxy (JMO_TRUSTED_PROXIES)."""

    def address_seen(app: FastAPI, peer: str) -> str:
        with TestClient(app, client=(peer, 40000)) as client:
            forwarded = {"X-Forwarded-For": "203.0.113.9"}
            login = client.post(
                LOGIN, json={"email": budi.email, "password": budi.password}, headers=forwarded
            )
            auth = {"Authorization": f"Bearer {login.json()['token']}", **forwarded}
            devices = client.get("/api/v1/me/devices", headers=auth).json()
            return str(next(d["client_ip"] for d in devices if d["current"]))

    no_proxies = create_app(settings, runtime)
    assert address_seen(no_proxies, "198.51.100.7") == "198.51.100.7"
    assert address_seen(no_proxies, "127.0.0.1") == "127.0.0.1"  # local is not a proxy either
    behind_proxy = create_app(
        settings.model_copy(update={"trusted_proxies": "10.0.0.0/8"}), runtime
    )
    assert address_seen(behind_proxy, "10.1.2.3") == "203.0.113.9"
    assert address_seen(behind_proxy, "198.51.100.7") == "198.51.100.7"


def test_a_password_reset_lifts_the_change_password_lock(
    client: TestClient, budi: Member, services: Services, clock: FixedClock
) -> None:
    """Item 8: the way out the lock notice names (Forgot password) works."""
    auth = {"Authorization": f"Bearer {token_of(client, budi.email, budi.password)}"}
    wrong = {"current_password": "not it at all", "new_password": "sate ayam madura"}
    for _ in range(5):
        locked = client.post("/api/v1/me/password", headers=auth, json=wrong)
    assert locked.status_code == 429
    client.post("/api/v1/auth/password-reset", json={"email": budi.email})
    (reset,) = mailed_link_tokens(services, "account.password_reset")
    done = client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": reset, "new_password": "kopi tubruk pagi hari"},
    )
    assert done.status_code == 204
    clock.advance(timedelta(minutes=1))  # still well inside the 15-minute lock
    auth = {"Authorization": f"Bearer {token_of(client, budi.email, 'kopi tubruk pagi hari')}"}
    changed = client.post(
        "/api/v1/me/password",
        headers=auth,
        json={"current_password": "kopi tubruk pagi hari", "new_password": "sate ayam madura"},
    )
    assert changed.status_code == 200
