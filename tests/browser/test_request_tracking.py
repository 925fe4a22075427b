"""Riwayat & Lacak in a phone-sized Chromium: from Beranda to the list, a request's
timeline and before/after values, the PDF receipt downloaded, and its printed code checked
at Verifikasi Bukti: "sah" as printed, "tidak sah" with one character changed."""

from __future__ import annotations

import io
import re
from pathlib import Path

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from jmo.usecases.services import Services
from tests.services.helpers import current_member
from tests.web.test_tracking_pages import printed_code


def test_a_request_timeline_receipt_and_its_verification(
    page: Page, live_server: str, services: Services, tmp_path: Path
) -> None:
    member, _ = current_member(services)  # the data update: phone, email, bank account
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Kata Sandi").fill(member.password)
    page.get_by_role("button", name="Login").click()
    # the success dialog after the update names the request id and opens its timeline
    page.goto(live_server + "/beranda?selesai=1")
    expect(page.locator("#success-track")).to_have_attribute("href", re.compile(r"^/riwayat/PD-"))
    page.get_by_role("link", name="OK, Terima Kasih").click()
    page.get_by_role("link", name="Riwayat & Lacak").click()
    expect(page.get_by_role("heading", name="Riwayat & Lacak")).to_be_visible()
    row = page.locator("#requests li")
    expect(row).to_have_count(1)
    request_id = row.get_attribute("data-id") or ""
    assert re.fullmatch(r"PD-\d{4}-\d{6}", request_id), request_id
    expect(row).to_contain_text("Selesai")

    # a filter that matches nothing, then back
    page.get_by_label("Jenis").select_option(label="Klaim")
    page.get_by_role("button", name="Terapkan").click()
    expect(page.locator("#no-requests")).to_have_text("Tidak ada permintaan yang cocok.")
    page.get_by_label("Dari tanggal").fill("2026-12-01")
    page.get_by_label("Sampai tanggal").fill("2026-11-01")
    page.get_by_role("button", name="Terapkan").click()
    expect(page.get_by_text("Tanggal akhir tidak boleh sebelum tanggal awal.")).to_be_visible()
    page.get_by_role("link", name="Hapus filter").click()

    page.get_by_role("link", name=re.compile(request_id)).click()
    expect(page.locator("#request-id")).to_have_text(request_id)
    expect(page.locator("#timeline li")).to_have_count(2)
    expect(page.locator("#timeline")).to_contain_text("Perubahan data diterapkan")
    account = page.locator("#changes tr", has_text="Nomor Rekening")
    expect(account).to_contain_text("*")  # masked
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways ({width}px)"

    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh bukti (PDF)").click()
    pdf = download.value.path().read_bytes()
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert request_id in text and "WIB" in text and "Sebelum" in text
    assert member.participant.identity.kpj not in text
    code = printed_code(pdf)
    assert code.count(".") == 2, code

    # Verifikasi Bukti, as someone handed the paper would use it
    page.goto(live_server + "/verify")
    page.get_by_label("Kode bukti").fill(code)
    page.get_by_role("button", name="Periksa", exact=True).click()
    expect(page.locator("#verdict")).to_contain_text("Sah")
    expect(page.locator("#receipt-id")).to_have_text(request_id)

    middle = len(code) // 2
    forged = code[:middle] + ("A" if code[middle] != "A" else "B") + code[middle + 1 :]
    page.get_by_label("Kode bukti").fill(forged)
    page.get_by_role("button", name="Periksa", exact=True).click()
    expect(page.locator("#verdict")).to_contain_text("tidak sah")
    expect(page.locator("#receipt")).to_have_count(0)

    # the PDF file itself: as downloaded "sah", with one byte changed "tidak sah"
    original = tmp_path / "bukti.pdf"
    original.write_bytes(pdf)
    page.get_by_label("Atau unggah berkas bukti (PDF)").set_input_files(str(original))
    page.get_by_role("button", name="Periksa berkas").click()
    expect(page.locator("#verdict")).to_contain_text("Sah")
    expect(page.locator("#receipt-id")).to_have_text(request_id)
    at = len(pdf) // 2  # a byte in the middle of the file, whatever it holds
    edited = tmp_path / "bukti-diubah.pdf"
    edited.write_bytes(pdf[:at] + bytes([pdf[at] ^ 1]) + pdf[at + 1 :])
    page.get_by_label("Atau unggah berkas bukti (PDF)").set_input_files(str(edited))
    page.get_by_role("button", name="Periksa berkas").click()
    expect(page.locator("#verdict")).to_contain_text("tidak sah")

    # the participant's own change history, linked from Riwayat & Lacak
    page.goto(live_server + "/riwayat")
    page.get_by_role("link", name="Riwayat perubahan data").click()
    versions = page.locator("#versions > li")
    expect(versions).to_have_count(2)
    expect(versions.first.get_by_role("link", name=request_id)).to_be_visible()
    expect(versions.first).to_contain_text("Nomor Rekening")
