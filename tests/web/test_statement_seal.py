"""Issue 9 item 8: the printed JHT statement carries a signed QR code, and its page says
whether the statement is genuine; a changed statement, a forged seal or a card's token
in its place fail."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.domain.card import CardClaims
from jmo.domain.jht.balance import StatementDocument
from jmo.domain.jht.ledger import EntryKind
from jmo.domain.jht.tables import Program
from jmo.domain.money import format_rupiah
from jmo.domain.signed_document import DocumentClaims
from jmo.settings import Settings
from jmo.usecases.jht.balance import get_statement
from jmo.usecases.services import Services
from tests.api.test_access_matrix import bearer
from tests.cast import Member, actor_of, complete_pengkinian, enrol_member
from tests.web.test_pages import log_in

YEAR = 2020


@pytest.fixture
def browser(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime), follow_redirects=False) as client:
        yield client


def _statement(services: Services, member: Member) -> StatementDocument:
    return get_statement(
        services.uow(),
        actor_of(services, member),
        kpj=member.kpj,
        year=YEAR,
        benefits=services.benefits,
        now=services.clock.now(),
        seal=(services.card_tokens, services.policy),
    )


def _links(pdf: bytes) -> list[str]:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return [
        str(a.get_object()["/A"]["/URI"]) for a in page.get("/Annots", []) if "/A" in a.get_object()
    ]


def _path(url: str) -> str:
    return urlsplit(url).path


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_the_downloaded_statement_carries_the_seal_its_page_confirms(
    browser: TestClient, services: Services
) -> None:
    member = enrol_member(services)
    complete_pengkinian(services, member)
    log_in(browser, member)
    pdf = browser.get(f"/saldo-jht/laporan?kpj={member.kpj}&tahun={YEAR}")
    assert pdf.status_code == 200
    # (one link, in as many pieces as the address wraps over lines)
    (link,) = {url for url in _links(pdf.content) if "/verify/dokumen/" in url}
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Pindai kode QR" in text

    browser.cookies.clear()  # the verifier is anyone: no session
    page = browser.get(_path(link))
    assert page.status_code == 200
    assert 'data-status="genuine"' in page.text
    closing = _statement(services, member).statement.closing
    assert closing > 0 and format_rupiah(closing) in page.text
    assert member.kpj not in page.text  # masked, as on the card's page
    assert page.headers["Referrer-Policy"] == "no-referrer"


def test_a_changed_statement_fails(browser: TestClient, services: Services) -> None:
    member = enrol_member(services)
    complete_pengkinian(services, member)
    document = _statement(services, member)
    assert document.verify_url is not None
    token = _path(document.verify_url).rsplit("/", 1)[1]
    kid, claims_b64, signature = token.split(".")
    claims = DocumentClaims.decode(base64.urlsafe_b64decode(claims_b64 + "=="))
    assert claims.amount == document.statement.closing

    # a higher balance written into the seal without the fund's key
    inflated = replace(claims, amount=claims.amount + 50_000_000)
    forged = f"{kid}.{_b64(inflated.encode())}.{signature}"
    assert 'data-status="invalid"' in browser.get(f"/verify/dokumen/{forged}").text
    # the card's seal is not a document's (another signing domain)
    card = services.card_tokens.sign(
        CardClaims(member.participant.id, claims.produced_at, claims.produced_at)
    )
    assert 'data-status="invalid"' in browser.get(f"/verify/dokumen/{card}").text
    assert 'data-status="genuine"' in browser.get(_path(document.verify_url)).text

    # the fund's records of that year change after printing: the paper is outdated
    uow = services.uow()
    with uow:
        entries = uow.jht_ledger.entries(member.participant.id)
        last = max(
            (
                e
                for e in entries
                if e.period.year == YEAR
                and e.kind is EntryKind.CONTRIBUTION
                and e.program is Program.JHT  # a JP line is not on the JHT statement
            ),
            key=lambda e: e.period,
        )
        uow.jht_ledger.add(
            member.participant.id,
            [replace(last, reference="koreksi-1", amount=1_000)],
            services.clock.now(),
        )
        uow.commit()
    changed = browser.get(_path(document.verify_url))
    assert 'data-status="changed"' in changed.text
    assert format_rupiah(document.statement.closing) in changed.text  # what was printed


def test_the_apps_pdf_carries_the_same_seal(browser: TestClient, services: Services) -> None:
    member = enrol_member(services)
    complete_pengkinian(services, member)
    pdf = browser.get(
        f"/api/v1/jht/statement.pdf?kpj={member.kpj}&year={YEAR}",
        headers=bearer(browser, member.email),
    )
    assert pdf.status_code == 200
    (link,) = {url for url in _links(pdf.content) if "/verify/dokumen/" in url}
    assert 'data-status="genuine"' in browser.get(_path(link)).text
