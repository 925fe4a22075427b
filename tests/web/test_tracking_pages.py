"""Every kind of request opens in Riwayat & Lacak with its timeline, a link to its own
page and a PDF receipt whose code Verifikasi Bukti accepts (the pages of a claim, a
complaint, an identity correction and a data update; the browser test walks one)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.settings import Settings
from jmo.usecases.services import Services
from tests.api.test_access_matrix import owner_with_records
from tests.services.helpers import current_member
from tests.web.test_pages import csrf_of, log_in

CODE_LINE = re.compile(r"^[A-Za-z0-9_.-]+$")


def printed_code(pdf: bytes) -> str:
    """The receipt code as printed at the foot of the PDF (wrapped over several lines)."""
    lines = PdfReader(io.BytesIO(pdf)).pages[-1].extract_text().splitlines()
    tail: list[str] = []
    for line in reversed(lines):
        if not CODE_LINE.match(line.strip()):
            break
        tail.insert(0, line.strip())
    return "".join(tail)


@pytest.fixture
def clients(settings: Settings, runtime: Runtime) -> Iterator[tuple[TestClient, TestClient]]:
    with (
        TestClient(create_app(settings, runtime)) as api,
        TestClient(create_app(settings, runtime), follow_redirects=False) as web,
    ):
        yield api, web


def test_each_kind_opens_with_its_timeline_item_link_and_receipt(
    clients: tuple[TestClient, TestClient], services: Services
) -> None:
    api, web = clients
    owner, auth, ids = owner_with_records(api, services)
    listed = {r["kind"]: r for r in api.get("/api/v1/me/requests", headers=auth).json()}
    log_in(web, owner)
    page = web.get("/riwayat")
    assert page.status_code == 200
    for r in listed.values():
        assert f'data-id="{r["request_id"]}"' in page.text
    item_links = {
        "claim": f"/klaim/lacak/{ids['claim_id']}",
        "complaint": f"/pengaduan/{ids['complaint_id']}",
        "identity_correction": f"/permintaan/{ids['request_id']}",
    }
    for kind, link in item_links.items():
        request_id = listed[kind]["request_id"]
        detail = web.get(f"/riwayat/{request_id}")
        assert detail.status_code == 200, (kind, detail.text[:300])
        assert f'<span id="request-id">{request_id}</span>' in detail.text
        assert f'href="{link}"' in detail.text
        assert 'id="timeline"' in detail.text
        pdf = web.get(f"/riwayat/{request_id}/bukti.pdf")
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
        assert request_id in text
        code = printed_code(pdf.content)
        verdict = web.get("/verify?kode=" + quote(code))
        assert 'id="verdict"' in verdict.text and "alert ok" in verdict.text, kind
        assert f'<dd id="receipt-id">{request_id}</dd>' in verdict.text
    # a filter by kind keeps that kind only; a bad one is answered beside its field
    claims = web.get("/riwayat", params={"jenis": "claim"})
    assert claims.text.count('data-kind="') == 1 and 'data-kind="claim"' in claims.text
    bad = web.get("/riwayat", params={"sampai": "2026-02-31"})
    assert bad.status_code == 422 and 'id="e-until"' in bad.text


def test_the_receipt_file_is_checked_byte_for_byte(
    clients: tuple[TestClient, TestClient], services: Services
) -> None:
    """Verifikasi Bukti also takes the PDF itself: the file as downloaded is "sah"; the same
    file with one byte changed is "tidak sah"."""
    _, web = clients
    member, _ = current_member(services)
    log_in(web, member)
    [row] = re.findall(r'data-id="([A-Z]{2}-\d{4}-\d{6})"', web.get("/riwayat").text)
    pdf = web.get(f"/riwayat/{row}/bukti.pdf").content
    web.cookies.clear()  # anyone, not logged in
    page = web.get("/verify")
    csrf = csrf_of(page.text)

    def check(data: bytes) -> str:
        answer: httpx.Response = web.post(
            "/verify",
            data={"csrf_token": csrf},
            files={"berkas": ("bukti.pdf", data, "application/pdf")},
        )
        assert answer.status_code in (200, 422)
        return answer.text

    assert 'class="alert ok"' in check(pdf) and row in check(pdf)
    at = pdf.index(b"Bukti Permintaan")  # one letter of the title
    forged = pdf[:at] + b"X" + pdf[at + 1 :]
    assert len(forged) == len(pdf)
    assert "Bukti tidak sah" in check(forged)
    assert "Bukti tidak sah" in check(b"%PDF-1.4 not a receipt")
    refused = web.post(
        "/verify",
        data={"csrf_token": "forged"},
        files={"berkas": ("b.pdf", pdf, "application/pdf")},
    )
    assert refused.status_code == 403
