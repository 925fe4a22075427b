"""Step 6's camera in a real Chromium: the page opens the camera, fetches the challenge,
shows it, records a burst and uploads it; the server's decision comes back on the page.

Chromium's fake camera (a synthetic test pattern, no face) stands in for a phone camera:
this proves the capture-to-decision path in the browser. Liveness decisions on faces are
tested on real-photo bursts in tests/biometrics and tests/api/test_liveness_api.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect
from sqlalchemy import Engine, select

from jmo.storage.rows import BiometricAttemptRow
from jmo.usecases.services import Services
from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, PHONE
from tests.cast import enrol_member


@pytest.fixture(scope="module")
def camera_browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_FLAGS,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
        ],
    )
    yield browser
    browser.close()


@pytest.fixture
def camera_page(camera_browser: Browser, live_server: str) -> Iterator[Page]:
    context = camera_browser.new_context(viewport=PHONE, locale="id-ID", permissions=["camera"])
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def test_the_camera_burst_reaches_the_server_and_the_answer_is_shown(
    camera_page: Page, live_server: str, services: Services, db: Engine
) -> None:
    member = enrol_member(services)
    page = camera_page
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Kata Sandi").fill(member.password)
    page.get_by_role("button", name="Login").click()
    page.goto(f"{live_server}/layanan/pengkinian-data")
    page.get_by_role("button", name="OK, Lanjutkan").click()
    page.get_by_role("button", name="Sudah").click()

    page.get_by_role("button", name="Mulai Verifikasi Wajah").click()
    instruction = page.locator("#camera-instruction")
    expect(instruction).to_have_text("Lihat ke kamera dan diam sebentar")
    expect(instruction).to_contain_text("Tengok perlahan")  # the challenge is shown
    # the burst is uploaded and the page comes back with the server's answer
    expect(page.locator("#selfie-result")).to_contain_text("Wajah tidak terdeteksi", timeout=30_000)
    expect(page.get_by_role("button", name="Selanjutnya")).to_be_disabled()

    with db.connect() as conn:
        attempt = conn.execute(select(BiometricAttemptRow)).one()
    liveness = next(c for c in attempt.checks if c["rule"] == "liveness")
    assert liveness["passed"] is True and liveness["detail"] == "burst"
    assert attempt.decision == "retry" and attempt.error_code == "selfie.no_face"
