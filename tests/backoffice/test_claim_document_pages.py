"""A claim's documents in the officer's claim page are pictures drawn on the server, like a
request's documents: a PDF page by page, an image encoded again; each picture is a read in
the participant's access log, and another branch does not reach them."""

from __future__ import annotations

import io
from collections.abc import Iterator
from uuid import UUID

import pytest
from fastapi.testclient import TestClient
from PIL import Image, PngImagePlugin

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.domain.accounts import Role
from jmo.settings import Settings
from jmo.usecases.services import Services
from tests.api.test_access_matrix import bearer
from tests.api.test_jht_claims_api import resigned
from tests.backoffice.helpers import OTHER, OWN, new_staff
from tests.backoffice.test_document_pages import pdf
from tests.jht_cast import pdf_bytes
from tests.web.test_pages import log_in

MARKER = b"jmo-hidden-comment"


def png_with_comment() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", MARKER.decode())
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime), follow_redirects=False) as client:
        yield client


@pytest.mark.db
def test_the_claim_page_shows_documents_as_pictures(client: TestClient, services: Services) -> None:
    owner = resigned(services)
    photo = png_with_comment()
    assert MARKER in photo
    two_pages = pdf(2)
    claim = client.post(
        "/api/v1/claims",
        headers=bearer(client, owner.email),
        data={"program": "jht", "reason": "jht.resignation"},
        files={
            "e_ktp": ("ktp.png", photo, "image/png"),
            "kartu_keluarga": ("kk.pdf", two_pages, "application/pdf"),
            "resignation_letter": ("surat.pdf", pdf_bytes(), "application/pdf"),
        },
    )
    assert claim.status_code == 201, claim.text
    claim_id = claim.json()["id"]
    uow = services.uow()
    with uow:
        stored = uow.claims.get(UUID(claim_id))
    assert stored is not None
    ids = {d.document_type: d.id for d in stored.documents}

    officer = new_staff(client, services, Role.OFFICER, OWN)
    page = client.get(f"/petugas/klaim/{claim_id}", headers=officer.cookie)
    assert page.status_code == 200
    kk = f"/petugas/klaim/{claim_id}/dokumen/{ids['kartu_keluarga']}"
    assert f'<img class="doc" src="{kk}?halaman=1"' in page.text
    assert f"{kk}?halaman=2" in page.text and f"{kk}?halaman=3" not in page.text

    for n in (1, 2):
        shown = client.get(f"{kk}?halaman={n}", headers=officer.cookie)
        assert shown.status_code == 200
        assert shown.headers["content-type"] == "image/png"
        assert "content-disposition" not in shown.headers
        assert shown.content.startswith(b"\x89PNG") and b"%PDF" not in shown.content
    assert client.get(f"{kk}?halaman=11", headers=officer.cookie).status_code == 404

    ktp = client.get(f"/petugas/klaim/{claim_id}/dokumen/{ids['e_ktp']}", headers=officer.cookie)
    assert ktp.status_code == 200
    assert ktp.headers["content-type"] in ("image/png", "image/jpeg")
    assert MARKER not in ktp.content  # encoded again: what the file carried is gone
    with Image.open(io.BytesIO(ktp.content)) as image:
        assert image.size == (40, 30)

    # another branch's officer: as if the claim did not exist
    stranger = new_staff(client, services, Role.OFFICER, OTHER)
    assert client.get(f"{kk}?halaman=1", headers=stranger.cookie).status_code == 404

    # each picture shown is a read of the participant, in their access log
    with uow:
        entries = uow.audit.for_subjects([("participant", str(owner.participant.id))])
    documents_read = [e for e in entries if e.details.get("what") == "claim_document"]
    assert len(documents_read) >= 3  # every page and the photo; the other branch left none
    assert {e.details.get("document") for e in documents_read} == {"kartu_keluarga", "e_ktp"}
    assert all(e.actor_account_id == officer.actor.account_id for e in documents_read)
    log_in(client, owner)
    history = client.get("/akun/riwayat-akses")
    assert history.status_code == 200
    assert "Petugas membuka dokumen klaim Anda" in history.text
