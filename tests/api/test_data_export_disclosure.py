"""Issue 8 item 12, the variant the outside probes found: the data export and the person's
own change request gave the NIK, KK number, NPWP, bank account, mother's name and phones in
full to whoever held the password. Masked now by the rule Pengkinian Data uses before the
selfie (``domain/pengkinian/disclosure.py``); the full export needs a single-use link mailed
to the account's address, opened in the same account."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.domain.pengkinian.disclosure import MASKED_BEFORE_FACE_PASS
from jmo.settings import Settings
from jmo.storage.rows import OutboxRow
from jmo.usecases.services import Services
from tests.api.test_account_security import mailed_link_token, token_of
from tests.api.test_downloads import assert_sandboxed
from tests.cast import Member, complete_pengkinian, enrol_member

LINK = "/api/v1/me/data/full-export-link"
FULL = "/api/v1/me/data/full"
LINK_KIND = "account.data_export_link"


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime)) as client:
        yield client


@pytest.fixture
def budi(services: Services) -> Member:
    member = enrol_member(services)
    complete_pengkinian(services, member)
    return member


def bearer(client: TestClient, member: Member) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_of(client, member.email, member.password)}"}


def masked_fields_in_full(services: Services, member: Member) -> dict[str, str]:
    """Every value item 12 masks, as the person's record holds it now and held it before."""
    uow = services.uow()
    with uow:
        participant = uow.participants.get(member.participant.id)
        assert participant is not None
        versions = [v.profile.as_dict() for v in uow.participants.history(participant.id)]
    values = {"nik": participant.identity.nik}
    for index, profile in enumerate([participant.profile.as_dict(), *versions]):
        for name in MASKED_BEFORE_FACE_PASS:
            # the login email is known to whoever holds the password: no secret there
            if profile.get(name) and profile[name] != member.email:
                values[f"{name}@{index}"] = str(profile[name])
    return values


def in_full(document: Any, values: dict[str, str]) -> list[str]:
    text = json.dumps(document, default=str)
    return sorted({name.split("@")[0] for name, value in values.items() if value in text})


def test_the_export_a_password_opens_masks_every_value_pengkinian_masks(
    client: TestClient, services: Services, budi: Member
) -> None:
    values = masked_fields_in_full(services, budi)
    assert {"nik", "bank_account@0", "mother_name@0", "phone@0", "kk_number@0"} <= set(values)
    export = client.get("/api/v1/me/data", headers=bearer(client, budi))
    assert export.status_code == 200
    assert export.json()["masked"] is True
    assert in_full(export.json(), values) == []
    # the changes of the data update inside it too, old and new
    changes = export.json()["change_requests"][0]["changes"]
    assert changes and in_full(changes, values) == []


def test_the_own_change_request_shows_old_and_new_values_masked(
    client: TestClient, services: Services, budi: Member
) -> None:
    auth = bearer(client, budi)
    request_id = client.get("/api/v1/me/data", headers=auth).json()["change_requests"][0]["id"]
    answer = client.get(f"/api/v1/pengkinian/change-requests/{request_id}", headers=auth)
    assert answer.status_code == 200
    changed = {c["field"] for c in answer.json()["changes"]}
    assert changed & set(MASKED_BEFORE_FACE_PASS)  # the test looks at sensitive fields
    assert in_full(answer.json(), masked_fields_in_full(services, budi)) == []


def test_the_full_export_needs_the_mailed_single_use_link(
    client: TestClient, services: Services, budi: Member, engine: Engine
) -> None:
    auth = bearer(client, budi)
    assert client.post(FULL, json={"token": "not-a-link"}, headers=auth).status_code == 404
    sent = client.post(LINK, headers=auth)
    assert sent.status_code == 202
    assert sent.json()["sent_to"] != budi.email and sent.json()["sent_to"].endswith("@test.jmo.id")
    token = mailed_link_token(services, LINK_KIND)
    with engine.connect() as db:  # the stored notice holds no live link (issue 8 item 6)
        bodies = db.scalars(select(OutboxRow.body).where(OutboxRow.kind == LINK_KIND)).all()
    assert bodies and all(token not in body for body in bodies)

    full = client.post(FULL, json={"token": token}, headers=auth)
    assert full.status_code == 200
    assert full.json()["masked"] is False
    assert full.json()["identity"]["nik"] == budi.nik
    assert set(in_full(full.json(), masked_fields_in_full(services, budi))) >= {
        "nik",
        "bank_account",
        "mother_name",
    }
    again = client.post(FULL, json={"token": token}, headers=auth)
    assert again.status_code == 404
    assert again.json()["error"]["code"] == "account_token.not_found"
    log = client.get("/api/v1/me/access-log", headers=auth).json()
    assert "participant.full_export_requested" in {e["action"] for e in log}


def test_a_link_works_only_in_the_account_it_was_mailed_to(
    client: TestClient, services: Services, budi: Member
) -> None:
    agus = enrol_member(services, key="agus", full_name="Agus Salim", face="agus")
    client.post(LINK, headers=bearer(client, budi))
    token = mailed_link_token(services, LINK_KIND)
    stolen = client.post(FULL, json={"token": token}, headers=bearer(client, agus))
    assert stolen.status_code == 404
    # and it is still good for budi: a wrong account does not burn it
    assert client.post(FULL, json={"token": token}, headers=bearer(client, budi)).status_code == 200


def test_links_per_hour_are_limited(client: TestClient, budi: Member) -> None:
    auth = bearer(client, budi)
    answers = [client.post(LINK, headers=auth).status_code for _ in range(4)]
    assert answers == [202, 202, 202, 429]


def test_the_pages_offer_the_masked_download_and_the_link(
    client: TestClient, services: Services, budi: Member
) -> None:
    login = client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', login.text)
    assert csrf
    client.post(
        "/login",
        data={"email": budi.email, "password": budi.password, "csrf_token": csrf.group(1)},
    )
    values = masked_fields_in_full(services, budi)
    masked = client.get("/akun/data-saya.json")
    assert masked.status_code == 200 and in_full(masked.json(), values) == []

    page = client.get("/akun")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf and "/akun/data-saya/kirim-tautan" in page.text
    sent = client.post("/akun/data-saya/kirim-tautan", data={"csrf_token": csrf.group(1)})
    assert sent.status_code == 200 and "30" in sent.text
    token = mailed_link_token(services, LINK_KIND)
    opened = client.get(f"/akun/data-saya/lengkap?token={token}")
    assert opened.status_code == 200 and 'name="token"' in opened.text
    download = client.post(
        "/akun/data-saya/lengkap", data={"csrf_token": csrf.group(1), "token": token}
    )
    assert_sandboxed(download, "/akun/data-saya/lengkap")
    assert download.json()["identity"]["nik"] == budi.nik
    used = client.post(
        "/akun/data-saya/lengkap", data={"csrf_token": csrf.group(1), "token": token}
    )
    assert used.status_code == 404 and "Tautan ini tidak berlaku lagi" in used.text
