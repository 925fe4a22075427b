"""Cek Saldo JHT, claims and the staff API through HTTP: the numbers, the contract, the
error answers, and that one participant never reaches another's data."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.settings import Settings
from jmo.usecases.services import Services
from tests.api.contract import documented
from tests.api.test_pengkinian_api import login
from tests.cast import Member, complete_pengkinian, enrol_member
from tests.jht_cast import complete_update, create_officer, enrol_worker, job, pdf_bytes, png_bytes
from tests.staff import staff_login
from tests.usecases.test_claims_usecases import JAVASCRIPT_PDF, ZERO


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with documented(TestClient(create_app(settings, runtime))) as client:
        yield client


@pytest.fixture
def zero_yield(runtime: Runtime) -> Services:
    """Balances are exactly the contributions (no yield), for short worked numbers."""
    # the hold after a bank change is tested in tests/usecases (claim rules here)
    runtime.services.benefits = replace(
        runtime.services.benefits, yields=ZERO, bank_cooling_off_days=0, contact_cooling_off_days=0
    )
    return runtime.services


def resigned(services: Services) -> Member:
    member = enrol_worker(
        services, employments=(job(date(2010, 1, 1), date(2019, 12, 31), 10_000_000),)
    )
    complete_update(services, member)
    return member


DOCS = {
    "e_ktp": ("ktp.png", png_bytes(), "image/png"),
    "kartu_keluarga": ("kk.pdf", pdf_bytes(), "application/pdf"),
    "resignation_letter": ("surat.pdf", pdf_bytes(), "application/pdf"),
}


def officer_headers(
    client: TestClient, services: Services, email: str = "officer@test.jmo.id"
) -> dict[str, str]:
    create_officer(services, email)
    response = client.post("/api/v1/auth/login", json=staff_login(services, email))
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def test_balance_statement_and_simulation(client: TestClient, services: Services) -> None:
    member = enrol_member(services)
    complete_pengkinian(services, member)
    auth = login(client, member)
    balance = client.get("/api/v1/jht/balance", headers=auth)
    assert balance.status_code == 200, balance.text
    body = balance.json()
    (record,) = body["records"]
    assert record["kpj"] == member.kpj and record["own"] is True
    assert record["jht"]["contributions"] == 48_564_000 and record["jht"]["months"] == 142
    assert record["jht"]["employer_periods"][0]["employer_name"] == "PT Uji Coba Sejahtera"
    assert body["total"] == body["contributions"] + body["yields"] + body["withdrawals"]
    assert {r["status"] for r in body["rates"]} == {"declared", "assumed"}
    assert record["series"][-1]["balance"] == body["total"]

    statement = client.get(f"/api/v1/jht/statement?kpj={member.kpj}&year=2016", headers=auth).json()
    assert statement["employer_share"] == 12 * 222_000 and statement["worker_share"] == 12 * 120_000
    assert statement["yield_rate"] == {
        "year": 2016,
        "rate_bp": 719,
        "status": "declared",
        "source": statement["yield_rate"]["source"],
    }
    pdf = client.get(f"/api/v1/jht/statement.pdf?kpj={member.kpj}&year=2016", headers=auth)
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")

    sim = client.get("/api/v1/jht/simulation?wage_growth=0&yield_rate=0", headers=auth).json()
    assert sim["retirement_date"] == "2041-03-12"
    assert sim["at_retirement"]["balance"] == body["total"] + 172 * 342_000
    assert sim["defaults"]["wage_growth_bp"] == 427
    bad = client.get("/api/v1/jht/simulation?yield_rate=abc", headers=auth)
    assert bad.status_code == 422 and bad.json()["error"]["fields"][0]["field"] == "yield_rate"
    single = client.post("/api/v1/jht/merge-requests", headers=auth)
    assert single.status_code == 403 and single.json()["error"]["code"] == "jht.merge_single_kpj"


def file_jht_claim(client: TestClient, auth: dict[str, str]) -> Response:
    """A JHT claim on resignation with its documents, filed through the API (201)."""
    created: Response = client.post(
        "/api/v1/claims",
        headers=auth,
        data={"program": "jht", "reason": "jht.resignation"},
        files=DOCS,
    )
    assert created.status_code == 201, created.text
    return created


def test_another_participants_kpj_and_claims_answer_404(
    client: TestClient, services: Services
) -> None:
    owner = resigned(services)
    owner_auth = login(client, owner)
    created = file_jht_claim(client, owner_auth)
    claim_id = created.json()["id"]

    other = enrol_member(services, key="siti")
    complete_pengkinian(services, other)
    auth = login(client, other)
    not_yours = client.get(f"/api/v1/claims/{claim_id}", headers=auth)
    missing = client.get("/api/v1/claims/00000000-0000-0000-0000-000000000001", headers=auth)
    malformed = client.get("/api/v1/claims/not-an-id", headers=auth)
    assert not_yours.status_code == missing.status_code == malformed.status_code == 404
    assert not_yours.json() == missing.json() == malformed.json()
    assert client.get("/api/v1/claims", headers=auth).json() == []
    statement = client.get(f"/api/v1/jht/statement?kpj={owner.kpj}&year=2016", headers=auth)
    assert statement.status_code == 404 and statement.json()["error"]["code"] == "kpj.not_found"
    staff_only = client.get("/api/v1/staff/claims", headers=auth)
    assert staff_only.status_code == 403 and staff_only.json()["error"]["code"] == "auth.staff_only"
    move = client.post(f"/api/v1/staff/claims/{claim_id}/verify", headers=auth)
    assert move.status_code == 403


def test_quote_submit_once_and_the_staff_moves(client: TestClient, zero_yield: Services) -> None:
    services = zero_yield
    member = resigned(services)
    auth = login(client, member)
    quote = client.post(
        "/api/v1/claims/quote", headers=auth, json={"program": "jht", "reason": "jht.resignation"}
    )
    assert quote.status_code == 200, quote.text
    q = quote.json()
    assert q["eligible"] is True and q["problems"] == []
    b = q["benefit"]
    assert (b["gross"], b["tax"], b["net"]) == (68_400_000, 920_000, 67_480_000)
    assert (b["tax_with_npwp"], b["tax_without_npwp"]) == (920_000, 1_104_000)
    assert (
        q["route"]["code"] == "branch" and q["route"]["reason"]["code"] == "claim.route.above_limit"
    )
    assert "Rp15.000.000" in q["route"]["reason"]["message"]
    assert [d["code"] for d in q["documents_required"]] == [
        "e_ktp",
        "kartu_keluarga",
        "resignation_letter",
    ]

    incomplete = client.post(
        "/api/v1/claims",
        headers=auth,
        data={"program": "jht", "reason": "jht.resignation"},
        files={"e_ktp": DOCS["e_ktp"]},
    )
    assert incomplete.status_code == 422
    assert {f["field"] for f in incomplete.json()["error"]["fields"]} == {
        "kartu_keluarga",
        "resignation_letter",
    }

    key = {"Idempotency-Key": "claim-1"}
    first = client.post(
        "/api/v1/claims",
        headers=auth | key,
        data={"program": "jht", "reason": "jht.resignation"},
        files=DOCS,
    )
    assert first.status_code == 201, first.text
    claim = first.json()
    assert claim["status"]["code"] == "submitted" and claim["number"].startswith("JHT-20261125-")
    assert [s["status"]["code"] for s in claim["timeline"]] == [
        "submitted",
        "verified",
        "approved",
        "paid",
    ]
    assert [s["done"] for s in claim["timeline"]] == [True, False, False, False]
    replay = client.post(
        "/api/v1/claims",
        headers=auth | key,
        data={"program": "jht", "reason": "jht.resignation"},
        files=DOCS,
    )
    assert replay.json()["id"] == claim["id"]
    twice = client.post(
        "/api/v1/claims",
        headers=auth,
        data={"program": "jht", "reason": "jht.resignation"},
        files=DOCS,
    )
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "claim.already_open"
    assert claim["number"] in twice.json()["error"]["message"]

    staff = officer_headers(client, services)
    second = officer_headers(client, services, "kedua@test.jmo.id")
    queue = client.get("/api/v1/staff/claims?status=submitted", headers=staff).json()
    assert [(c["id"], c["documents"]) for c in queue] == [(claim["id"], 3)]
    assert "member_kpj" not in queue[0] and "bank" not in queue[0]  # the queue names no one
    doc = client.get(f"/api/v1/staff/claims/{claim['id']}", headers=staff).json()["documents"][0]
    file = client.get(f"/api/v1/staff/claims/{claim['id']}/documents/{doc['id']}", headers=staff)
    # as checked on upload: the PDF as sent, the image re-encoded
    assert file.status_code == 200 and file.content[:4] in (b"\x89PNG", b"%PDF")
    too_early = client.post(f"/api/v1/staff/claims/{claim['id']}/pay", headers=staff)
    assert (
        too_early.status_code == 409
        and too_early.json()["error"]["code"] == "claim.transition_not_allowed"
    )
    assert (
        client.post(
            f"/api/v1/staff/claims/{claim['id']}/verify", headers=staff, json={"note": "lengkap"}
        ).status_code
        == 200
    )
    assert (
        client.post(f"/api/v1/staff/claims/{claim['id']}/approve", headers=second).status_code
        == 200  # four eyes: not the officer who verified
    )
    # routed to a branch (above the self-service limit): not paid before the branch step
    held = client.post(f"/api/v1/staff/claims/{claim['id']}/pay", headers=staff)
    assert held.status_code == 409 and held.json()["error"]["code"] == "claim.branch_step_required"
    step = {"step": "documents_seen", "note": "KTP, KK dan paklaring asli dilihat"}
    by_participant = client.post(
        f"/api/v1/staff/claims/{claim['id']}/branch-steps", headers=auth, json=step
    )
    assert by_participant.status_code == 403
    assert by_participant.json()["error"]["code"] == "auth.staff_only"
    recorded = client.post(
        f"/api/v1/staff/claims/{claim['id']}/branch-steps", headers=staff, json=step
    )
    assert recorded.status_code == 200, recorded.text
    (visit,) = recorded.json()["branch_steps"]
    assert visit["step"]["code"] == "documents_seen" and visit["branch_code"] == "SBY01"
    paid = client.post(
        f"/api/v1/staff/claims/{claim['id']}/pay",
        headers=staff,
        json={"payment_reference": "TRF-9"},
    )
    assert paid.status_code == 200 and paid.json()["status"]["code"] == "paid"
    mine = client.get(f"/api/v1/claims/{claim['id']}", headers=auth).json()
    assert [s["done"] for s in mine["timeline"]] == [True, True, True, True]
    assert mine["timeline"][-1]["payment_reference"] == "TRF-9"
    assert client.get("/api/v1/jht/balance", headers=auth).json()["total"] == 0


def test_rejection_needs_a_known_reason(client: TestClient, services: Services) -> None:
    member = resigned(services)
    auth = login(client, member)
    claim = client.post(
        "/api/v1/claims",
        headers=auth,
        data={"program": "jht", "reason": "jht.resignation"},
        files=DOCS,
    ).json()
    staff = officer_headers(client, services)
    bad = client.post(
        f"/api/v1/staff/claims/{claim['id']}/reject", headers=staff, json={"reason": "bosan"}
    )
    assert bad.status_code == 422
    done = client.post(
        f"/api/v1/staff/claims/{claim['id']}/reject",
        headers=staff,
        json={"reason": "documents_incomplete", "note": "KK tidak terbaca"},
    )
    assert done.status_code == 200
    mine = client.get(
        f"/api/v1/claims/{claim['id']}", headers=auth | {"Accept-Language": "en"}
    ).json()
    last = mine["timeline"][-1]
    assert last["status"]["code"] == "rejected" and last["reason"]["code"] == "documents_incomplete"
    assert last["note"] == "KK tidak terbaca"
    assert last["status"]["label"] == "Rejected"


def test_claims_need_current_data(client: TestClient, services: Services) -> None:
    member = enrol_member(services)
    auth = login(client, member)
    death = {
        "program": "jkm",
        "reason": "jkm.death",
        "deceased_kpj": "12345678901",
        "deceased_nik": "3171012345678901",
        "event_date": "2026-01-05",
        "heir_relationship": "spouse",
    }
    locked = client.post("/api/v1/claims/quote", headers=auth, json=death)
    assert locked.status_code == 403 and locked.json()["error"]["code"] == "service.locked"
    unknown = client.post(
        "/api/v1/claims/quote", headers=auth, json={"program": "xyz", "reason": "x"}
    )
    assert unknown.status_code == 422


def test_a_claim_document_goes_through_the_attachment_check(
    client: TestClient, services: Services
) -> None:
    """The file an outside test got through as a claim document (a PDF that runs JavaScript
    when opened) is refused as it is for a complaint."""
    member = resigned(services)
    auth = login(client, member)
    files = dict(DOCS) | {"e_ktp": ("ktp.pdf", JAVASCRIPT_PDF, "application/pdf")}
    refused = client.post(
        "/api/v1/claims",
        headers=auth | {"Accept-Language": "en"},
        data={"program": "jht", "reason": "jht.resignation"},
        files=files,
    )
    assert refused.status_code == 422, refused.text
    (field,) = refused.json()["error"]["fields"]
    assert (field["field"], field["code"]) == ("e_ktp", "attachment.pdf_active")
    assert "PDF" in field["message"]
    assert client.get("/api/v1/claims", headers=auth).json() == []
