"""The whole Pengkinian Data flow through the JSON API, on the real database and the real
face model: what a phone client does, and what it gets back when things go wrong."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.domain.pengkinian.verification import MAX_CODES_PER_HOUR
from jmo.domain.time import FixedClock
from jmo.settings import Settings
from jmo.storage.rows import (
    AuditRow,
    ChangeRequestRow,
    ConsentRow,
    HistoryRow,
    OutboxRow,
    ParticipantRow,
)
from jmo.usecases.services import Services
from tests.api.contract import documented
from tests.cast import (
    Member,
    enrol_member,
    persona_member,
    selfie,
    sent_codes,
    valid_additional,
    valid_contact,
    valid_population,
)


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with documented(TestClient(create_app(settings, runtime))) as client:
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


def reach_selfie(client: TestClient, auth: dict[str, str]) -> None:
    assert client.post("/api/v1/pengkinian/start", headers=auth).status_code == 200
    assert client.post("/api/v1/pengkinian/identity/confirm", headers=auth).status_code == 200


def send_selfie(client: TestClient, auth: dict[str, str], face: str) -> Response:
    answer: Response = client.post(
        "/api/v1/pengkinian/selfie",
        headers=auth,
        files={"file": ("selfie.jpg", selfie(face), "image/jpeg")},
    )
    return answer


def walk_to_contact(client: TestClient, auth: dict[str, str], face: str = "budi") -> None:
    reach_selfie(client, auth)
    result = send_selfie(client, auth, face)
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


def test_invalid_fields_get_422_with_a_code_per_field_and_only_valid_entries_are_kept(
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
    # issue 9 item 1: an invalid value is never stored (the client keeps what it sent);
    # the valid ones are
    assert state["forms"]["contact"]["npwp"] != "01.312.166.1-091.000"
    assert "phone" not in state["draft"]["entries"]["contact"]
    assert state["draft"]["entries"]["contact"]["bank_code"] == bad["bank_code"]


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
        assert body["code"] == "face.mismatch"
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
    joko = persona_member(services, "joko")
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
    # The schema says the terms must be accepted (the use case's rule, terms.required on
    # the page): refused before anything runs.
    assert refused.status_code == 422
    assert field_codes(refused) == {"terms_accepted": "request.invalid"}
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

    other = persona_member(services, "agus")
    other_auth = login(client, other)
    stolen = client.get(f"/api/v1/pengkinian/change-requests/{request_id}", headers=other_auth)
    missing = client.get(
        "/api/v1/pengkinian/change-requests/00000000-0000-0000-0000-000000000000",
        headers=other_auth,
    )
    assert stolen.status_code == missing.status_code == 404
    assert stolen.json() == missing.json()


# --- issue 8: the face check is no scoring oracle (item 2) ---------------------------------

SCORE_KEYS = {"distance", "value", "threshold", "score", "accept_below", "reject_above"}


def score_keys_in(data: object) -> set[str]:
    """Every key anywhere in a JSON answer that would carry a score or a rule value."""
    found: set[str] = set()
    if isinstance(data, dict):
        found |= SCORE_KEYS & set(data)
        for value in data.values():
            found |= score_keys_in(value)
    elif isinstance(data, list):
        for value in data:
            found |= score_keys_in(value)
    return found


def floats_in(data: object) -> list[float]:
    if isinstance(data, float):
        return [data]
    if isinstance(data, dict):
        return [f for value in data.values() for f in floats_in(value)]
    if isinstance(data, list):
        return [f for value in data for f in floats_in(value)]
    return []


@pytest.mark.parametrize(
    ("face", "selfie_of", "decision"),
    [
        ("budi", "budi", "pass"),
        ("budi", "agus", "fail"),
        ("dewi", "dewi", "review"),
        ("budi", "agus-side-light", "retry"),
    ],
)
def test_the_selfie_answer_carries_a_decision_and_advice_but_no_score(
    client: TestClient, services: Services, face: str, selfie_of: str, decision: str
) -> None:
    member = enrol_member(services, key=face, face=face)
    auth = login(client, member)
    reach_selfie(client, auth)
    result = send_selfie(client, auth, selfie_of)
    assert result.status_code == 200, result.text
    body = result.json()
    assert body["decision"] == decision
    assert body["message"]
    assert score_keys_in(body) == set()
    assert floats_in(body) == []  # not a distance under another name either
    if decision == "retry":  # the advice stays: which rule failed and what to do
        failed = [c for c in body["checks"] if not c["passed"]]
        assert failed and all(c["code"] and c["message"] for c in failed)
    # nor through the data export, right after the attempt
    export = client.get("/api/v1/me/data", headers=auth).json()
    assert score_keys_in(export["biometric_attempts"]) == set()
    assert floats_in(export["biometric_attempts"]) == []
    assert export["biometric_attempts"][0]["decision"] == decision


def test_every_face_check_counts_and_the_limit_sends_to_a_branch_office(
    client: TestClient, services: Services
) -> None:
    """Borderline results count like any other: no unlimited tries (issue 8 item 2)."""
    dewi = persona_member(services, "dewi")
    auth = login(client, dewi)
    reach_selfie(client, auth)
    limit = services.policy.face_max_attempts
    lefts = []
    for _ in range(limit):
        result = send_selfie(client, auth, "dewi")
        assert result.status_code == 200, result.text
        assert result.json()["decision"] == "review"
        lefts.append(result.json()["failures_left"])
    assert lefts == list(range(limit - 1, -1, -1))
    refused = send_selfie(client, auth, "dewi")
    assert refused.status_code == 429
    error = refused.json()["error"]
    assert error["code"].startswith("biometric.locked")
    assert "kantor cabang" in error["message"]
    english = client.post(
        "/api/v1/pengkinian/liveness/challenge", headers={**auth, "Accept-Language": "en"}
    )
    assert english.status_code == 429
    assert "branch office" in english.json()["error"]["message"]


# --- issue 8: one-time codes (item 3) ------------------------------------------------------


def otp_notices(runtime: Runtime) -> list[tuple[str, str]]:
    with runtime.engine.connect() as conn:
        rows = conn.execute(
            select(OutboxRow.kind, OutboxRow.recipient).where(OutboxRow.kind.like("otp.%"))
        )
        return [(kind, recipient) for kind, recipient in rows]


def test_codes_to_many_new_numbers_and_emails_are_limited_per_person(
    client: TestClient, budi: Member, runtime: Runtime, services: Services
) -> None:
    auth = login(client, budi)
    walk_to_contact(client, auth)
    per_hour = MAX_CODES_PER_HOUR
    answers = []
    for n in range(per_hour + 2):
        other = valid_contact(budi) | {
            "phone": f"0812-3456-{7000 + n}",
            "email": f"budi.new{n}@test.jmo.id",
        }
        answers.append(client.put("/api/v1/pengkinian/contact", headers=auth, json=other))
    refused = [a for a in answers if a.status_code != 200]
    assert refused, "every code was sent"
    assert all(a.status_code == 429 for a in refused)
    assert {f["code"] for a in refused for f in a.json()["error"]["fields"]} == {"otp.hourly_limit"}
    assert len(otp_notices(runtime)) == per_hour  # SMS and emails together
    # what was typed is kept even when no code could be sent
    last = valid_contact(budi)["bank_account"]
    state = client.get("/api/v1/pengkinian", headers=auth).json()
    assert state["draft"]["entries"]["contact"]["phone"] == f"0812-3456-{7000 + per_hour + 1}"
    assert state["forms"]["contact"]["bank_account"] == last


def test_going_back_to_an_earlier_number_sends_it_a_new_code(
    client: TestClient, budi: Member, runtime: Runtime, services: Services, clock: FixedClock
) -> None:
    auth = login(client, budi)
    walk_to_contact(client, auth)
    first = valid_contact(budi)
    second = first | {"phone": "0813-1111-2222"}
    assert client.put("/api/v1/pengkinian/contact", headers=auth, json=first).status_code == 200
    clock.advance(timedelta(seconds=5))
    assert client.put("/api/v1/pengkinian/contact", headers=auth, json=second).status_code == 200
    clock.advance(timedelta(seconds=5))
    back = client.put("/api/v1/pengkinian/contact", headers=auth, json=first)
    assert back.status_code == 200, back.text  # was 409 record.duplicate
    assert back.json()["pending_checks"]["phone"]["sent_to"].endswith("890")
    recipients = [r for kind, r in otp_notices(runtime) if kind == "otp.phone"]
    assert sorted(recipients) == ["+6281234567890", "+6281234567890", "+6281311112222"]
    verified = client.post(
        "/api/v1/pengkinian/contact/verify", headers=auth, json=sent_codes(services)
    )
    assert verified.status_code == 200, verified.text
    assert verified.json()["step"] == "population"


def test_saving_the_same_new_number_again_keeps_the_code_already_sent(
    client: TestClient, budi: Member, runtime: Runtime, services: Services
) -> None:
    auth = login(client, budi)
    walk_to_contact(client, auth)
    assert (
        client.put("/api/v1/pengkinian/contact", headers=auth, json=valid_contact(budi)).status_code
        == 200
    )
    code = sent_codes(services)
    again = client.put("/api/v1/pengkinian/contact", headers=auth, json=valid_contact(budi))
    assert again.status_code == 200, again.text  # not "wait 60 seconds"
    assert len(otp_notices(runtime)) == 1
    assert (
        client.post("/api/v1/pengkinian/contact/verify", headers=auth, json=code).status_code == 200
    )


# --- issue 8: nothing sensitive before the selfie has passed (item 12) ---------------------

SECRET_PROFILE = {
    "npwp": "013121660091000",
    "passport": "C1234567",
    "mother_name": "Siti Rahmawati",
    "kk_number": "3578010101100001",
    "emergency_name": "Rahmat Hidayat",
    "emergency_phone": "+6285711112222",
}


def test_sensitive_values_are_masked_until_the_selfie_has_passed(
    client: TestClient, services: Services
) -> None:
    member = enrol_member(services, profile=SECRET_PROFILE)
    profile = member.participant.profile
    secrets_ = [member.nik, profile.bank_account, *SECRET_PROFILE.values(), "85711112222"]
    auth = login(client, member)
    before = [
        client.get("/api/v1/pengkinian", headers=auth),
        client.post("/api/v1/pengkinian/start", headers=auth),
        client.post("/api/v1/pengkinian/identity/confirm", headers=auth),
        client.get("/api/v1/pengkinian", headers=auth),
    ]
    for answer in before:
        assert answer.status_code == 200
        for secret in secrets_:
            assert secret and secret not in answer.text, secret
        for word in SECRET_PROFILE["mother_name"].split():
            assert word not in answer.text  # a bank's security question: hidden fully
    state = before[-1].json()
    assert state["identity"]["nik"].endswith(member.nik[-2:])  # enough to recognise
    assert profile.bank_account is not None
    assert state["forms"]["contact"]["bank_account"].endswith(profile.bank_account[-4:])
    assert state["identity"]["full_name"] == "Budi Santoso"

    assert send_selfie(client, auth, "budi").json()["decision"] == "pass"
    after = client.get("/api/v1/pengkinian", headers=auth).json()
    assert after["identity"]["nik"] == member.nik
    assert after["forms"]["contact"]["bank_account"] == profile.bank_account
    assert after["forms"]["population"]["mother_name"] == SECRET_PROFILE["mother_name"]
    assert after["forms"]["population"]["kk_number"] == SECRET_PROFILE["kk_number"]
