"""The access-control matrix: every API route that takes an id in its path, called by
another participant with the owner's id, answers exactly as it does for an id that does
not exist (participant routes: 404, same body) or refuses the role (staff routes: 403,
same body). A new route with an id fails this test until it is added to the matrix."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from jmo.api import build_routes
from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.settings import Settings
from jmo.usecases.services import Services
from tests.api.contract import documented
from tests.api.test_jht_claims_api import DOCS, resigned
from tests.cast import PASSWORD, Member, enrol_member
from tests.services.helpers import current_member, jpeg, officer
from tests.staff import staff_login

MISSING = "00000000-0000-4000-8000-000000000000"

# (method, path template) -> request body: {"json": ...} or {"data": ...} or {}
PARTICIPANT_ROUTES: dict[tuple[str, str], dict[str, Any]] = {
    ("GET", "/api/v1/pengkinian/change-requests/{request_id}"): {},
    ("DELETE", "/api/v1/me/devices/{session_id}"): {},
    ("GET", "/api/v1/complaints/{complaint_id}"): {},
    ("POST", "/api/v1/complaints/{complaint_id}/messages"): {"data": {"body": "halo"}},
    ("POST", "/api/v1/complaints/{complaint_id}/reopen"): {"json": {"body": "buka lagi"}},
    ("POST", "/api/v1/complaints/{complaint_id}/close"): {"json": {"rating": 5}},
    ("GET", "/api/v1/complaints/{complaint_id}/attachments/{attachment_id}"): {},
    ("GET", "/api/v1/claims/{claim_id}"): {},
    ("POST", "/api/v1/me/inbox/{message_id}/read"): {},
    ("DELETE", "/api/v1/me/heirs/{heir_id}"): {},
    ("GET", "/api/v1/requests/{request_id}"): {},
    ("GET", "/api/v1/appointments/{appointment_id}"): {},
    ("POST", "/api/v1/appointments/{appointment_id}/cancel"): {},
    ("POST", "/api/v1/appointments/{appointment_id}/reschedule"): {
        "json": {"starts_at": "2026-11-27T01:00:00+00:00"}
    },
    ("GET", "/api/v1/me/requests/{request_no}"): {},
    ("GET", "/api/v1/me/requests/{request_no}/receipt"): {},
    ("GET", "/api/v1/me/requests/{request_no}/receipt.pdf"): {},
    ("POST", "/api/v1/requests/{request_id}/documents"): {
        "data": {"document_type": "kartu_keluarga"},
        "files": [("files", ("kk.jpg", jpeg(), "image/jpeg"))],
    },
}
STAFF_ROUTES: dict[tuple[str, str], dict[str, Any]] = {
    ("GET", "/api/v1/staff/complaints/{complaint_id}"): {},
    ("GET", "/api/v1/staff/complaints/{complaint_id}/attachments/{attachment_id}"): {},
    ("GET", "/api/v1/staff/change-requests/{request_id}"): {},
    ("POST", "/api/v1/staff/complaints/{complaint_id}/messages"): {"data": {"body": "x"}},
    ("POST", "/api/v1/staff/complaints/{complaint_id}/status"): {"json": {"status": "resolved"}},
    ("POST", "/api/v1/staff/cards/{card_id}/revoke"): {"json": {"reason": "lost"}},
    ("GET", "/api/v1/staff/claims/{claim_id}"): {},
    ("GET", "/api/v1/staff/claims/{claim_id}/documents/{document_id}"): {},
    ("GET", "/api/v1/staff/claims/{claim_id}/heirs"): {},
    ("POST", "/api/v1/staff/claims/{claim_id}/verify"): {"json": {"note": ""}},
    ("POST", "/api/v1/staff/claims/{claim_id}/approve"): {"json": {"note": ""}},
    ("POST", "/api/v1/staff/claims/{claim_id}/reject"): {"json": {"reason": "other"}},
    ("POST", "/api/v1/staff/claims/{claim_id}/pay"): {"json": {"payment_reference": "x"}},
    ("POST", "/api/v1/staff/claims/{claim_id}/branch-steps"): {"json": {"step": "documents_seen"}},
    ("GET", "/api/v1/staff/participants/{participant_id}/risk"): {},
    ("GET", "/api/v1/staff/participants/{participant_id}/biometric-attempts"): {},
    ("POST", "/api/v1/staff/biometric-attempts/{attempt_id}/review"): {
        "json": {"approve": True, "note": "x"}
    },
    ("POST", "/api/v1/staff/participants/{participant_id}/freeze/lift"): {
        "json": {"note": "checked the KTP"}
    },
    ("GET", "/api/v1/staff/identity-corrections/{request_id}"): {},
    ("GET", "/api/v1/staff/identity-corrections/{request_id}/documents/{document_id}"): {},
    ("POST", "/api/v1/staff/identity-corrections/{request_id}/ask-documents"): {
        "json": {"reason": "KK"}
    },
    ("POST", "/api/v1/staff/identity-corrections/{request_id}/prepare"): {
        "json": {"values": {"birth_place": "Sidoarjo"}}
    },
    ("POST", "/api/v1/staff/identity-corrections/{request_id}/approve"): {},
    ("POST", "/api/v1/staff/identity-corrections/{request_id}/reject"): {"json": {"reason": "x"}},
    ("POST", "/api/v1/staff/appointments/{appointment_id}/status"): {"json": {"status": "arrived"}},
    ("POST", "/api/v1/staff/participants/{participant_id}/pengkinian"): {
        "json": {"values": {}, "documents_seen": ["e_ktp"], "terms_accepted": True}
    },
    ("POST", "/api/v1/staff/participants/{participant_id}/reference-photo"): {
        "data": {"documents_seen": "e_ktp"},
        "files": [("photo", ("p.jpg", jpeg(), "image/jpeg"))],
    },
    ("GET", "/api/v1/staff/counter-requests/{request_id}"): {},
    ("POST", "/api/v1/staff/counter-requests/{request_id}/approve"): {},
    ("POST", "/api/v1/staff/counter-requests/{request_id}/verify"): {},
    ("POST", "/api/v1/staff/counter-requests/{request_id}/reject"): {"json": {"reason": "x"}},
}
# Not an owned record: public by design (the card's QR check; reference lists).
PUBLIC_ROUTES = {("GET", "/api/v1/verify/{token}"), ("GET", "/api/v1/reference/choices/{name}")}


def api_paths() -> dict[str, dict[str, Any]]:
    """Every path of the JSON API with its operations, as the OpenAPI schema lists them."""
    app = FastAPI()
    app.router.routes.extend(build_routes())
    return dict(app.openapi()["paths"])


def routes_with_ids() -> set[tuple[str, str]]:
    found = set()
    for path, operations in api_paths().items():
        if "{" in path:
            found |= {(method.upper(), path) for method in operations}
    return found


def test_every_route_with_an_id_is_in_the_matrix() -> None:
    listed = set(PARTICIPANT_ROUTES) | set(STAFF_ROUTES) | PUBLIC_ROUTES
    assert routes_with_ids() == listed


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with documented(TestClient(create_app(settings, runtime))) as client:
        yield client


def bearer(client: TestClient, email: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def owner_with_records(
    client: TestClient, services: Services
) -> tuple[Member, dict[str, str], dict[str, str]]:
    """A participant with everything an id can point at: the member, their bearer header
    and the ids."""
    owner = resigned(services)  # data current, with a JHT balance
    auth = bearer(client, owner.email)
    report = client.post(
        "/api/v1/pengkinian/identity/report",
        headers=auth,
        json={"fields": ["birth_place"], "note": ""},
    )
    ticket = client.post(
        "/api/v1/complaints",
        headers=auth,
        data={"category": "klaim", "description": "Klaim belum cair setelah 10 hari."},
        files=[("files", ("bukti.jpg", jpeg(), "image/jpeg"))],
    ).json()
    claim = client.post(
        "/api/v1/claims",
        headers=auth,
        data={"program": "jht", "reason": "jht.resignation"},
        files=DOCS,
    )
    assert claim.status_code == 201, claim.text
    # the claim goes to a branch (above the self-service limit): a booking for it
    number = claim.json()["number"]
    options = client.get(
        "/api/v1/appointments/options",
        headers=auth,
        params={"purpose": "klaim", "reference": number},
    ).json()
    slot = next(s for s in options["slots"] if s["free"])
    booked = client.post(
        "/api/v1/appointments",
        headers=auth,
        json={
            "purpose": "klaim",
            "reference": number,
            "branch": options["branch"]["code"],
            "starts_at": slot["starts_at"],
        },
    )
    assert booked.status_code == 201, booked.text
    card = client.get("/api/v1/card", headers=auth).json()
    heir = client.post(
        "/api/v1/me/heirs",
        headers=auth,
        json={
            "relationship": "child",
            "full_name": "Anak Pemilik",
            "nik": enrol_member(services, key="sari", account=False).nik,
        },
    )
    assert heir.status_code == 201, heir.text
    device = client.get("/api/v1/me/devices", headers=auth).json()[0]
    uow = services.uow()
    with uow:
        attempts = uow.biometric_attempts.for_participant(
            owner.participant.id, services.clock.now().replace(year=2000)
        )
        stored_claim = uow.claims.get(UUID(claim.json()["id"]))
        messages = uow.inbox.for_participant(owner.participant.id, 1)
        correction = uow.request_ids.of_item(UUID(report.json()["id"]))
    assert stored_claim is not None and attempts and messages and correction
    return (
        owner,
        auth,
        {
            "request_id": report.json()["id"],
            "request_no": str(correction.request_id),  # Riwayat & Lacak's id (KI-...)
            "session_id": device["id"],
            "complaint_id": ticket["id"],
            "attachment_id": ticket["attachments"][0]["id"],
            "claim_id": claim.json()["id"],
            "document_id": str(stored_claim.documents[0].id),
            "card_id": card["id"],
            "participant_id": str(owner.participant.id),
            "attempt_id": str(attempts[0].id),
            "message_id": str(messages[0].id),
            "heir_id": heir.json()["id"],
            "kpj": owner.kpj,
            "appointment_id": booked.json()["id"],
            "appointment_code": booked.json()["code"],
            "appointment_day": options["day"],
        },
    )


def owners_ids(client: TestClient, services: Services) -> tuple[dict[str, str], dict[str, str]]:
    """Everything the owner has that an id can point at."""
    _, auth, ids = owner_with_records(client, services)
    return auth, ids


def test_another_participant_gets_what_a_missing_id_gets(
    client: TestClient, services: Services
) -> None:
    owner_auth, ids = owners_ids(client, services)
    intruder, _ = current_member(services, key="siti", full_name="Siti Aminah")
    auth = bearer(client, intruder.email)
    missing = dict.fromkeys(ids, MISSING)
    checked = 0
    for routes, expected in ((PARTICIPANT_ROUTES, 404), (STAFF_ROUTES, 403)):
        for (method, template), body in routes.items():
            theirs = client.request(method, template.format(**ids), headers=auth, **body)
            absent = client.request(method, template.format(**missing), headers=auth, **body)
            assert theirs.status_code == absent.status_code == expected, (template, theirs.text)
            assert theirs.json() == absent.json(), template
            checked += 1
    assert checked == len(PARTICIPANT_ROUTES) + len(STAFF_ROUTES)
    # and none of it touched the owner's records
    assert (
        client.get(f"/api/v1/complaints/{ids['complaint_id']}", headers=owner_auth).json()["status"]
        == "new"
    )
    assert (
        client.get(f"/api/v1/claims/{ids['claim_id']}", headers=owner_auth).json()["status"]["code"]
        == "submitted"
    )
    assert client.get("/api/v1/me", headers=owner_auth).status_code == 200  # device not ended


# The participant's own account (devices) is not participant data: staff have devices too.
ACCOUNT_ROUTES = {("DELETE", "/api/v1/me/devices/{session_id}")}


def test_participant_routes_refuse_staff(client: TestClient, services: Services) -> None:
    """An officer posted to a complaint thread through the participant route (issue 8):
    the participant routes refuse staff, who use the staff routes (which record reads)."""
    _, ids = owners_ids(client, services)
    email, _ = officer(services)
    response = client.post("/api/v1/auth/login", json=staff_login(services, email))
    auth = {"Authorization": f"Bearer {response.json()['token']}"}
    checked = 0
    for (method, template), body in PARTICIPANT_ROUTES.items():
        if (method, template) in ACCOUNT_ROUTES:
            continue
        answer = client.request(method, template.format(**ids), headers=auth, **body)
        assert answer.status_code == 403, (template, answer.text)
        assert answer.json()["error"]["code"] == "auth.participant_only", template
        checked += 1
    assert checked == len(PARTICIPANT_ROUTES) - len(ACCOUNT_ROUTES)
    uow = services.uow()
    with uow:
        complaint = uow.complaints.get(UUID(ids["complaint_id"]))
    assert complaint is not None and complaint.messages == []  # nothing was posted
