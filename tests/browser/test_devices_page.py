"""Issue 9 item 6: devices grouped and named in words, "sign out all other devices", and
changing the password on its own page."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from jmo.usecases.services import Services
from tests.cast import Member, complete_pengkinian, enrol_member

from .conftest import PHONE
from .test_resume_and_step_errors import log_in

ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def phone(browser: Browser, user_agent: str) -> Page:
    context = browser.new_context(viewport=PHONE, locale="id-ID", user_agent=user_agent)
    return context.new_page()


def signed_in(browser: Browser, base: str, member: Member, user_agent: str) -> Page:
    page = phone(browser, user_agent)
    log_in(page, base, member)
    return page


def test_devices_are_grouped_named_and_signed_out_together(
    browser: Browser, live_server: str, services: Services
) -> None:
    member = enrol_member(services)
    complete_pengkinian(services, member)
    mine = signed_in(browser, live_server, member, ANDROID_CHROME)
    for _ in range(2):  # the same phone logging in again: one device, not three
        signed_in(browser, live_server, member, ANDROID_CHROME).context.close()
    iphone = signed_in(browser, live_server, member, IPHONE_SAFARI)

    mine.goto(live_server + "/akun")
    devices = mine.locator("#devices li.device")
    expect(devices).to_have_count(2)
    expect(devices.first).to_contain_text("Chrome di Android")
    expect(devices.first).to_contain_text("Perangkat ini")
    expect(devices.first).to_contain_text("masuk 3 kali")
    expect(devices.nth(1)).to_contain_text("Safari di iPhone")
    expect(mine.locator("#devices")).not_to_contain_text("Mozilla/5.0")

    mine.get_by_role("button", name="Keluarkan semua perangkat lain").click()
    expect(mine.locator("#others-ended")).to_contain_text("3 sesi")
    expect(mine.locator("#devices li.device")).to_have_count(1)
    iphone.goto(live_server + "/akun")
    expect(iphone.get_by_role("heading", name="Masuk ke akun JMO")).to_be_visible()

    # changing the password has its own page
    mine.get_by_role("link", name="Ganti kata sandi").click()
    expect(mine.get_by_role("heading", name="Ganti kata sandi")).to_be_visible()
    mine.get_by_label("Kata sandi saat ini").fill("salah-sekali-123")
    mine.get_by_label("Kata sandi baru").fill("sate ayam madura enak")
    mine.get_by_role("button", name="Simpan kata sandi").click()
    expect(mine.get_by_role("heading", name="Ganti kata sandi")).to_be_visible()
    expect(mine.locator("#e-current_password")).to_be_visible()
    box = mine.locator("#password").bounding_box()
    assert box is not None and box["y"] < 844  # on the first screen, not 4,000 px down
    mine.context.close()
    iphone.context.close()
