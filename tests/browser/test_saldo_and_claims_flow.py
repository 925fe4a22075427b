"""Cek Saldo JHT and the four claims, clicked by their visible labels in a phone-sized
Chromium (390x844): one test per service."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from uuid import UUID

from playwright.sync_api import Page, expect

from jmo.usecases.claims.staff import verify_claim
from jmo.usecases.services import Services
from tests.cast import Member
from tests.jht_cast import complete_update, create_officer, enrol_worker, job, pdf_bytes, png_bytes


def log_in(page: Page, live_server: str, member: Member) -> None:
    page.goto(live_server)
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Kata Sandi").fill(member.password)
    page.get_by_role("button", name="Login").click()
    expect(page.get_by_role("heading", name="Menu layanan")).to_be_attached()


def fits_the_phone(page: Page) -> None:
    """Nothing wider than the 390 px screen (no sideways scrolling)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page is {width}px wide"


def documents(tmp_path: Path) -> tuple[str, str]:
    pdf, png = tmp_path / "dokumen.pdf", tmp_path / "foto.png"
    pdf.write_bytes(pdf_bytes())
    png.write_bytes(png_bytes())
    return str(pdf), str(png)


def test_cek_saldo_jht_with_chart_statement_and_simulation(
    page: Page, live_server: str, services: Services
) -> None:
    member = enrol_worker(
        services,
        employments=(
            job(date(2012, 1, 1), date(2016, 12, 31), 4_000_000, npp="30000002"),
            job(date(2017, 1, 1), wage=7_500_000),
        ),
    )
    complete_update(services, member)
    log_in(page, live_server, member)

    page.get_by_role("link", name="Cek Saldo JHT").click()
    expect(page.get_by_role("heading", name="Cek Saldo JHT")).to_be_visible()
    expect(page.locator("#total-balance")).to_have_text(re.compile(r"^Rp\d{2,3}\.\d{3}\.\d{3}$"))
    expect(page.get_by_role("img", name="Perkembangan saldo JHT")).to_be_visible()
    expect(page.get_by_text("PT Lama Jaya")).to_be_visible()
    expect(page.get_by_text("PT Uji Coba Sejahtera")).to_be_visible()
    fits_the_phone(page)

    page.get_by_label("Tahun").select_option("2016")
    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh Laporan (PDF)").click()
    assert download.value.suggested_filename == f"saldo-jht-{member.kpj}-2016.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")

    page.get_by_role("link", name="Buka Simulasi JHT").click()
    expect(page.get_by_role("heading", name="Simulasi JHT")).to_be_visible()
    expect(page.locator("#assumptions")).to_contain_text("Kenaikan upah 4,27% per tahun")
    before = page.locator("#projected").inner_text()
    page.get_by_label("Kenaikan upah per tahun (%)").fill("0")
    page.get_by_label("Hasil pengembangan per tahun (%)").fill("0")
    page.get_by_role("button", name="Hitung Simulasi").click()
    expect(page.locator("#assumptions")).to_contain_text("Kenaikan upah 0,00% per tahun")
    assert page.locator("#projected").inner_text() != before
    expect(page.get_by_role("img", name="Simulasi saldo JHT sampai usia pensiun")).to_be_visible()
    fits_the_phone(page)


def test_klaim_jht_submit_and_track(
    page: Page, live_server: str, services: Services, tmp_path: Path
) -> None:
    member = enrol_worker(services, employments=(job(date(2023, 1, 1), date(2025, 6, 30)),))
    complete_update(services, member, npwp="")
    log_in(page, live_server, member)
    pdf, png = documents(tmp_path)

    page.get_by_role("link", name="Pengajuan & Lacak Klaim JHT").click()
    expect(page.get_by_role("heading", name="Pengajuan & Lacak Klaim JHT")).to_be_visible()
    page.get_by_label("Mengundurkan diri").check()
    page.get_by_role("button", name="Lanjutkan").click()
    page.get_by_role("button", name="Hitung Klaim").click()
    expect(page.locator("#gross")).to_be_visible()
    expect(page.locator("#net")).to_have_text(page.locator("#gross").inner_text())  # below Rp50M
    expect(page.get_by_text("Diproses dari aplikasi JMO")).to_be_visible()
    fits_the_phone(page)

    page.get_by_label("e-KTP").set_input_files(png)
    page.get_by_label("Kartu Keluarga (KK)").set_input_files(pdf)
    page.get_by_role("button", name="Ajukan Klaim").click()
    expect(page.locator("#e-resignation_letter")).to_have_text("Unggah dokumen ini.")
    page.get_by_label("e-KTP").set_input_files(png)
    page.get_by_label("Kartu Keluarga (KK)").set_input_files(pdf)
    page.get_by_label("Surat keterangan berhenti bekerja dari perusahaan").set_input_files(pdf)
    page.get_by_role("button", name="Ajukan Klaim").click()

    expect(page.get_by_role("heading", name=re.compile(r"Klaim JHT-20261125-"))).to_be_visible()
    expect(page.locator("#status")).to_have_text("Diajukan")
    expect(page.locator("#timeline li")).to_have_count(4)
    fits_the_phone(page)

    # an officer verifies; the participant sees the step on the timeline
    claim_id = page.url.rsplit("/", 1)[1]
    officer = create_officer(services)
    verify_claim(
        services.uow(), officer, UUID(claim_id), notices=services.notices, now=services.clock.now()
    )
    page.reload()
    expect(page.locator("#status")).to_have_text("Diverifikasi")
    page.get_by_role("link", name="Lacak Klaim").click()
    expect(page.locator("#claims")).to_contain_text("Diverifikasi")


