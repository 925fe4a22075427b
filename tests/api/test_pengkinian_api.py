"""The whole Pengkinian Data flow through the JSON API, on the real database and the real
face model: what a phone client does, and what it gets back when things go wrong."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.settings import Settings
from jmo.storage.rows import (
    AuditRow,
    ChangeRequestRow,
    ConsentRow,
    HistoryRow,
    OutboxRow,
    ParticipantRow,
)
from jmo.usecases.ports import Services
from tests.cast import (
    Member,
    enrol_member,
    selfie,
    sent_codes,
    valid_additional,
    valid_contact,
    valid_population,
)


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime)) as client:
        yield client


@pytest.fixture
def budi(services: Services) -> Member:
    return enrol_member(services)


def login(client: TestClient, member: Member) -> dict[str, str]:
    response = client.post(
        "/api/v1/auth/login", json={"email": member.email, "password": member.password}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def field_codes(response: object) -> dict[str, str]:
    body = response.json()  # type: ignore[attr-defined]
    return {f["field"]: f["code"] for f in body["error"]["fields"]}


def walk_to_contact(client: TestClient, auth: dict[str, str], face: str = "budi") -> None:
    assert client.post("/api/v1/pengkinian/start", headers=auth).status_code == 200
    assert client.post("/api/v1/pengkinian/identity/confirm", headers=auth).status_code == 200
    result = client.post(
        "/api/v1/pengkinian/selfie",
        headers=auth,
        files={"file": ("selfie.jpg", selfie(face), "image/jpeg")},
    )
    assert result.status_code == 200, result.text
    assert result.json()["decision"] == "pass"


def test_whole_flow_applies_the_update_once_with_diff_consent_history_audit_and_notices(
    client: TestClient, budi: Member, db: object, runtime: Runtime, services: Services
) -> None:
    auth = login(client, budi)
    me = client.get("/api/v1/me", headers=auth).json()
    assert me["data_is_current"] is False
    locked = {s["key"]: s["unlocked"] for s in me["services"]}
    assert locked == {
        "kartu-digital": False,
        "saldo-jht": False,
        "klaim-jht": False,
        "pengkinian-data": True,
        "pengaduan": False,
        "klaim-jkm": False,
        "klaim-jkk": False,
        "klaim-jp": False,
    }
    assert me["nik_masked"] != budi.nik and me["nik_masked"].endswith(budi.nik[-2:])

    walk_to_contact(client, auth)
    contact = client.put("/api/v1/pengkinian/contact", headers=auth, json=valid_contact(budi))
    assert contact.status_code == 200
    # a new phone number must be proven with the code sent to it before going on
    pending = contact.json()["pending_checks"]
    assert list(pending) == ["phone"]
    assert pending["phone"]["sent_to"].endswith("890") and "*" in pending["phone"]["sent_to"]
    assert contact.json()["step"] == "contact"
    wrong = client.post(
        "/api/v1/pengkinian/contact/verify", headers=auth, json={"phone_code": "000000"}
    )
    assert wrong.status_code == 422
    assert field_codes(wrong) == {"phone_code": "otp.wrong"}
    verified = client.post(
        "/api/v1/pengkinian/contact/verify", headers=auth, json=sent_codes(services)
    )
    assert verified.status_code == 200 and verified.json()["step"] == "population"
    assert (
        client.put(
            "/api/v1/pengkinian/population", headers=auth, json=valid_population()
        ).status_code
        == 200
    )
    state = client.put(
        "/api/v1/pengkinian/additional", headers=auth, json=valid_additional()
    ).json()
    assert state["step"] == "confirm"
    assert state["step_number"] == 10

    terms = state["terms_version"]
    submit = {"terms_accepted": True, "terms_version": terms}
    first = client.post(
        "/api/v1/pengkinian/submit", headers={**auth, "Idempotency-Key": "k-1"}, json=submit
    )
    assert first.status_code == 200, first.text
    request = first.json()
    assert request["status"] == "applied"
    assert request["consent_terms_version"] == terms
    assert request["biometric_decision"] == "pass"
    changes = {c["field"]: (c["old"], c["new"]) for c in request["changes"]}
    assert changes["phone"][1] == "+6281234567890"
    assert changes["bank_code"] == ("014", "002")
    assert changes["bank_account"][1] == "012301001234567"
    assert changes["npwp"] == (None, "013121660091000")
    assert changes["education"] == (None, "SLTA")
    assert "email" not in changes  # unchanged fields are not in the diff

    again = client.post(
        "/api/v1/pengkinian/submit", headers={**auth, "Idempotency-Key": "k-1"}, json=submit
    )
    assert again.status_code == 200
    assert again.json()["id"] == request["id"]
    double_click = client.post("/api/v1/pengkinian/submit", headers=auth, json=submit)
    assert double_click.json()["id"] == request["id"]

    me = client.get("/api/v1/me", headers=auth).json()
    assert me["data_is_current"] is True
    assert all(s["unlocked"] for s in me["services"])

    with runtime.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(ChangeRequestRow)) == 1
        assert conn.scalar(select(ParticipantRow.version)) == 2
        assert conn.scalar(select(func.count()).select_from(HistoryRow)) == 2
        assert conn.scalar(select(ConsentRow.terms_version)) == terms
        actions = list(conn.scalars(select(AuditRow.action).order_by(AuditRow.seq)))
        kinds = sorted(conn.scalars(select(OutboxRow.kind)))
    assert actions.count("pengkinian.submitted") == 1
    for expected in (
        "account.logged_in",
        "pengkinian.started",
        "pengkinian.identity_confirmed",
        "biometric.attempted",
        "pengkinian.contact_code_sent",
        "pengkinian.contact_verified",
        "pengkinian.population_saved",
        "pengkinian.additional_saved",
    ):
        assert expected in actions
    # the code to the new number; email + SMS to the new contacts; warnings to the old
    # contacts about the new number and the new bank account
    assert kinds == [
        "otp.phone",
        "pengkinian.applied",
        "pengkinian.applied",
        "pengkinian.bank_changed",
        "pengkinian.bank_changed",
        "pengkinian.contact_changed",
    ]


def test_invalid_fields_get_422_with_a_code_per_field_and_the_entries_are_kept(
    client: TestClient, budi: Member
) -> None:
    auth = login(client, budi)
    walk_to_contact(client, auth)
    bad = valid_contact(budi) | {
        "phone": "0211234567",  # a Jakarta landline
        "npwp": "01.312.166.1-091.000",  # check digit wrong
        "bank_account": "12-34",
        "bank_account_holder": "Orang Lain",
        "email": "budi@",
    }
    response = client.put("/api/v1/pengkinian/contact", headers=auth, json=bad)
    assert response.status_code == 422
    assert field_codes(response) == {
        "phone": "phone.not_mobile",
        "npwp": "npwp.checksum",
        "bank_account": "bank_account.length",
        "bank_account_holder": "bank_account_holder.not_owner",
        "email": "email.format",
    }
    body = response.json()["error"]
    assert body["code"] == "validation_failed"
    assert all(f["message"] for f in body["fields"])

    state = client.get("/api/v1/pengkinian", headers=auth).json()
    assert state["step"] == "contact"  # not moved on
    assert state["forms"]["contact"]["npwp"] == "01.312.166.1-091.000"  # kept as typed
    assert state["draft"]["entries"]["contact"]["phone"] == "0211234567"


def test_messages_follow_accept_language(client: TestClient, budi: Member) -> None:
    auth = login(client, budi)
    walk_to_contact(client, auth)
    bad = valid_contact(budi) | {"phone": "12"}
    indonesian = client.put("/api/v1/pengkinian/contact", headers=auth, json=bad)
    english = client.put(
        "/api/v1/pengkinian/contact", headers={**auth, "Accept-Language": "en-US"}, json=bad
    )
    assert (
        indonesian.json()["error"]["fields"][0]["code"]
        == english.json()["error"]["fields"][0]["code"]
    )
    assert (
        indonesian.json()["error"]["fields"][0]["message"]
        != english.json()["error"]["fields"][0]["message"]
    )
    assert "Nomor" in indonesian.json()["error"]["fields"][0]["message"]


def test_steps_cannot_be_skipped(client: TestClient, budi: Member) -> None:
    auth = login(client, budi)
    client.post("/api/v1/pengkinian/start", headers=auth)
    skipped = client.put("/api/v1/pengkinian/contact", headers=auth, json=valid_contact(budi))
    assert skipped.status_code == 403
    assert skipped.json()["error"]["code"] == "pengkinian.step_locked"
    client.post("/api/v1/pengkinian/identity/confirm", headers=auth)
    still = client.put("/api/v1/pengkinian/contact", headers=auth, json=valid_contact(budi))
    assert still.status_code == 403  # the selfie has not passed


def test_impostor_selfie_fails_and_three_failures_lock_to_the_branch_office(
    client: TestClient, budi: Member
) -> None:
    auth = login(client, budi)
    client.post("/api/v1/pengkinian/start", headers=auth)
    client.post("/api/v1/pengkinian/identity/confirm", headers=auth)
    files = {"file": ("selfie.jpg", selfie("agus"), "image/jpeg")}
    for left in (2, 1, 0):
        result = client.post("/api/v1/pengkinian/selfie", headers=auth, files=files)
        assert result.status_code == 200
        body = result.json()
        assert body["decision"] == "fail"
        assert body["distance"] > 0.62
        assert body["failures_left"] == left
    locked = client.post("/api/v1/pengkinian/selfie", headers=auth, files=files)
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "biometric.locked"
    # even the right face is refused now: the person goes to a branch office
    own = client.post(
        "/api/v1/pengkinian/selfie",
        headers=auth,
        files={"file": ("s.jpg", selfie("budi"), "image/jpeg")},
    )
    assert own.status_code == 429


def test_a_participant_without_reference_photo_is_sent_to_a_branch_office(
    client: TestClient, services: Services
) -> None:
    joko = enrol_member(services, key="joko", full_name="Joko Susilo", face=None)
    auth = login(client, joko)
    client.post("/api/v1/pengkinian/start", headers=auth)
    client.post("/api/v1/pengkinian/identity/confirm", headers=auth)
    state = client.get("/api/v1/pengkinian", headers=auth).json()
    assert state["has_reference_photo"] is False
    result = client.post(
        "/api/v1/pengkinian/selfie",
        headers=auth,
        files={"file": ("s.jpg", selfie("budi"), "image/jpeg")},
    )
    assert result.status_code == 403
    assert result.json()["error"]["code"] == "biometric.no_reference"


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        (b"not an image at all", "image.not_image"),
        (b"", "image.missing"),
    ],
)
def test_unusable_uploads_get_a_clear_code(
    client: TestClient, budi: Member, payload: bytes, code: str
) -> None:
    auth = login(client, budi)
    client.post("/api/v1/pengkinian/start", headers=auth)
    client.post("/api/v1/pengkinian/identity/confirm", headers=auth)
    result = client.post(
        "/api/v1/pengkinian/selfie",
        headers=auth,
        files={"file": ("x.jpg", payload, "image/jpeg")},
    )
    if code == "image.missing":
        assert result.status_code == 422
        assert result.json()["error"]["code"] == "validation_failed"
        assert field_codes(result) == {"file": code}
    else:
        assert result.status_code == 200
        assert result.json()["decision"] == "retry"
        assert result.json()["code"] == code


def test_submit_needs_the_terms_ticked(
    client: TestClient, budi: Member, services: Services
) -> None:
    auth = login(client, budi)
    walk_to_contact(client, auth)
    client.put("/api/v1/pengkinian/contact", headers=auth, json=valid_contact(budi))
    client.post("/api/v1/pengkinian/contact/verify", headers=auth, json=sent_codes(services))
    client.put("/api/v1/pengkinian/population", headers=auth, json=valid_population())
    state = client.put(
        "/api/v1/pengkinian/additional", headers=auth, json=valid_additional()
    ).json()
    refused = client.post(
        "/api/v1/pengkinian/submit",
        headers=auth,
        json={"terms_accepted": False, "terms_version": state["terms_version"]},
    )
    assert refused.status_code == 422
    assert field_codes(refused) == {"terms": "terms.required"}
    old_terms = client.post(
        "/api/v1/pengkinian/submit",
        headers=auth,
        json={"terms_accepted": True, "terms_version": "1999-01-01"},
    )
    assert old_terms.status_code == 409
    assert old_terms.json()["error"]["code"] == "terms.outdated"
    assert client.get("/api/v1/me", headers=auth).json()["data_is_current"] is False


def test_wrong_password_and_missing_token(client: TestClient, budi: Member) -> None:
    wrong = client.post(
        "/api/v1/auth/login", json={"email": budi.email, "password": "nope-nope-nope"}
    )
    unknown = client.post(
        "/api/v1/auth/login", json={"email": "nobody@test.jmo.id", "password": "x"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()  # no hint whether the account exists
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer forged"}).status_code == 401


def test_malformed_request_has_the_same_error_shape(client: TestClient, budi: Member) -> None:
    auth = login(client, budi)
    response = client.put(
        "/api/v1/pengkinian/contact", headers=auth, json={"phone": 12, "surprise": "x"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "request.invalid"


def test_another_participants_change_request_is_not_found(
    client: TestClient, services: Services, budi: Member
) -> None:
    auth = login(client, budi)
    client.post("/api/v1/pengkinian/start", headers=auth)
    report = client.post(
        "/api/v1/pengkinian/identity/report",
        headers=auth,
        json={"fields": ["birth_place"], "note": "Lahir di Sidoarjo"},
    )
    assert report.status_code == 201
    request_id = report.json()["id"]
    assert report.json()["status"] == "needs_documents"
    assert report.json()["documents_required"] == [
        "kartu_keluarga",
        "e_ktp",
        "company_correction_letter",
    ]
    assert (
        client.get(f"/api/v1/pengkinian/change-requests/{request_id}", headers=auth).status_code
        == 200
    )

    other = enrol_member(services, key="agus", full_name="Agus Wijaya", face="agus")
    other_auth = login(client, other)
    stolen = client.get(f"/api/v1/pengkinian/change-requests/{request_id}", headers=other_auth)
    missing = client.get(
        "/api/v1/pengkinian/change-requests/00000000-0000-0000-0000-000000000000",
        headers=other_auth,
    )
    assert stolen.status_code == missing.status_code == 404
    assert stolen.json() == missing.json()
