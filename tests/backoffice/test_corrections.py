"""An identity correction worked in the back office: the participant uploads documents
and follows the status; an officer asks for more and prepares; a supervisor who is not
that officer approves (four eyes, refused in the API and in the page otherwise); the new
birth date is the participant's; every staff read is in their access log; a notice at
each change."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from uuid import UUID

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.domain.accounts import Role
from jmo.settings import Settings
from jmo.storage.rows import OutboxRow
from jmo.usecases.services import Services
from tests.api.test_access_matrix import bearer
from tests.backoffice.helpers import OWN, add_document, new_staff
from tests.cast import Member, enrol_member, persona_member
from tests.services.helpers import jpeg


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime)) as client:
        yield client


def _report(client: TestClient, member: Member) -> tuple[dict[str, str], str]:
    auth = bearer(client, member.email)
    report = client.post(
        "/api/v1/pengkinian/identity/report",
        headers=auth,
        json={"fields": ["birth_date"], "note": "Tanggal lahir saya 21-01-1984"},
    )
    assert report.status_code in (200, 201), report.text
    return auth, report.json()["id"]


def _page_login(client: TestClient, member: Member) -> None:
    client.get("/login")
    response = client.post(
        "/login",
        data={
            "email": member.email,
            "password": member.password,
            "csrf_token": client.cookies.get("jmo_csrf") or "",
            "next": "/beranda",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def _csrf(html: str) -> str:
    marker = 'name="csrf_token" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def _notices(db: Engine, participant_id: UUID) -> list[str]:
    with db.connect() as conn:
        return list(
            conn.scalars(
                select(OutboxRow.kind)
                .where(OutboxRow.participant_id == participant_id)
                .where(OutboxRow.kind.like("correction.%"))
                .order_by(OutboxRow.created_at)
            )
        )


def test_documents_asked_uploaded_prepared_and_approved_by_another(
    client: TestClient, services: Services, db: Engine
) -> None:
    hendra = persona_member(services, "hendra")
    _, request_id = _report(client, hendra)
    officer = new_staff(client, services, Role.OFFICER, OWN)
    supervisor = new_staff(client, services, Role.SUPERVISOR, OWN)

    # the officer asks for a document; the participant reads what and why
    path = f"/api/v1/staff/identity-corrections/{request_id}"
    asked = client.post(
        f"{path}/ask-documents", headers=officer.bearer, json={"reason": "Unggah Kartu Keluarga."}
    )
    assert asked.status_code == 200 and asked.json()["status"] == "needs_documents"

    # the participant's status page and upload (the complaint attachments' checks)
    _page_login(client, hendra)
    page = client.get(f"/permintaan/{request_id}")
    assert "Menunggu dokumen" in page.text and "Unggah Kartu Keluarga." in page.text
    refused = client.post(
        f"/permintaan/{request_id}/dokumen",
        data={"csrf_token": _csrf(page.text), "document_type": "kartu_keluarga"},
        files=[("files", ("kk.exe", b"MZ\x90\x00not an image", "image/jpeg"))],
    )
    assert refused.status_code == 422  # a file that is not what it claims: nothing stored
    uploaded = client.post(
        f"/permintaan/{request_id}/dokumen",
        data={"csrf_token": _csrf(page.text), "document_type": "kartu_keluarga"},
        files=[("files", ("kk.jpg", jpeg(), "image/jpeg"))],
        follow_redirects=True,
    )
    assert uploaded.status_code == 200 and "Sedang diperiksa" in uploaded.text

    # the officer opens it (recorded), reads the document (recorded) and prepares
    seen = client.get(path, headers=officer.bearer).json()
    (document,) = seen["documents"]
    assert client.get(f"{path}/documents/{document['id']}", headers=officer.bearer).content
    prepared = client.post(
        f"{path}/prepare", headers=officer.bearer, json={"values": {"birth_date": "1984-01-21"}}
    )
    assert prepared.status_code == 200 and prepared.json()["status"] == "awaiting_approval"
    assert prepared.json()["changes"] == [
        {"field": "birth_date", "old": "1983-01-21", "new": "1984-01-21"}
    ]
    # an officer cannot approve at all; nothing changed yet
    denied = client.post(f"{path}/approve", headers=officer.bearer)
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "staff.not_allowed"

    approved = client.post(f"{path}/approve", headers=supervisor.bearer)
    assert approved.status_code == 200 and approved.json()["status"] == "applied"
    uow = services.uow()
    with uow:
        participant = uow.participants.get(hendra.participant.id)
    assert participant is not None and participant.identity.birth_date == date(1984, 1, 21)

    # the participant sees the result, the new date, the whole timeline, each notice
    page = client.get(f"/permintaan/{request_id}")
    assert "Disetujui" in page.text and "21 Januari 1984" in page.text
    assert page.text.count("<li>") >= 5  # reported, asked, uploaded, prepared, approved
    assert _notices(db, hendra.participant.id) == [
        "correction.documents_requested",
        "correction.documents_received",
        "correction.approved",
    ]
    log = client.get("/akun/riwayat-akses").text
    assert "Petugas membuka permintaan perubahan data Anda" in log
    assert "Petugas membuka dokumen permintaan perubahan data Anda" in log


def test_four_eyes_refused_in_the_api_and_in_the_page(
    client: TestClient, services: Services
) -> None:
    budi = enrol_member(services)
    _, request_id = _report(client, budi)
    supervisor = new_staff(client, services, Role.SUPERVISOR, OWN)
    other = new_staff(client, services, Role.SUPERVISOR, OWN, name="supervisor2")
    path = f"/api/v1/staff/identity-corrections/{request_id}"
    add_document(services, budi, request_id)
    # a supervisor may prepare too, but then another person approves
    prepared = client.post(
        f"{path}/prepare", headers=supervisor.bearer, json={"values": {"birth_date": "1985-03-13"}}
    )
    assert prepared.status_code == 200, prepared.text
    refused = client.post(f"{path}/approve", headers=supervisor.bearer)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "four_eyes.same_person"
    page = client.post(
        f"/petugas/permintaan/{request_id}/setujui",
        headers=supervisor.cookie,
        data={"csrf_token": supervisor.csrf},
    )
    assert page.status_code == 403
    assert "harus disetujui oleh supervisor lain" in page.text
    assert client.get(path, headers=supervisor.bearer).json()["request"]["status"] == (
        "awaiting_approval"
    )  # nothing changed
    done = client.post(
        f"/petugas/permintaan/{request_id}/setujui",
        headers=other.cookie,
        data={"csrf_token": other.csrf},
        follow_redirects=False,
    )
    assert done.status_code == 303
    timeline = client.get(path, headers=other.bearer).json()["timeline"]
    assert [e["kind"] for e in timeline] == ["documents_uploaded", "prepared", "approved"]


def test_a_rejection_reason_is_what_the_participant_reads(
    client: TestClient, services: Services, db: Engine
) -> None:
    budi = enrol_member(services)
    _, request_id = _report(client, budi)
    officer = new_staff(client, services, Role.OFFICER, OWN)
    path = f"/api/v1/staff/identity-corrections/{request_id}"
    empty = client.post(f"{path}/reject", headers=officer.bearer, json={"reason": "  "})
    assert empty.status_code == 422
    client.post(
        f"{path}/reject",
        headers=officer.bearer,
        json={"reason": "Tanggal lahir di KK sama dengan data kami."},
    )
    _page_login(client, budi)
    page = client.get(f"/permintaan/{request_id}")
    assert "Ditolak: Tanggal lahir di KK sama dengan data kami." in page.text
    assert "Unggah dokumen" not in page.text
    assert _notices(db, budi.participant.id) == ["correction.rejected"]


def test_the_phone_api_follows_and_uploads(client: TestClient, services: Services) -> None:
    budi = enrol_member(services)
    auth, request_id = _report(client, budi)
    status = client.get(f"/api/v1/requests/{request_id}", headers=auth).json()
    assert status["status"] == "waiting_for_documents" and status["can_upload"]
    sent = client.post(
        f"/api/v1/requests/{request_id}/documents",
        headers=auth,
        data={"document_type": "e_ktp"},
        files=[("files", ("ktp.jpg", jpeg(), "image/jpeg"))],
    )
    assert sent.status_code == 201, sent.text
    assert sent.json()["status"] == "being_checked" and sent.json()["documents"] == ["ktp.jpg"]
    wrong = client.post(
        f"/api/v1/requests/{request_id}/documents",
        headers=auth,
        data={"document_type": "passport"},
        files=[("files", ("ktp.jpg", jpeg(), "image/jpeg"))],
    )
    assert wrong.status_code == 422  # not a document this request asks for
