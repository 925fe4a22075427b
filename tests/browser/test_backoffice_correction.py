"""Hendra's identity correction end to end in Chromium against the real server: reported
in the app on a phone, an officer (desktop) asks for a document, hendra uploads it, the
officer prepares the corrected birth date, a supervisor (not the officer) approves, and
hendra sees the new birth date, the status and the timeline."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, ViewportSize, expect

from jmo.domain.accounts import Role
from jmo.usecases.services import Services
from tests.cast import persona_member
from tests.services.helpers import jpeg
from tests.staff import fresh_code, staff_member

DESKTOP: ViewportSize = {"width": 1280, "height": 800}


def _staff_page(browser: Browser, live_server: str, services: Services, email: str) -> Page:
    page = browser.new_context(viewport=DESKTOP, locale="id-ID").new_page()
    page.goto(live_server + "/petugas")
    expect(page.get_by_role("heading", name="Masuk petugas")).to_be_visible()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata Sandi").fill("correct-horse-battery")
    page.get_by_label("Kode autentikator").fill(fresh_code(services))
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Antrean kerja")).to_be_visible()
    return page


def test_hendra_birth_date_corrected_with_four_eyes(
    page: Page, browser: Browser, live_server: str, services: Services, tmp_path: Path
) -> None:
    hendra = persona_member(services, "hendra", employed=False)
    staff_member(services, "petugas@kantor.jmo.id", Role.OFFICER, "SBY01")
    staff_member(services, "supervisor@kantor.jmo.id", Role.SUPERVISOR, "SBY01")

    # hendra, on his phone: "Data tidak sesuai" for the birth date
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill(hendra.email)
    page.get_by_label("Kata Sandi").fill(hendra.password)
    page.get_by_role("button", name="Login").click()
    page.goto(live_server + "/pengkinian/identitas/koreksi")  # "Data tidak sesuai" (step 5)
    page.get_by_label("Tanggal Lahir").check()
    page.get_by_label("Data yang benar").fill("Tanggal lahir saya 21 Januari 1984")
    page.get_by_role("button", name="Catat Permintaan Koreksi").click()
    expect(page.get_by_role("status")).to_contain_text("nomor referensi")
    page.get_by_role("link", name="Lihat status dan unggah dokumen").click()
    expect(page.locator("#request-status")).to_have_text("Menunggu dokumen")
    status_url = page.url

    # the officer finds it in the queue and asks for the Kartu Keluarga
    officer = _staff_page(browser, live_server, services, "petugas@kantor.jmo.id")
    row = officer.locator("#queue tr[data-kind=identity_correction]")
    expect(row).to_have_count(1)
    row.get_by_role("link").click()
    expect(officer.locator("#status")).to_have_text("Menunggu dokumen")
    officer.get_by_label("Minta dokumen (dibaca peserta)").fill(
        "Unggah foto Kartu Keluarga yang memuat tanggal lahir Anda."
    )
    officer.get_by_role("button", name="Minta dokumen").click()
    expect(officer.locator("#timeline")).to_contain_text("Petugas meminta dokumen")

    # hendra reads what is asked and uploads the photo
    page.goto(status_url)
    expect(page.locator("#asked")).to_contain_text("Kartu Keluarga yang memuat tanggal lahir")
    photo = tmp_path / "kk.jpg"
    photo.write_bytes(jpeg(320, 200))
    page.get_by_label("Jenis dokumen").select_option(value="kartu_keluarga")
    page.get_by_label("Berkas").set_input_files(str(photo))
    page.get_by_role("button", name="Kirim dokumen").click()
    expect(page.locator("#request-status")).to_have_text("Sedang diperiksa")

    # the officer sees the document in the page and prepares the corrected date
    officer.reload()
    image = officer.locator("img.doc")
    expect(image).to_have_js_property("complete", True)
    expect(image).to_have_js_property("naturalWidth", 320)
    officer.get_by_label("Tanggal Lahir").fill("1984-01-21")
    officer.get_by_role("button", name="Siapkan untuk persetujuan").click()
    expect(officer.locator("#status")).to_have_text("Menunggu persetujuan supervisor")
    expect(officer.locator("#diff tr[data-field=birth_date] td.new")).to_have_text("1984-01-21")
    expect(officer.get_by_role("button", name="Setujui koreksi")).to_have_count(0)

    # a supervisor, not the officer, approves
    supervisor = _staff_page(browser, live_server, services, "supervisor@kantor.jmo.id")
    supervisor.goto(officer.url)
    supervisor.get_by_role("button", name="Setujui koreksi").click()
    expect(supervisor.locator("#status")).to_have_text("Disetujui")
    expect(supervisor.locator("#timeline")).to_contain_text("supervisor@kantor.jmo.id")

    # hendra: the new birth date, the status and the whole timeline
    page.goto(status_url)
    expect(page.locator("#request-status")).to_have_text("Disetujui")
    expect(page.locator("#identity-now")).to_contain_text("21 Januari 1984")
    expect(page.locator("#timeline li")).to_have_count(5)
    page.goto(live_server + "/akun/riwayat-akses")
    expect(page.get_by_text(re.compile("Petugas membuka dokumen permintaan"))).not_to_have_count(0)
