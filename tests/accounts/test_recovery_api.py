""" "Lupa akun" over the API (issue 12): the face before the contacts, the old contacts
told, every session ended; no reference photo or no face left: the branch office."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.settings import Settings
from jmo.usecases.services import Services
from tests.cast import (
    PASSWORD,
    Member,
    enrol_member,
    persona_member,
    selfie,
    sent_codes,
    unregistered,
)

RECOVER = "/api/v1/account-recovery"


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime)) as client:
        yield client


def identity(member: Member) -> dict[str, str]:
    p = member.participant.identity
    return {"nik": p.nik, "kpj": p.kpj, "birth_date": p.birth_date.isoformat()}


def test_recovery_rebinds_the_contacts_after_the_face(
    client: TestClient, services: Services
) -> None:
    budi = enrol_member(services)
    old = client.post("/api/v1/auth/login", json={"email": budi.email, "password": PASSWORD})
    started = client.post(RECOVER, json=identity(budi))
    assert started.status_code == 201 and started.json()["step"] == "face"
    token = started.json()["token"]
    early = client.post(
        f"{RECOVER}/contacts",
        json={"token": token, "email": "b@mail.example", "phone": "081298765432"},
    )
    assert early.status_code == 403 and early.json()["error"]["code"] == "onboarding.face_first"
    face = client.post(
        f"{RECOVER}/face/photo",
        data={"token": token},
        files={"file": ("me.jpg", selfie("budi"), "image/jpeg")},
    )
    assert face.status_code == 200 and face.json()["passed"], face.text
    client.post(
        f"{RECOVER}/contacts",
        json={"token": token, "email": "b@mail.example", "phone": "081298765432"},
    )
    codes = client.post(f"{RECOVER}/codes", json={"token": token} | sent_codes(services, budi))
    assert codes.json()["step"] == "finish"
    weak = client.post(f"{RECOVER}/complete", json={"token": token, "password": "pendek"})
    assert weak.status_code == 422
    assert weak.json()["error"]["fields"][0]["field"] == "password"
    done = client.post(
        f"{RECOVER}/complete", json={"token": token, "password": "soto ayam lamongan"}
    )
    assert done.status_code == 200 and done.json() == {"email": "b@mail.example"}
    bearer = {"Authorization": f"Bearer {old.json()['token']}"}
    assert client.get("/api/v1/me", headers=bearer).status_code == 401
    again = client.post(
        f"{RECOVER}/complete", json={"token": token, "password": "soto ayam lamongan"}
    )
    assert again.status_code == 403  # the flow is over
    with services.uow() as uow:
        told = {n.recipient for n in uow.outbox.latest(50) if n.kind == "account.contacts_rebound"}
    assert budi.email in told


def test_without_a_reference_photo_only_a_branch_can_help(
    client: TestClient, services: Services
) -> None:
    joko = persona_member(services, "joko", face=None)
    answer = client.post(RECOVER, json=identity(joko))
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "recovery.branch_only"


def test_a_wrong_birth_date_is_the_same_answer_as_no_account(
    client: TestClient, services: Services
) -> None:
    budi = enrol_member(services)
    rina = unregistered(services)
    wrong = client.post(RECOVER, json=identity(budi) | {"birth_date": "1985-03-13"})
    no_account = client.post(RECOVER, json=identity(rina))
    assert wrong.status_code == no_account.status_code == 422
    assert wrong.json() == no_account.json()
