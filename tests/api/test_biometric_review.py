"""Borderline face distances wait for an officer; the officer sees the scores and decides."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.settings import Settings
from jmo.usecases.services import Services
from tests.api.contract import documented
from tests.cast import Member, enrol_member, persona_member, selfie
from tests.staff import staff_login, staff_member


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with documented(TestClient(create_app(settings, runtime))) as client:
        yield client


def bearer(client: TestClient, email: str, password: str) -> dict[str, str]:
    token = client.post("/api/v1/auth/login", json={"email": email, "password": password}).json()
    return {"Authorization": f"Bearer {token['token']}"}


@pytest.fixture
def officer(client: TestClient, services: Services) -> dict[str, str]:
    staff_member(services, "petugas@jmo-officer.id")
    token = client.post(
        "/api/v1/auth/login", json=staff_login(services, "petugas@jmo-officer.id")
    ).json()
    return {"Authorization": f"Bearer {token['token']}"}


def test_a_borderline_selfie_waits_for_an_officer_who_approves_it(
    client: TestClient, services: Services, officer: dict[str, str]
) -> None:
    dewi: Member = persona_member(services, "dewi")
    auth = bearer(client, dewi.email, dewi.password)
    client.post("/api/v1/pengkinian/start", headers=auth)
    client.post("/api/v1/pengkinian/identity/confirm", headers=auth)
    result = client.post(
        "/api/v1/pengkinian/selfie",
        headers=auth,
        files={"file": ("s.jpg", selfie("dewi"), "image/jpeg")},
    ).json()
    assert result["decision"] == "review"
    assert "distance" not in result  # the score is for the officer only
    assert client.get("/api/v1/pengkinian", headers=auth).json()["biometric_passed"] is False

    # the participant cannot see or decide it; the officer sees every value
    path = f"/api/v1/staff/participants/{dewi.participant.id}/biometric-attempts"
    assert client.get(path, headers=auth).status_code == 403
    (attempt,) = client.get(path, headers=officer).json()
    assert attempt["decision"] == "review"
    assert 0.55 < attempt["distance"] <= 0.62
    assert {c["rule"] for c in attempt["checks"]} >= {"face_visible", "lighting", "liveness"}
    assert all("value" in c and "threshold" in c for c in attempt["checks"])

    review = f"/api/v1/staff/biometric-attempts/{attempt['id']}/review"
    assert (
        client.post(review, headers=officer, json={"approve": True, "note": ""}).status_code == 422
    )
    decided = client.post(
        review,
        headers=officer,
        json={"approve": True, "note": "Dibandingkan dengan e-KTP di loket"},
    )
    assert decided.status_code == 200 and decided.json()["review_decision"] == "approved"
    assert (
        client.post(review, headers=officer, json={"approve": False, "note": "lagi"}).status_code
        == 409
    )
    state = client.get("/api/v1/pengkinian", headers=auth).json()
    assert state["biometric_passed"] is True and state["step"] == "contact"


def test_clear_results_are_not_for_review(
    client: TestClient, services: Services, officer: dict[str, str]
) -> None:
    budi = enrol_member(services)
    auth = bearer(client, budi.email, budi.password)
    client.post("/api/v1/pengkinian/start", headers=auth)
    client.post("/api/v1/pengkinian/identity/confirm", headers=auth)
    passed = client.post(
        "/api/v1/pengkinian/selfie",
        headers=auth,
        files={"file": ("s.jpg", selfie("budi"), "image/jpeg")},
    ).json()
    response = client.post(
        f"/api/v1/staff/biometric-attempts/{passed['attempt_id']}/review",
        headers=officer,
        json={"approve": False, "note": "coba"},
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "biometric.not_for_review"


def test_one_open_review_per_person_however_many_borderline_selfies(
    client: TestClient, services: Services, officer: dict[str, str]
) -> None:
    """Each borderline try used to add an item to the officers' queue (issue 8 item 2)."""
    dewi = persona_member(services, "dewi")
    auth = bearer(client, dewi.email, dewi.password)
    client.post("/api/v1/pengkinian/start", headers=auth)
    client.post("/api/v1/pengkinian/identity/confirm", headers=auth)
    answers = [
        client.post(
            "/api/v1/pengkinian/selfie",
            headers=auth,
            files={"file": ("s.jpg", selfie("dewi"), "image/jpeg")},
        ).json()
        for _ in range(3)
    ]
    assert [a["decision"] for a in answers] == ["review"] * 3
    # the first waits for an officer; the later ones tell the person it is still waiting
    assert answers[0]["code"] == "face.review"
    assert {a["code"] for a in answers[1:]} == {"face.review_pending"}
    assert "sedang diperiksa petugas" in answers[1]["message"]

    path = f"/api/v1/staff/participants/{dewi.participant.id}/biometric-attempts"
    attempts = client.get(path, headers=officer).json()
    assert len(attempts) == 3  # every try is on record, with its scores, for the officer
    assert all(a["distance"] is not None for a in attempts)
    waiting = [a for a in attempts if a["decision"] == "review" and a["review_decision"] is None]
    assert [a["id"] for a in waiting] == [answers[0]["attempt_id"]]
    not_queued = client.post(
        f"/api/v1/staff/biometric-attempts/{answers[2]['attempt_id']}/review",
        headers=officer,
        json={"approve": True, "note": "coba"},
    )
    assert not_queued.status_code == 409
    assert not_queued.json()["error"]["code"] == "biometric.not_for_review"
    decided = client.post(
        f"/api/v1/staff/biometric-attempts/{answers[0]['attempt_id']}/review",
        headers=officer,
        json={"approve": True, "note": "Dibandingkan dengan e-KTP"},
    )
    assert decided.status_code == 200
    assert client.get("/api/v1/pengkinian", headers=auth).json()["biometric_passed"] is True


@pytest.mark.parametrize(
    ("path", "content", "body"),
    [
        ("/biometric-attempts/{id}/review", "application/json", '{"approve": "perhaps"}'),
        ("/biometric-attempts/{id}/review", "application/json", "{not json"),
        ("/biometric-attempts/{id}/review", "application/json", '{"surprise": 1}'),
        ("/biometric-attempts/not-an-id/review", "application/json", "{}"),
        ("/claims/{id}/verify", "application/json", "{not json"),
        ("/claims/{id}/branch-steps", "application/json", '{"step": 7}'),
        ("/complaints/{id}/status", "application/json", '{"status": 7}'),
    ],
)
def test_a_participant_is_refused_before_the_staff_body_is_read(
    client: TestClient, services: Services, path: str, content: str, body: str
) -> None:
    """A malformed body from a participant answers 403, never 422: the role comes first."""
    budi = enrol_member(services)
    auth = bearer(client, budi.email, budi.password)
    url = "/api/v1/staff" + path.format(id="00000000-0000-0000-0000-000000000000")
    response = client.post(url, headers={**auth, "Content-Type": content}, content=body)
    assert response.status_code == 403, response.text
    assert response.json()["error"]["code"] == "auth.staff_only"
    anonymous = client.post(url, headers={"Content-Type": content}, content=body)
    assert anonymous.status_code == 401
