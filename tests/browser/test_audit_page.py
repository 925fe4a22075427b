"""The audit page in Chromium against the real server (issue 11, Audit): an auditor finds
a participant's trail by NIK, reads who opened what in words, and downloads it; a wrong
filter is named beside its field."""

from __future__ import annotations

import csv
import io

from playwright.sync_api import Browser, expect

from jmo.domain.accounts import Role
from jmo.usecases.participants.history import participant_history
from jmo.usecases.services import Services
from tests.browser.test_backoffice_correction import _staff_page
from tests.cast import enrol_member
from tests.staff import staff_member


def test_an_auditor_reads_and_downloads_a_participants_trail(
    browser: Browser, live_server: str, services: Services
) -> None:
    budi = enrol_member(services)
    officer = staff_member(services, "petugas@kantor.jmo.id", Role.OFFICER, "SBY01")
    staff_member(services, "auditor@kantor.jmo.id", Role.AUDITOR, "SBY01")
    participant_history(services.uow(), officer, kpj=budi.kpj, now=services.clock.now())

    page = _staff_page(browser, live_server, services, "auditor@kantor.jmo.id")
    page.get_by_role("link", name="Jejak audit").click()
    expect(page.get_by_role("heading", name="Jejak audit")).to_be_visible()

    page.get_by_label("KPJ atau NIK peserta").fill("2026-11-99")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.locator("#e-peserta")).to_have_text("Masukkan KPJ (11 angka) atau NIK (16 angka).")

    page.get_by_label("KPJ atau NIK peserta").fill(budi.nik)
    page.get_by_label("Tindakan").select_option(value="participant.viewed")
    page.get_by_role("button", name="Tampilkan").click()
    read = page.locator("#audit tr", has_text="Petugas membuka riwayat data Anda")
    expect(read).to_have_count(1)
    expect(read).to_contain_text("petugas@kantor.jmo.id")
    expect(read).to_contain_text(f"KPJ {budi.kpj}")
    expect(page.locator("#audit")).not_to_contain_text(budi.nik)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh CSV").click()
    path = download_info.value.path()
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert {r["actor_email"] for r in rows} == {"petugas@kantor.jmo.id", "auditor@kantor.jmo.id"}
    assert all(r["participant_kpj"] == budi.kpj for r in rows)
