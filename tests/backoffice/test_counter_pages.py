"""The branch counter's pages (/petugas/loket, /petugas/persetujuan): find by KPJ, the
walk-in form's errors next to the fields and its save, the reference photo prepared by one
supervisor and refused to them (four eyes) and approved by another."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.domain.accounts import Role
from jmo.settings import Settings
from jmo.usecases.services import Services
from tests.backoffice.helpers import OWN, new_staff
from tests.cast import (
    enrol_member,
    persona_member,
    reference_photo,
    selfie,
    valid_additional,
    valid_contact,
    valid_population,
)

pytestmark = pytest.mark.db


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime)) as client:
        yield client


def test_walk_in_pengkinian_in_the_page(client: TestClient, services: Services) -> None:
    budi = enrol_member(services)
    officer = new_staff(client, services, Role.OFFICER, OWN)
    found = client.post(
        "/petugas/loket",
        headers=officer.cookie,
        data={"kpj": budi.kpj, "csrf_token": officer.csrf},
        follow_redirects=False,
    )
    assert found.status_code == 303
    page_url = found.headers["location"]
    page = client.get(page_url, headers=officer.cookie)
    assert page.status_code == 200 and budi.participant.identity.full_name in page.text
    missing = client.post(
        "/petugas/loket",
        headers=officer.cookie,
        data={"kpj": "39999999999", "csrf_token": officer.csrf},
    )
    assert missing.status_code == 404

    form = valid_contact(budi) | valid_population() | valid_additional()
    bad = client.post(
        f"{page_url}/pengkinian",
        headers=officer.cookie,
        data=form | {"phone": "12", "csrf_token": officer.csrf, "terms": "1"},
    )
    assert bad.status_code == 400
    assert 'id="f-phone"' in bad.text and "e_ktp" in bad.text
    assert "Centang dokumen asli yang sudah Anda periksa." in bad.text
    good = client.post(
        f"{page_url}/pengkinian",
        headers=officer.cookie,
        data=form
        | {
            "csrf_token": officer.csrf,
            "terms": "1",
            "documents_seen": ["e_ktp", "kartu_keluarga", "bank_book", "npwp_card"],
        },
        follow_redirects=False,
    )
    assert good.status_code == 303, good.text[:2000]
    after = client.get(good.headers["location"], headers=officer.cookie)
    assert 'id="done"' in after.text and 'data-channel="branch"' in after.text


def test_reference_photo_four_eyes_in_the_pages(client: TestClient, services: Services) -> None:
    joko = persona_member(services, "joko", face=None)
    first = new_staff(client, services, Role.SUPERVISOR, OWN)
    second = new_staff(client, services, Role.SUPERVISOR, OWN, name="supervisor2")
    page_url = f"/petugas/loket/{joko.participant.id}"
    assert 'id="enrol"' in client.get(page_url, headers=first.cookie).text
    prepared = client.post(
        f"{page_url}/foto",
        headers=first.cookie,
        data={"csrf_token": first.csrf, "source": "upload", "documents_seen": "e_ktp"},
        files={"photo": ("joko.jpg", selfie("budi"), "image/jpeg")},
        follow_redirects=False,
    )
    assert prepared.status_code == 303, prepared.text[:2000]
    approval = prepared.headers["location"]
    assert approval.startswith("/petugas/persetujuan/")
    photo = client.get(f"{approval}/foto", headers=second.cookie)
    assert photo.status_code == 200 and photo.content.startswith(b"\xff\xd8")

    refused = client.post(
        f"{approval}/setujui", headers=first.cookie, data={"csrf_token": first.csrf}
    )
    assert refused.status_code == 403
    assert "harus disetujui oleh supervisor lain" in refused.text
    done = client.post(
        f"{approval}/setujui",
        headers=second.cookie,
        data={"csrf_token": second.csrf},
        follow_redirects=False,
    )
    assert done.status_code == 303
    page = client.get(approval, headers=second.cookie)
    assert "Disetujui" in page.text and first.email in page.text and second.email in page.text
    uow = services.uow()
    with uow:
        assert uow.participants.reference_face(joko.participant.id) is not None


def test_reference_photo_four_eyes_in_the_api(client: TestClient, services: Services) -> None:
    joko = persona_member(services, "joko", face=None)
    first = new_staff(client, services, Role.SUPERVISOR, OWN)
    second = new_staff(client, services, Role.SUPERVISOR, OWN, name="supervisor2")
    path = f"/api/v1/staff/participants/{joko.participant.id}/reference-photo"
    poor = client.post(
        path,
        headers=first.bearer,
        data={"documents_seen": "e_ktp"},
        files={"photo": ("siti.jpg", reference_photo("siti"), "image/jpeg")},
    )
    assert poor.status_code == 422
    assert poor.json()["error"]["fields"][0]["code"] == "selfie.uneven_light"
    prepared = client.post(
        path,
        headers=first.bearer,
        data={"documents_seen": "e_ktp", "source": "camera"},
        files={"photo": ("joko.jpg", selfie("budi"), "image/jpeg")},
    )
    assert prepared.status_code == 201, prepared.text
    body = prepared.json()
    assert body["request"]["kind"] == "reference_photo" and body["documents_seen"] == ["e_ktp"]
    request = f"/api/v1/staff/counter-requests/{body['request']['id']}"
    refused = client.post(f"{request}/approve", headers=first.bearer)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "four_eyes.same_person"
    approved = client.post(f"{request}/approve", headers=second.bearer)
    assert approved.status_code == 200 and approved.json()["request"]["status"] == "applied"
    timeline = client.get(request, headers=second.bearer).json()["timeline"]
    assert [(e["kind"], e["by_role"]) for e in timeline] == [
        ("prepared", "supervisor"),
        ("approved", "supervisor"),
    ]
