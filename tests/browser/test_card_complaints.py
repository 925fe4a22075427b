"""Kartu Digital and Pengaduan clicked by their visible labels in a phone-sized Chromium
(390x844), with the officer's side through the staff use cases."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from jmo.usecases.complaints.tickets import change_complaint_status
from jmo.usecases.complaints.views import staff_queue
from jmo.usecases.services import Services
from tests.services.helpers import current_member, officer, tools


def _login(page: Page, live_server: str, email: str, password: str) -> None:
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata Sandi").fill(password)
    page.get_by_role("button", name="Login").click()
    expect(page.get_by_role("navigation", name="Menu layanan")).to_be_visible()


def _fits_the_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways ({width}px)"


def test_kartu_digital_shows_the_card_and_its_qr_verifies(
    page: Page, live_server: str, services: Services
) -> None:
    member, _ = current_member(services)
    _login(page, live_server, member.email, member.password)
    page.get_by_role("link", name="Kartu Digital").click()
    expect(page.get_by_role("heading", name="Kartu Digital")).to_be_visible()
    card = page.get_by_role("img", name=re.compile("Kartu peserta atas nama Budi Santoso"))
    expect(card).to_be_visible()
    expect(card).to_have_js_property("complete", True)
    expect(card).to_have_js_property("naturalWidth", 1012)  # the PNG really loaded
    expect(page.locator("[data-field=kpj]")).to_have_text(member.kpj)
    expect(page.locator("[data-field=nik]")).not_to_have_text(member.nik)
    expect(page.get_by_role("link", name="Unduh PDF")).to_be_visible()
    _fits_the_phone(page)

    # the link in the QR code, as a phone camera would open it
    with services.uow() as uow:
        latest = uow.cards.latest_for(member.participant.id)
    from jmo.domain.card import CardClaims  # noqa: PLC0415

    assert latest is not None

    token = services.card_tokens.sign(CardClaims(latest.id, latest.issued_at, latest.valid_through))
    page.goto(f"{live_server}/verify/{token}")
    expect(page.locator("#verdict")).to_contain_text("Kartu sah")
    expect(page.locator("[data-field=name]")).to_have_text("Budi S******")
    expect(page.get_by_text(member.nik)).to_have_count(0)
    _fits_the_phone(page)

    page.goto(live_server + "/kartu-digital")
    page.get_by_role("button", name="Terbitkan Ulang Kartu").click()
    expect(page.get_by_role("status")).to_contain_text("Kartu baru telah diterbitkan")
    page.goto(f"{live_server}/verify/{token}")
    expect(page.locator("#verdict")).to_contain_text("Kartu dicabut")


def test_pengaduan_from_complaint_to_rating(
    page: Page, live_server: str, services: Services, tmp_path: object
) -> None:
    member, _ = current_member(services)
    _, staff = officer(services)
    _login(page, live_server, member.email, member.password)
    page.get_by_role("link", name="Pengaduan").click()
    expect(page.get_by_role("heading", name="Pengaduan", exact=True)).to_be_visible()
    expect(page.get_by_text("Belum ada pengaduan.")).to_be_visible()
    page.get_by_role("link", name="Buat Pengaduan").click()

    # a mistake first: the message beside the field, the typed text kept
    page.get_by_label("Kategori").select_option(label="Klaim jaminan (JHT, JKK, JKM, JP)")
    page.get_by_label("Uraian pengaduan").fill("Belum")
    page.get_by_role("button", name="Kirim Pengaduan").click()
    expect(page.locator("#e-description")).to_contain_text("minimal 10 karakter")
    expect(page.get_by_label("Kategori")).to_have_value("klaim")
    page.get_by_label("Uraian pengaduan").fill("Klaim JHT saya belum cair setelah 10 hari kerja.")
    from pathlib import Path  # noqa: PLC0415

    from tests.services.helpers import jpeg  # noqa: PLC0415

    photo = Path(str(tmp_path)) / "bukti.jpg"
    photo.write_bytes(jpeg())
    page.get_by_label("Lampiran").set_input_files(str(photo))
    page.get_by_role("button", name="Kirim Pengaduan").click()

    expect(page.get_by_role("status")).to_contain_text("Pengaduan Anda telah kami terima.")
    expect(page.locator("#status")).to_have_text("Baru")
    expect(page.locator("#due")).to_contain_text("30 November 2026 10:00 WIB")
    expect(page.get_by_role("link", name="bukti.jpg")).to_be_visible()
    _fits_the_phone(page)

    # the officer asks, the participant answers, the officer resolves
    (ticket,) = staff_queue(services.uow(), staff, now=services.clock.now())
    change_complaint_status(
        services.uow(),
        staff,
        ticket.complaint.id,
        to="waiting_for_participant",
        body="Mohon kirim nomor klaim Anda.",
        tools=tools(services),
        now=services.clock.now(),
    )
    page.reload()
    expect(page.locator("#status")).to_have_text("Menunggu tanggapan peserta")
    expect(page.get_by_text("Mohon kirim nomor klaim Anda.")).to_be_visible()
    page.get_by_label("Pesan").fill("Nomor klaim saya ada di kartu antrean.")
    page.get_by_role("button", name="Kirim Balasan").click()
    expect(page.locator("#status")).to_have_text("Sedang diproses")
    change_complaint_status(
        services.uow(),
        staff,
        ticket.complaint.id,
        to="resolved",
        body="Klaim sudah dibayar ke rekening Anda.",
        tools=tools(services),
        now=services.clock.now(),
    )
    page.reload()
    expect(page.locator("#status")).to_have_text("Selesai")
    page.get_by_role("button", name="Tutup Pengaduan").click()
    expect(page.get_by_role("alert")).to_contain_text("Pilih penilaian 1 sampai 5 bintang.")
    page.get_by_label("5 · Sangat puas").check()
    page.get_by_role("button", name="Tutup Pengaduan").click()
    expect(page.locator("#status")).to_have_text("Ditutup")
    expect(page.locator("#rating")).to_contain_text("5/5")
    expect(page.get_by_role("button", name="Tutup Pengaduan")).to_have_count(0)
    _fits_the_phone(page)