def test_klaim_jkm_by_an_heir(
    page: Page, live_server: str, services: Services, tmp_path: Path
) -> None:
    deceased = enrol_worker(
        services, employments=(job(date(2018, 1, 1)),), account=False, full_name="Rini Astuti"
    )
    heir = enrol_worker(services, employments=(job(date(2019, 1, 1), npp="30000003"),))
    complete_update(services, heir)
    log_in(page, live_server, heir)
    pdf, _ = documents(tmp_path)

    page.get_by_role("link", name="Klaim JKM").click()
    page.get_by_role("button", name="Lanjutkan").click()
    page.get_by_label("Nomor KPJ peserta yang meninggal").fill(deceased.kpj)
    page.get_by_label("NIK peserta yang meninggal").fill(deceased.nik)
    page.get_by_label("Tanggal meninggal").fill("2026-10-01")
    page.get_by_label("Hubungan Anda dengan peserta").select_option(
        label="Suami/istri (janda/duda)"
    )
    page.get_by_role("button", name="Hitung Klaim").click()
    expect(page.get_by_text("Peserta: Rini Astuti")).to_be_visible()
    expect(page.locator("#gross")).to_have_text("Rp42.000.000")
    fits_the_phone(page)
    for label in (
        "Surat keterangan kematian",
        "Surat keterangan ahli waris atau penetapan pengadilan",
        "e-KTP",
        "Kartu Keluarga (KK)",
    ):
        page.get_by_label(label).set_input_files(pdf)
    page.get_by_role("button", name="Ajukan Klaim").click()
    expect(page.locator("#status")).to_have_text("Diajukan")
    expect(page.locator("#net")).to_have_text("Rp42.000.000")


def test_klaim_jkk_wage_replacement(
    page: Page, live_server: str, services: Services, tmp_path: Path
) -> None:
    member = enrol_worker(services, employments=(job(date(2020, 1, 1), wage=7_500_000),))
    complete_update(services, member)
    log_in(page, live_server, member)
    pdf, _ = documents(tmp_path)

    page.get_by_role("link", name="Klaim JKK").click()
    page.get_by_label("Sementara tidak mampu bekerja (STMB)").check()
    page.get_by_role("button", name="Lanjutkan").click()
    page.get_by_label("Tanggal kecelakaan").fill("2026-08-03")
    page.get_by_label("Jumlah hari tidak mampu bekerja").fill("45")
    page.get_by_role("button", name="Hitung Klaim").click()
    expect(page.locator("#gross")).to_have_text("Rp11.250.000")
    expect(page.get_by_text("Santunan tidak mampu bekerja 45 hari")).to_be_visible()
    fits_the_phone(page)
    for label in (
        "e-KTP",
        "Laporan kecelakaan kerja dari perusahaan (tahap I/II)",
        "Surat keterangan dokter pemeriksa atau penasihat",
    ):
        page.get_by_label(label).set_input_files(pdf)
    page.get_by_role("button", name="Ajukan Klaim").click()
    expect(page.get_by_role("heading", name=re.compile(r"Klaim JKK-20261125-"))).to_be_visible()


def test_klaim_jp_lump_sum(
    page: Page, live_server: str, services: Services, tmp_path: Path
) -> None:
    member = enrol_worker(
        services, employments=(job(date(2010, 1, 1)),), birth_date=date(1966, 5, 5)
    )
    complete_update(services, member)
    log_in(page, live_server, member)
    pdf, _ = documents(tmp_path)

    page.get_by_role("link", name="Klaim JP").click()
    page.get_by_role("button", name="Lanjutkan").click()
    page.get_by_role("button", name="Hitung Klaim").click()
    expect(
        page.get_by_text("Iuran JP dengan hasil pengembangan, dibayar sekaligus")
    ).to_be_visible()
    expect(page.locator("#net")).to_have_text(re.compile(r"^Rp\d"))
    fits_the_phone(page)
    page.get_by_label("e-KTP").set_input_files(pdf)
    page.get_by_label("Kartu Keluarga (KK)").set_input_files(pdf)
    page.get_by_role("button", name="Ajukan Klaim").click()
    expect(page.locator("#status")).to_have_text("Diajukan")
