"""Registration over the API (issue 12): a match goes through codes, password and terms;
a mismatch and an unknown identity get the same answer; tries are limited; a second KPJ
of the same NIK joins the account the NIK has."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.settings import Settings
from jmo.storage.rows import AccountRow
from jmo.usecases.services import Services
from tests.cast import Member, enrol_member, sent_codes, unregistered

REGISTER = "/api/v1/registration"


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime)) as client:
        yield client


@pytest.fixture
def rina(services: Services) -> Member:
    """A participant who has not signed up yet."""
    return unregistered(services)


def identity(member: Member, **changed: str) -> dict[str, str]:
    p = member.participant.identity
    return {
        "nik": p.nik,
        "kpj": p.kpj,
        "full_name": p.full_name,
        "birth_date": p.birth_date.isoformat(),
    } | changed


def register(client: TestClient, services: Services, member: Member, email: str) -> TestClient:
    started = client.post(REGISTER, json=identity(member, full_name="rina  MARLINA"))
    assert started.status_code == 201, started.text
    assert started.json()["outcome"] == "started"
    token = started.json()["token"]
    sent = client.post(
        f"{REGISTER}/contacts", json={"token": token, "email": email, "phone": "0812 3456 7801"}
    )
    assert sent.status_code == 200 and sent.json()["step"] == "codes", sent.text
    codes = sent_codes(services, member)
    wrong = client.post(
        f"{REGISTER}/codes", json={"token": token, "email_code": "000000", "phone_code": "1"}
    )
    assert wrong.status_code == 422
    proven = client.post(f"{REGISTER}/codes", json={"token": token} | codes)
    assert proven.status_code == 200 and proven.json()["step"] == "finish", proven.text
    short = client.post(
        f"{REGISTER}/complete",
        json={
            "token": token,
            "password": "pendek",
            "terms_accepted": False,
            "terms_version": services.policy.terms_version,
        },
    )
    assert short.status_code == 422
    assert {(f["field"], f["code"]) for f in short.json()["error"]["fields"]} == {
        ("password", "password.too_short"),
        ("terms_accepted", "terms.required"),
    }
    done = client.post(
        f"{REGISTER}/complete",
        json={
            "token": token,
            "password": "nasi uduk betawi pagi",
            "terms_accepted": True,
            "terms_version": services.policy.terms_version,
        },
    )
    assert done.status_code == 201, done.text
    return client


def test_a_matching_participant_registers_and_logs_in(
    client: TestClient, services: Services, rina: Member, runtime: Runtime
) -> None:
    register(client, services, rina, "rina.baru@mail.example")
    login = client.post(
        "/api/v1/auth/login",
        json={"email": "rina.baru@mail.example", "password": "nasi uduk betawi pagi"},
    )
    assert login.status_code == 200
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {login.json()['token']}"})
    assert me.json()["kpj"] == rina.kpj
    mine = client.get(
        "/api/v1/me/data", headers={"Authorization": f"Bearer {login.json()['token']}"}
    ).json()["account"]
    assert mine["terms_version"] == services.policy.terms_version and mine["terms_accepted_at"]
    with runtime.engine.connect() as conn:
        row = conn.execute(
            select(AccountRow).where(AccountRow.email == "rina.baru@mail.example")
        ).one()
    assert row.terms_version == services.policy.terms_version
    assert row.terms_accepted_at is not None and row.phone == "+6281234567801"
    again = client.post(REGISTER, json=identity(rina))
    assert again.json()["outcome"] == "has_account"
    assert again.json()["email_masked"] != "rina.baru@mail.example"


def test_mismatch_and_unknown_get_the_same_answer(
    client: TestClient, rina: Member, services: Services
) -> None:
    other = enrol_member(services, key="dodi", full_name="Dodi Saputra", account=False)
    answers = [
        client.post(REGISTER, json=identity(rina, full_name="Rina Wati")),
        client.post(REGISTER, json=identity(rina, birth_date="1985-03-13")),
        client.post(REGISTER, json=identity(rina, kpj=other.kpj)),  # both exist, not together
        client.post(REGISTER, json=identity(rina, kpj="39999999999")),  # no such KPJ
    ]
    bodies = {a.text for a in answers}
    assert [a.status_code for a in answers] == [422] * 4
    assert len(bodies) == 1
    assert answers[0].json()["error"]["code"] == "onboarding.no_match"
    assert "kantor cabang" in answers[0].json()["error"]["message"]


def test_tries_are_limited_per_nik(client: TestClient, rina: Member, services: Services) -> None:
    limit = services.policy.identity_checks_per_nik_day
    for _ in range(limit):
        assert client.post(REGISTER, json=identity(rina, full_name="Rina Wati")).status_code == 422
    blocked = client.post(REGISTER, json=identity(rina))  # even the right details now
    assert blocked.status_code == 429


def test_a_second_kpj_of_the_same_nik_joins_the_account(
    client: TestClient, services: Services
) -> None:
    budi = enrol_member(services)
    second = enrol_member(services, nik=budi.nik, account=False)
    answer = client.post(REGISTER, json=identity(second))
    assert answer.status_code == 201
    assert answer.json()["outcome"] == "joined"
    assert answer.json()["token"] is None
    assert answer.json()["email_masked"].endswith("@test.jmo.id")
    with services.uow() as uow:
        assert uow.accounts.for_participant(second.participant.id) is None  # no second account
        kinds = [n.kind for n in uow.outbox.latest(20)]
    assert "account.kpj_joined" in kinds
