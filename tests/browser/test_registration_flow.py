"""Issue 12 in a phone-sized Chromium: "Buat Akun Baru" from the login page to the first
login (a mismatch answered with the next step, messages next to the fields, the inbox
count in the header), and the password reset's too-short message next to its field."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from jmo.usecases.services import Services
from tests.api.test_account_security import mailed_link_token
from tests.cast import SELFIES, enrol_member, sent_codes, unregistered


def _fits_the_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways ({width}px)"


def test_register_from_the_login_page(page: Page, live_server: str, services: Services) -> None:
    rina = unregistered(services)
    who = rina.participant.identity
    page.goto(live_server + "/login")
    page.get_by_role("link", name="Buat Akun Baru").click()
    expect(page.get_by_role("heading", name="Buat Akun Baru")).to_be_visible()
    page.get_by_label("NIK (16 digit, di e-KTP)").fill(who.nik)
    page.get_by_label("Nomor KPJ (di kartu peserta)").fill(who.kpj)
    page.get_by_label("Nama lengkap sesuai e-KTP").fill("Rina Wati")
    page.get_by_label("Tanggal lahir").fill(who.birth_date.isoformat())
    page.get_by_role("button", name="Lanjutkan").click()
    expect(page.locator("#onboarding-message")).to_contain_text("tidak dapat kami cocokkan")
    expect(page.locator("#onboarding-message")).to_contain_text("kantor cabang")
    _fits_the_phone(page)

    page.get_by_label("Nama lengkap sesuai e-KTP").fill("Rina Marlina")
    page.get_by_role("button", name="Lanjutkan").click()
    page.get_by_label("Email").fill("rina@mail.example")
    page.get_by_label("Nomor HP").fill("0812 3456 7801")
    page.get_by_role("button", name="Kirim kode").click()
    codes = sent_codes(services, rina)
    page.get_by_label("Kode dari email").fill(codes["email_code"])
    page.get_by_label("Kode dari SMS").fill(codes["phone_code"])
    page.get_by_role("button", name="Verifikasi").click()

    page.get_by_label("Kata sandi baru").fill("pendek")
    page.get_by_role("button", name="Buat Akun").click()
    expect(page.locator("#e-password")).to_contain_text("minimal 10 karakter")
    expect(page.locator("#e-terms_accepted")).to_be_visible()
    expect(page.get_by_label("Kata sandi baru")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Kata sandi baru").fill("nasi uduk betawi pagi")
    page.locator("#f-terms_accepted").check()
    page.get_by_role("button", name="Buat Akun").click()
    expect(page.locator("#onboarding-done")).to_contain_text("Akun Anda sudah dibuat")
    _fits_the_phone(page)

    page.get_by_role("link", name="Masuk").click()
    page.get_by_label("Email").fill("rina@mail.example")
    page.get_by_label("Kata Sandi").fill("nasi uduk betawi pagi")
    page.get_by_role("button", name="Login").click()
    expect(page.locator("#inbox-unread")).to_have_text("1")  # the welcome notice
    page.locator("#inbox-link").click()
    expect(page.get_by_role("heading", name="Akun JMO Anda sudah dibuat")).to_be_visible()
    page.get_by_role("button", name="Tandai sudah dibaca").click()
    expect(page.locator("#inbox-unread")).to_have_count(0)


def test_reset_with_a_short_password_says_so_next_to_the_field(
    page: Page, live_server: str, services: Services
) -> None:
    budi = enrol_member(services)
    page.goto(live_server + "/login")
    page.get_by_role("link", name="Lupa kata sandi?").click()
    page.get_by_label("Email").fill(budi.email)
    page.get_by_role("button", name="Kirim tautan").click()
    expect(page.locator("#reset-sent")).to_be_visible()
    token = mailed_link_token(services, "account.password_reset")
    page.goto(f"{live_server}/akun/reset-kata-sandi?token={token}")
    page.get_by_label("Kata sandi baru").fill("pendek")
    page.get_by_role("button", name="Simpan kata sandi").click()
    expect(page.locator("#e-new_password")).to_have_text(re.compile("minimal 10 karakter"))
    expect(page.get_by_label("Kata sandi baru")).to_have_attribute("aria-invalid", "true")


def test_lupa_akun_from_the_login_page(page: Page, live_server: str, services: Services) -> None:
    budi = enrol_member(services)
    who = budi.participant.identity
    page.goto(live_server + "/login")
    page.get_by_role("link", name="Lupa akun?").click()
    page.get_by_label("Nomor KPJ (di kartu peserta)").fill(who.kpj)
    page.get_by_label("NIK (16 digit, di e-KTP)").fill(who.nik)
    page.get_by_label("Tanggal lahir").fill(who.birth_date.isoformat())
    page.get_by_role("button", name="Lanjutkan").click()
    expect(page.get_by_role("button", name="Mulai Verifikasi Wajah")).to_be_visible()
    page.get_by_label("Atau unggah foto selfie").set_input_files(str(SELFIES / "budi.jpg"))
    page.get_by_role("button", name="Verifikasi Wajah", exact=True).click()
    page.get_by_label("Email").fill("budi.baru@mail.example")
    page.get_by_label("Nomor HP").fill("0812 9876 5432")
    page.get_by_role("button", name="Kirim kode").click()
    codes = sent_codes(services, budi)
    page.get_by_label("Kode dari email").fill(codes["email_code"])
    page.get_by_label("Kode dari SMS").fill(codes["phone_code"])
    page.get_by_role("button", name="Verifikasi").click()
    page.get_by_label("Kata sandi baru").fill("rendang padang enak")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("#onboarding-done")).to_contain_text("budi.baru@mail.example")
    _fits_the_phone(page)
