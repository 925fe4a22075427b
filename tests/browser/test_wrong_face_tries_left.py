"""Issue 9 item 5: the wrong-face message says how many tries are left (already fixed with
issue 8 item 2; kept here as the browser check the issue asks for)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from jmo.usecases.services import Services
from tests.cast import SELFIES, enrol_member

from .test_resume_and_step_errors import continue_pengkinian, log_in


def test_a_wrong_face_says_the_tries_left(page: Page, live_server: str, services: Services) -> None:
    member = enrol_member(services)
    log_in(page, live_server, member)
    continue_pengkinian(page)
    page.get_by_role("button", name="Sudah").click()
    page.get_by_label("Atau unggah foto selfie").set_input_files(str(SELFIES / "agus.jpg"))
    page.get_by_role("button", name="Verifikasi Wajah", exact=True).click()
    left = services.policy.face_max_attempts - 1
    expect(page.locator("#selfie-result")).to_contain_text("tidak cocok")
    expect(page.locator("#selfie-result")).to_contain_text(f"Sisa {left} kali percobaan")
