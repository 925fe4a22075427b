"""Cek Saldo JHT and the claim pages through HTTP: the chart, the PDF, the simulation, the
quote, submitting with documents, Lacak Klaim, and someone else's claim."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.settings import Settings
from jmo.usecases.services import Services
from tests.cast import Member, complete_pengkinian, enrol_member
from tests.jht_cast import complete_update, enrol_worker, job, pdf_bytes, png_bytes
from tests.web.test_pages import csrf_of, log_in


@pytest.fixture
def browser(settings: Settings, runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime), follow_redirects=False) as client:
        yield client


def ready(services: Services, member: Member | None = None) -> Member:
    member = member or enrol_member(services)
    complete_pengkinian(services, member)
    return member


def test_the_menu_opens_the_services(browser: TestClient, services: Services) -> None:
    log_in(browser, ready(services))
    for key, path in (
        ("saldo-jht", "/saldo-jht"),
        ("klaim-jht", "/klaim/jht"),
        ("klaim-jkm", "/klaim/jkm"),
        ("klaim-jkk", "/klaim/jkk"),
        ("klaim-jp", "/klaim/jp"),
    ):
        response = browser.get(f"/layanan/{key}")
        assert response.headers["location"] == path
        assert browser.get(path).status_code == 200


def test_services_stay_locked_before_pengkinian(browser: TestClient, services: Services) -> None:
    log_in(browser, enrol_member(services))
    assert browser.get("/layanan/saldo-jht").headers["location"] == "/beranda?prompt=pengkinian"
    page = browser.get("/saldo-jht")
    assert page.status_code == 403 and "Pengkinian Data" in page.text


def test_balance_page_with_chart_split_and_labelled_rates(
    browser: TestClient, services: Services
) -> None:
    log_in(browser, ready(services))
    page = browser.get("/saldo-jht")
    assert page.status_code == 200
    assert '<svg class="chart"' in page.text and "<polygon" in page.text
    assert "Rp48.564.000" in page.text  # the contributions of the employer period
    assert "PT Uji Coba Sejahtera" in page.text
    assert "Iuran pemberi kerja (3,7%)" in page.text and "Rp31.524.000" in page.text
    assert "asumsi" in page.text and "ditetapkan BPJS Ketenagakerjaan" in page.text
    assert "style=" not in page.text  # the CSP forbids inline styles
    english = browser.get("/bahasa/en?next=/saldo-jht")
    assert english.status_code in (302, 303, 307)
    assert "JHT Balance</h1>" in browser.get("/saldo-jht").text


def test_statement_pdf_download(browser: TestClient, services: Services) -> None:
    member = ready(services)
    log_in(browser, member)
    response = browser.get(f"/saldo-jht/laporan?kpj={member.kpj}&tahun=2020")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"%PDF")
    other = enrol_member(services, key="siti")
    assert browser.get(f"/saldo-jht/laporan?kpj={other.kpj}&tahun=2020").status_code == 404
    assert browser.get(f"/saldo-jht/laporan?kpj={member.kpj}&tahun=1999").status_code == 422


def test_simulation_page_shows_assumptions_and_keeps_errors(
    browser: TestClient, services: Services
) -> None:
    log_in(browser, ready(services))
    page = browser.get("/saldo-jht/simulasi")
    assert page.status_code == 200 and "Asumsi yang dipakai" in page.text
    assert "4,27" in page.text and '<svg class="chart"' in page.text
    edited = browser.get("/saldo-jht/simulasi?monthly_wage=8000000&wage_growth=3&yield_rate=abc")
    assert 'value="abc"' in edited.text and "Isi dengan angka." in edited.text


def test_merging_two_kpj_from_the_page(browser: TestClient, services: Services) -> None:
    member = enrol_worker(services, employments=(job(date(2019, 1, 1)),))
    enrol_worker(
        services,
        employments=(job(date(2012, 1, 1), date(2016, 6, 30), npp="30000002"),),
        nik=member.nik,
        account=False,
    )
    complete_update(services, member)
    log_in(browser, member)
    page = browser.get("/saldo-jht")
    assert page.text.count('class="card kpj"') == 2
    done = browser.post("/saldo-jht/gabung", data={"csrf_token": csrf_of(page.text)})
    assert done.headers["location"] == "/saldo-jht?gabung=1"
    assert "Permintaan penggabungan saldo dicatat" in browser.get("/saldo-jht?gabung=1").text


def _resigned(services: Services) -> Member:
    member = enrol_worker(services, employments=(job(date(2024, 1, 1), date(2025, 6, 30)),))
    complete_update(services, member)
    return member


def test_quote_then_submit_with_documents_then_track(
    browser: TestClient, services: Services
) -> None:
    member = _resigned(services)  # 18 months of 342,000 = 6,156,000 plus the yield: the app
    log_in(browser, member)
    form = browser.get("/klaim/jht?alasan=jht.resignation")
    assert "Hitung Klaim" in form.text
    quote = browser.post(
        "/klaim/jht/hitung", data={"csrf_token": csrf_of(form.text), "reason": "jht.resignation"}
    )
    assert quote.status_code == 200
    assert 'id="tax-compare"' not in quote.text  # below Rp50M: no tax either way
    assert "Diproses dari aplikasi JMO" in quote.text
    token = csrf_of(quote.text)
    key = re.search(r'name="idempotency_key" value="([^"]+)"', quote.text)
    assert key
    missing = browser.post(
        "/klaim/jht/ajukan",
        data={"csrf_token": token, "reason": "jht.resignation", "idempotency_key": key.group(1)},
        files={"e_ktp": ("ktp.png", png_bytes(), "image/png")},
    )
    assert missing.status_code == 422 and 'id="e-kartu_keluarga"' in missing.text
    done = browser.post(
        "/klaim/jht/ajukan",
        data={"csrf_token": token, "reason": "jht.resignation", "idempotency_key": key.group(1)},
        files={
            "e_ktp": ("ktp.png", png_bytes(), "image/png"),
            "kartu_keluarga": ("kk.pdf", pdf_bytes(), "application/pdf"),
            "resignation_letter": ("paklaring.pdf", pdf_bytes(), "application/pdf"),
        },
    )
    assert done.status_code == 303
    detail = browser.get(done.headers["location"])
    assert detail.status_code == 200 and "JHT-20261125-" in detail.text
    assert 'data-status="submitted"' in detail.text and "Menunggu" in detail.text
    assert "JHT-20261125-" in browser.get("/klaim").text

    # another participant gets the same 404 as for a claim that does not exist
    stranger = TestClient(browser.app, follow_redirects=False)
    log_in(stranger, ready(services, enrol_member(services, key="siti")))
    not_yours = stranger.get(done.headers["location"])
    missing_claim = stranger.get("/klaim/lacak/00000000-0000-0000-0000-000000000001")
    garbage = stranger.get("/klaim/lacak/not-a-uuid")
    assert not_yours.status_code == missing_claim.status_code == garbage.status_code == 404
    alert = re.compile(r'role="alert">(.*?)</div>', re.S)
    assert alert.findall(not_yours.text) == alert.findall(missing_claim.text) != []


def test_large_balance_shows_tax_with_and_without_npwp_and_the_branch(
    browser: TestClient, services: Services
) -> None:
    member = enrol_worker(
        services, employments=(job(date(2010, 1, 1), date(2019, 12, 31), 10_000_000),)
    )
    complete_update(services, member, npwp="")
    log_in(browser, member)
    form = browser.get("/klaim/jht?alasan=jht.resignation")
    quote = browser.post(
        "/klaim/jht/hitung", data={"csrf_token": csrf_of(form.text), "reason": "jht.resignation"}
    )
    assert 'id="tax-compare"' in quote.text
    assert (
        "Tanpa NPWP" in quote.text and "Lapak Asik" in quote.text and "Rp15.000.000" in quote.text
    )


def test_ineligible_quote_explains_and_offers_no_submit(
    browser: TestClient, services: Services
) -> None:
    log_in(browser, ready(services))  # still working
    form = browser.get("/klaim/jht?alasan=jht.resignation")
    quote = browser.post(
        "/klaim/jht/hitung", data={"csrf_token": csrf_of(form.text), "reason": "jht.resignation"}
    )
    assert "Klaim belum dapat diajukan" in quote.text and "aktif bekerja" in quote.text
    assert "Ajukan Klaim</button>" not in quote.text


def test_heir_form_errors_stay_beside_the_fields(browser: TestClient, services: Services) -> None:
    log_in(browser, ready(services))
    form = browser.get("/klaim/jkm?alasan=jkm.death")
    assert "NIK peserta yang meninggal" in form.text
    response = browser.post(
        "/klaim/jkm/hitung",
        data={
            "csrf_token": csrf_of(form.text),
            "reason": "jkm.death",
            "deceased_kpj": "123",
            "event_date": "2030-01-01",
        },
    )
    assert response.status_code == 422
    assert 'id="e-deceased_kpj"' in response.text and 'id="e-event_date"' in response.text
    assert 'value="2030-01-01"' in response.text
