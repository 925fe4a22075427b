"""A complaint worked in the officer's pages: linked from the queue, read (recorded),
attachments shown as pictures, answered, resolved with a message the participant reads."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.domain.accounts import Role
from jmo.settings import Settings
from jmo.usecases.services import Services
from tests.api.test_access_matrix import bearer
from tests.backoffice.helpers import OWN, new_staff
from tests.backoffice.test_document_pages import pdf
from tests.cast import Member
from tests.services.helpers import current_member, jpeg

pytestmark = pytest.mark.db


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime)) as client:
        yield client


def _complaint(client: TestClient, member: Member) -> tuple[dict[str, str], dict[str, object]]:
    auth = bearer(client, member.email)
    ticket = client.post(
        "/api/v1/complaints",
        headers=auth,
        data={"category": "klaim", "description": "Klaim belum cair setelah 10 hari."},
        files=[
            ("files", ("bukti.jpg", jpeg(200, 120), "image/jpeg")),
            ("files", ("surat.pdf", pdf(1), "application/pdf")),
        ],
    )
    assert ticket.status_code == 201, ticket.text
    return auth, ticket.json()


def test_an_officer_answers_and_resolves_a_complaint_in_the_pages(
    client: TestClient, services: Services
) -> None:
    member, _ = current_member(services)
    auth, ticket = _complaint(client, member)
    officer = new_staff(client, services, Role.OFFICER, OWN)
    queue = client.get("/petugas", headers=officer.cookie)
    url = f"/petugas/pengaduan/{ticket['id']}"
    assert f'href="{url}"' in queue.text  # the queue links to the page

    page = client.get(url, headers=officer.cookie)
    assert page.status_code == 200 and "Klaim belum cair setelah 10 hari." in page.text
    attachments = ticket["attachments"]
    assert isinstance(attachments, list)
    for attachment in attachments:
        shown = client.get(f"{url}/lampiran/{attachment['id']}?halaman=1", headers=officer.cookie)
        assert shown.status_code == 200 and shown.headers["content-type"].startswith("image/")
        assert b"%PDF" not in shown.content

    empty = client.post(
        f"{url}/balas", headers=officer.cookie, data={"csrf_token": officer.csrf, "body": " "}
    )
    assert empty.status_code == 400 and 'role="alert"' in empty.text
    client.post(
        f"{url}/balas",
        headers=officer.cookie,
        data={"csrf_token": officer.csrf, "body": "Klaim Anda sedang kami periksa."},
    )
    refused = client.post(
        f"{url}/status",
        headers=officer.cookie,
        data={"csrf_token": officer.csrf, "status": "resolved", "body": ""},
    )
    assert refused.status_code == 400  # resolving says what was done
    done = client.post(
        f"{url}/status",
        headers=officer.cookie,
        data={
            "csrf_token": officer.csrf,
            "status": "resolved",
            "body": "Klaim sudah dibayarkan hari ini.",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303
    mine = client.get(f"/api/v1/complaints/{ticket['id']}", headers=auth).json()
    assert mine["status"] == "resolved"
    assert "Klaim sudah dibayarkan hari ini." in str(mine["messages"])
    assert "Klaim Anda sedang kami periksa." in str(mine["messages"])
