"""Riwayat & Lacak over the API, on the real app and database: every request gets an id
of its kind, lists with filters, opens with its timeline by id or by its old reference,
gives a signed receipt that /verify accepts as it is and refuses with one byte changed,
and is nobody else's business (404 for another participant)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.domain.card import mask_name
from jmo.settings import Settings
from jmo.usecases.services import Services
from tests.api.contract import documented
from tests.api.test_access_matrix import bearer, owner_with_records
from tests.services.helpers import current_member

ID = re.compile(r"^[A-Z]{2}-\d{4}-\d{6}$")


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with documented(TestClient(create_app(settings, runtime))) as client:
        yield client


def _tamper(code: str) -> str:
    """One character of the signed receipt changed (a byte of its content)."""
    kid, body, signature = code.split(".")
    middle = len(body) // 2
    swapped = "A" if body[middle] != "A" else "B"
    return f"{kid}.{body[:middle]}{swapped}{body[middle + 1 :]}.{signature}"


def test_every_request_is_listed_with_an_id_timeline_and_a_verifiable_receipt(
    client: TestClient, services: Services
) -> None:
    owner, auth, ids = owner_with_records(client, services)
    listed = client.get("/api/v1/me/requests", headers=auth)
    assert listed.status_code == 200, listed.text
    by_kind = {r["kind"]: r for r in listed.json()}
    # the data update that unlocked the services, the identity report, the complaint, the claim
    assert {"identity_correction", "complaint", "claim"} <= set(by_kind)
    assert any(k in by_kind for k in ("pengkinian", "contact_change", "bank_change"))
    assert all(ID.match(r["request_id"]) for r in listed.json())
    assert by_kind["claim"]["request_id"].startswith("KL-")
    assert by_kind["complaint"]["request_id"].startswith("PG-")
    correction = by_kind["identity_correction"]
    assert correction["request_id"].startswith("KI-")
    assert correction["progress"] == "waiting_for_you"  # documents asked for
    assert correction["item_id"] == ids["request_id"]
    assert [e["code"] for e in correction["timeline"]] == ["change.requested"]

    # filters: one kind; a period that ends before anything was made; a bad one
    claims = client.get("/api/v1/me/requests", headers=auth, params={"kind": "claim"}).json()
    assert [r["kind"] for r in claims] == ["claim"]
    done = client.get("/api/v1/me/requests", headers=auth, params={"status": "done"}).json()
    assert done and all(r["progress"] == "done" for r in done)
    early = client.get("/api/v1/me/requests", headers=auth, params={"until": "2020-01-01"})
    assert early.json() == []
    bad = client.get(
        "/api/v1/me/requests", headers=auth, params={"kind": "nope", "since": "31-02-2026"}
    )
    assert bad.status_code == 422
    assert {f["field"] for f in bad.json()["error"]["fields"]} == {"kind", "since"}

    # the old reference (ADU-..., as sent in notices before ids) still finds the request
    complaint = by_kind["complaint"]
    old = client.get(f"/api/v1/me/requests/{complaint['old_reference']}", headers=auth)
    assert old.status_code == 200 and old.json()["request_id"] == complaint["request_id"]
    assert (
        client.get(f"/api/v1/me/requests/{complaint['request_id'].lower()}", headers=auth).json()[
            "request_id"
        ]
        == complaint["request_id"]
    )

    # the receipt: signed, verified as it is, refused with one character changed
    receipt = client.get(f"/api/v1/me/requests/{claims[0]['request_id']}/receipt", headers=auth)
    assert receipt.status_code == 200, receipt.text
    code = receipt.json()["code"]
    assert receipt.json()["verify_url"].endswith("/verify?kode=" + code)
    ok = client.post("/api/v1/receipts/verify", json={"code": code}).json()
    assert ok["valid"] is True
    assert ok["receipt"]["request_id"] == claims[0]["request_id"]
    # name and KPJ masked as on the card's public check
    assert ok["receipt"]["name_masked"] == mask_name(owner.participant.identity.full_name)
    assert owner.kpj not in str(ok)
    assert owner.participant.identity.full_name not in str(ok)
    for forged in (_tamper(code), code[:-2] + ("AA" if code[-2:] != "AA" else "BB"), "x.y.z"):
        assert client.post("/api/v1/receipts/verify", json={"code": forged}).json() == {
            "valid": False,
            "receipt": None,
        }
    pdf = client.get(f"/api/v1/me/requests/{claims[0]['request_id']}/receipt.pdf", headers=auth)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    # another participant: the same answer as an id that does not exist
    stranger, _ = current_member(services, key="yanto", full_name="Yanto Prasetyo", face="agus")
    theirs = bearer(client, stranger.email)
    for path in (
        f"/api/v1/me/requests/{complaint['request_id']}",
        f"/api/v1/me/requests/{complaint['request_id']}/receipt",
        f"/api/v1/me/requests/{complaint['old_reference']}",
    ):
        refused = client.get(path, headers=theirs)
        missing = client.get("/api/v1/me/requests/KL-2026-999999", headers=theirs)
        assert refused.status_code == 404
        assert refused.json() == missing.json()
    assert complaint["request_id"] not in client.get("/api/v1/me/requests", headers=theirs).text


def test_a_data_update_shows_before_and_after_masked_in_request_receipt_and_history(
    client: TestClient, services: Services
) -> None:
    member, _ = current_member(services)  # the data update gave a phone, an email, a bank
    auth = bearer(client, member.email)
    [update] = client.get("/api/v1/me/requests", headers=auth).json()
    assert update["progress"] == "done"
    assert [e["code"] for e in update["timeline"]] == ["change.requested", "change.applied"]
    changes = {c["field"]: c for c in update["changes"]}
    assert "bank_account" in changes
    account = changes["bank_account"]["after"]
    assert "*" in account  # masked like Pengkinian's disclosure rule
    receipt = client.get(f"/api/v1/me/requests/{update['request_id']}/receipt", headers=auth)
    lines = {c["field"]: c for c in receipt.json()["receipt"]["lines"]}
    assert lines["bank_account"]["after"] == account
    history = client.get("/api/v1/me/history", headers=auth).json()
    assert history[0]["request_id"] == update["request_id"]
    assert {c["field"] for c in history[0]["changes"]} == set(changes)
    assert history[-1]["changes"] == []  # the first version: the data as first recorded
    # the JSON export names the request ids too
    exported = client.get("/api/v1/me/data", headers=auth).json()["requests"]
    assert [r["request_id"] for r in exported] == [update["request_id"]]
    assert exported[0]["item_id"] == update["item_id"]
