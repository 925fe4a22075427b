"""Kartu Digital, Pengaduan and the staff API over HTTP: what a phone client and an
officer get, and what another participant gets (the same 404 as for a missing record)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.settings import Settings
from jmo.usecases.services import Services
from tests.api.contract import documented
from tests.cast import PASSWORD, enrol_member
from tests.services.helpers import current_member, jpeg, officer, pdf
from tests.staff import fresh_code


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with documented(TestClient(create_app(settings, runtime))) as client:
        yield client


def login(client: TestClient, email: str, otp: str | None = None) -> dict[str, str]:
    body = {"email": email, "password": PASSWORD} | ({"otp": otp} if otp else {})
    response = client.post("/api/v1/auth/login", json=body)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def _new_complaint(client: TestClient, auth: dict[str, str], **files: bytes) -> dict:  # type: ignore[type-arg]
    response = client.post(
        "/api/v1/complaints",
        headers=auth,
        data={"category": "klaim", "description": "Klaim JHT belum cair setelah 10 hari."},
        files=[("files", (name, data, "application/octet-stream")) for name, data in files.items()],
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def test_card_and_public_verification(client: TestClient, services: Services) -> None:
    member, _ = current_member(services)
    auth = login(client, member.email)
    card = client.get("/api/v1/card", headers=auth).json()
    assert card["kpj"] == member.kpj and card["nik_masked"] != member.nik
    assert [p["code"] for p in card["programs"]] == ["JKK", "JKM", "JHT", "JP", "JKP"]
    assert card["verify_url"].endswith("/verify/" + card["token"])

    png = client.get("/api/v1/card/card.png", headers=auth)
    assert png.headers["content-type"] == "image/png" and png.content.startswith(b"\x89PNG")
    assert client.get("/api/v1/card/card.pdf", headers=auth).content.startswith(b"%PDF-")

    public = client.get(f"/api/v1/verify/{card['token']}", headers={"Accept-Language": "en"})
    body = public.json()
    assert body["status"] == "valid" and body["name"] == "Budi S******"
    assert body["programs"][0] == {"code": "JKK", "label": "Work accident insurance"}
    assert member.nik not in public.text and member.kpj not in public.text

    tampered = card["token"][:-5] + ("A" if card["token"][-5] != "A" else "B") + card["token"][-4:]
    assert client.get(f"/api/v1/verify/{tampered}").json()["status"] == "invalid"

    client.post("/api/v1/card/reissue", headers=auth)
    assert client.get(f"/api/v1/verify/{card['token']}").json()["status"] == "revoked"
    page = client.get(f"/verify/{card['token']}")
    assert page.status_code == 200 and "Kartu dicabut" in page.text
    assert page.headers["referrer-policy"] == "no-referrer"


def test_services_stay_locked_until_the_data_update(client: TestClient, services: Services) -> None:
    member = enrol_member(services)
    auth = login(client, member.email)
    for path in ("/api/v1/card", "/api/v1/complaints"):
        response = client.get(path, headers=auth)
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "service.locked"


def test_one_participant_never_reaches_another_ones_ticket_attachment_or_card(
    client: TestClient, services: Services
) -> None:
    budi, _ = current_member(services)
    siti, _ = current_member(services, key="siti", full_name="Siti Aminah")
    budi_auth, siti_auth = login(client, budi.email), login(client, siti.email)
    ticket = _new_complaint(client, budi_auth, **{"bukti.jpg": jpeg()})
    attachment = ticket["attachments"][0]
    assert client.get(attachment["url"], headers=budi_auth).status_code == 200

    missing = "00000000-0000-4000-8000-000000000000"
    pairs = [
        (f"/api/v1/complaints/{ticket['id']}", f"/api/v1/complaints/{missing}"),
        (attachment["url"], f"/api/v1/complaints/{missing}/attachments/{missing}"),
    ]
    for theirs, nobody in pairs:
        other = client.get(theirs, headers=siti_auth)
        absent = client.get(nobody, headers=siti_auth)
        assert other.status_code == absent.status_code == 404
        assert other.json() == absent.json()
    reply = client.post(
        f"/api/v1/complaints/{ticket['id']}/messages", headers=siti_auth, data={"body": "halo"}
    )
    assert reply.status_code == 404
    close = client.post(
        f"/api/v1/complaints/{ticket['id']}/close", headers=siti_auth, json={"rating": 1}
    )
    assert close.status_code == 404
    assert client.get("/api/v1/complaints", headers=siti_auth).json() == []
    # the card endpoint only ever answers with the caller's own card
    assert client.get("/api/v1/card", headers=siti_auth).json()["kpj"] == siti.kpj
    # staff endpoints are for officers
    staff_call = client.get("/api/v1/staff/complaints", headers=siti_auth)
    assert staff_call.status_code == 403 and staff_call.json()["error"]["code"] == "auth.staff_only"
    card = client.get("/api/v1/card", headers=budi_auth).json()
    revoke = client.post(
        f"/api/v1/staff/cards/{card['id']}/revoke", headers=siti_auth, json={"reason": "fraud"}
    )
    assert revoke.status_code == 403


def test_officer_handles_a_ticket_through_the_staff_api(
    client: TestClient, services: Services
) -> None:
    member, _ = current_member(services)
    email, _ = officer(services)
    auth, staff = login(client, member.email), login(client, email, fresh_code(services))
    ticket = _new_complaint(client, auth, **{"surat.pdf": pdf()})
    assert ticket["status"] == "new" and ticket["can_reply"] and ticket["staff_moves"] == []

    queue = client.get("/api/v1/staff/complaints", headers=staff).json()
    assert [t["id"] for t in queue] == [ticket["id"]]
    detail = client.get(f"/api/v1/staff/complaints/{ticket['id']}", headers=staff).json()
    assert detail["participant_kpj"] == member.kpj
    assert set(detail["staff_moves"]) == {"in_progress", "waiting_for_participant", "resolved"}
    assert client.get(detail["attachments"][0]["url"], headers=staff).content == pdf()

    illegal = client.post(
        f"/api/v1/staff/complaints/{ticket['id']}/status", headers=staff, json={"status": "closed"}
    )
    assert illegal.status_code == 409
    assert illegal.json()["error"]["code"] == "complaint.illegal_transition"

    ask = client.post(
        f"/api/v1/staff/complaints/{ticket['id']}/status",
        headers=staff,
        json={"status": "waiting_for_participant", "body": "Mohon kirim foto KTP."},
    )
    assert ask.status_code == 200 and ask.json()["status"] == "waiting_for_participant"
    answer = client.post(
        f"/api/v1/complaints/{ticket['id']}/messages",
        headers=auth,
        data={"body": "Ini fotonya."},
        files=[("files", ("ktp.jpg", jpeg(), "image/jpeg"))],
    )
    assert answer.status_code == 201 and answer.json()["status_to"] == "in_progress"
    client.post(
        f"/api/v1/staff/complaints/{ticket['id']}/status",
        headers=staff,
        json={"status": "resolved", "body": "Sudah dibayar."},
    )
    bad = client.post(f"/api/v1/complaints/{ticket['id']}/close", headers=auth, json={"rating": 9})
    assert bad.status_code == 422
    closed = client.post(
        f"/api/v1/complaints/{ticket['id']}/close", headers=auth, json={"rating": 4}
    ).json()
    assert closed["status"] == "closed" and closed["rating"] == 4
    again = client.post(
        f"/api/v1/complaints/{ticket['id']}/close", headers=auth, json={"rating": 5}
    )
    assert again.status_code == 409


def test_bad_uploads_answer_422_with_the_reason(client: TestClient, services: Services) -> None:
    member, _ = current_member(services)
    auth = login(client, member.email)
    response = client.post(
        "/api/v1/complaints",
        headers=auth,
        data={"category": "klaim", "description": "Lampiran yang menyamar."},
        files=[("files", ("foto.jpg", b"MZ\x90\x00program", "image/jpeg"))],
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0] == {
        "field": "files",
        "code": "attachment.type",
        "message": "Lampiran harus berupa foto JPEG atau PNG, atau dokumen PDF.",
    }
    too_many = client.post(
        "/api/v1/complaints",
        headers=auth,
        data={"category": "klaim", "description": "Terlalu banyak lampiran."},
        files=[("files", (f"{i}.jpg", jpeg(), "image/jpeg")) for i in range(4)],
    )
    assert too_many.json()["error"]["fields"][0]["code"] == "attachment.too_many"


def test_the_dev_outbox_page_exists_only_in_development_and_only_for_this_machine(
    settings: Settings, runtime: Runtime, services: Services
) -> None:
    member, _ = current_member(services)
    local = "http://127.0.0.1:8000", ("127.0.0.1", 50000)
    test_app = create_app(settings, runtime)
    with TestClient(test_app, base_url=local[0], client=local[1]) as test_client:
        assert test_client.get("/dev/outbox").status_code == 404
    dev_settings = settings.model_copy(update={"environment": "development"})
    dev_app = create_app(dev_settings, runtime)
    with TestClient(dev_app, base_url=local[0], client=local[1]) as dev_client:
        page = dev_client.get("/dev/outbox")
        assert page.status_code == 200
        assert "Pengkinian data berhasil" in page.text and member.email in page.text
        # through a reverse proxy on this machine, every visitor would look local
        proxied = dev_client.get("/dev/outbox", headers={"X-Forwarded-For": "203.0.113.9"})
        assert proxied.status_code == 404
        # a DNS-rebinding page reaches 127.0.0.1 under its own name
        rebound = dev_client.get("/dev/outbox", headers={"Host": "evil.example"})
        assert rebound.status_code == 404
    with TestClient(dev_app, client=("192.0.2.10", 50000)) as from_the_network:
        assert from_the_network.get("/dev/outbox").status_code == 404
