"""Documents in the officer's request page are pictures drawn on the server: a PDF page by
page through poppler, an image encoded again; the browser never receives a PDF's bytes
(docs/decisions/pdf-pages-on-the-server.md)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from uuid import UUID

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from jmo.adapters import pdf_pages
from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.domain.accounts import Role
from jmo.domain.errors import NotFound
from jmo.settings import Settings
from jmo.usecases.backoffice.my_requests import upload_documents
from jmo.usecases.complaints.tickets import Upload
from jmo.usecases.services import Services
from tests.api.test_access_matrix import bearer
from tests.backoffice.helpers import OWN, new_staff
from tests.cast import actor_of, enrol_member
from tests.services.helpers import tools


def pdf(pages: int = 2) -> bytes:
    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=A4)
    for n in range(pages):
        sheet.setFont("Helvetica", 28)
        sheet.drawString(72, 700, f"KARTU KELUARGA halaman {n + 1}")
        sheet.rect(60, 60, 470, 600)
        sheet.showPage()
    sheet.save()
    return out.getvalue()


@pytest.fixture
def client(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime)) as client:
        yield client


def test_a_pdf_page_is_a_png_drawn_on_the_server() -> None:
    document = pdf(2)
    assert pdf_pages.page_count(document) == 2
    png = pdf_pages.render_page(document, 2)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and b"%PDF" not in png
    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
    assert 800 < width < 1000 and height > width  # A4 at 110 dpi, portrait
    with pytest.raises(NotFound):
        pdf_pages.render_page(document, 0)


@pytest.mark.db
def test_the_request_page_shows_pdf_pages_and_never_sends_the_pdf(
    client: TestClient, services: Services
) -> None:
    budi = enrol_member(services)
    report = client.post(
        "/api/v1/pengkinian/identity/report",
        headers=bearer(client, budi.email),
        json={"fields": ["birth_date"], "note": "Tanggal lahir salah"},
    )
    request_id = report.json()["id"]
    document = pdf(2)
    upload_documents(
        services.uow(),
        actor_of(services, budi),
        UUID(request_id),
        document_type="kartu_keluarga",
        uploads=[Upload("kk.pdf", document)],
        tools=tools(services),
        now=services.clock.now(),
    )
    officer = new_staff(client, services, Role.OFFICER, OWN)
    page = client.get(f"/petugas/permintaan/{request_id}", headers=officer.cookie)
    assert page.status_code == 200
    uow = services.uow()
    with uow:
        (stored,) = uow.change_requests.documents(UUID(request_id))
    base = f"/petugas/permintaan/{request_id}/dokumen/{stored.id}"
    assert f"{base}?halaman=1" in page.text and f"{base}?halaman=2" in page.text
    assert f"{base}?halaman=3" not in page.text
    for n in (1, 2):
        shown = client.get(f"{base}?halaman={n}", headers=officer.cookie)
        assert shown.status_code == 200
        assert shown.headers["content-type"] == "image/png"
        assert shown.content.startswith(b"\x89PNG") and b"%PDF" not in shown.content
        assert document[:200] not in shown.content
    plain = client.get(base, headers=officer.cookie)  # no page named: the first, as a PNG
    assert plain.headers["content-type"] == "image/png" and b"%PDF" not in plain.content
    assert client.get(f"{base}?halaman=11", headers=officer.cookie).status_code == 404
    # every page shown is a read in the participant's access log
    with uow:
        entries = uow.audit.for_subjects([("participant", str(budi.participant.id))])
    assert sum(e.details.get("what") == "change_request_document" for e in entries) >= 3
