"""Joko has no reference photo. At the branch counter a supervisor checks his e-KTP, takes
his photo with the counter's camera (Chromium's fake camera playing a photo of a face) and
prepares the enrolment; approving it himself is refused (four eyes), another supervisor
approves it, and the timeline names both."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, Playwright, ViewportSize, expect

from jmo.domain.accounts import Role
from jmo.usecases.services import Services
from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS
from tests.cast import persona_member, selfie
from tests.staff import fresh_code, staff_member

DESKTOP: ViewportSize = {"width": 1280, "height": 900}


def y4m(photo: bytes, frames: int = 4) -> bytes:
    """The photo as a short Y4M video (4:2:0), what Chromium's fake camera plays."""
    with Image.open(io.BytesIO(photo)) as image:
        rgb = image.convert("RGB")
    width, height = rgb.width // 2 * 2, rgb.height // 2 * 2
    rgb = rgb.crop((0, 0, width, height))
    y, cb, cr = rgb.convert("YCbCr").split()
    half = (width // 2, height // 2)
    frame = b"FRAME\n" + y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    header = f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode()
    return header + frame * frames


@pytest.fixture(scope="module")
def counter_camera(
    playwright: Playwright, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Browser]:
    video = tmp_path_factory.mktemp("camera") / "joko.y4m"
    video.write_bytes(y4m(selfie("budi")))  # any clear face stands in for joko's
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_FLAGS,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    yield browser
    browser.close()


def _sign_in(browser: Browser, live_server: str, services: Services, email: str) -> Page:
    page = browser.new_context(viewport=DESKTOP, locale="id-ID", permissions=["camera"]).new_page()
    page.set_default_timeout(20_000)
    page.goto(live_server + "/petugas")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata Sandi").fill("correct-horse-battery")
    page.get_by_label("Kode autentikator").fill(fresh_code(services))
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Antrean kerja")).to_be_visible()
    return page


def test_reference_photo_by_camera_with_four_eyes(
    counter_camera: Browser, browser: Browser, live_server: str, services: Services, tmp_path: Path
) -> None:
    joko = persona_member(services, "joko", face=None)
    staff_member(services, "supervisor1@kantor.jmo.id", Role.SUPERVISOR, "SBY01")
    staff_member(services, "supervisor2@kantor.jmo.id", Role.SUPERVISOR, "SBY01")

    first = _sign_in(counter_camera, live_server, services, "supervisor1@kantor.jmo.id")
    first.get_by_label("Loket: KPJ peserta yang datang").fill(joko.kpj)
    first.get_by_role("button", name="Layani di loket").click()
    expect(first.locator("#photo-state")).to_have_text("belum ada")

    # the photo refused without the e-KTP ticked, its reason next to the checklist
    form = first.locator("#enrol")
    form.get_by_role("button", name="Buka kamera").click()
    form.get_by_role("button", name="Ambil foto").click()
    expect(first.locator("#camera-shot")).to_be_visible()
    form.get_by_role("button", name="Siapkan untuk persetujuan").click()
    expect(first.locator("#enrol")).to_contain_text("Centang dokumen asli yang sudah Anda periksa")

    # the e-KTP seen, the camera again, prepared
    form = first.locator("#enrol")
    first.locator("#f-photo-ektp").check()
    form.get_by_role("button", name="Buka kamera").click()
    form.get_by_role("button", name="Ambil foto").click()
    expect(first.locator("#camera-shot")).to_be_visible()
    form.get_by_role("button", name="Siapkan untuk persetujuan").click()
    expect(first.locator("#status")).to_have_text("Menunggu persetujuan supervisor")
    expect(first.locator("#four-eyes")).to_be_visible()
    expect(first.locator("#originals")).to_have_text("e-KTP")
    expect(first.get_by_text("kamera loket")).to_be_visible()
    photo = first.locator("#prepared-photo")
    expect(photo).to_have_js_property("complete", True)
    assert first.evaluate("document.getElementById('prepared-photo').naturalWidth") > 100

    # four eyes: the one who prepared it cannot approve it
    first.get_by_role("button", name="Setujui").click()
    expect(first.locator("#notice")).to_contain_text("harus disetujui oleh supervisor lain")
    expect(first.locator("#status")).to_have_text("Menunggu persetujuan supervisor")
    uow = services.uow()
    with uow:
        assert uow.participants.reference_face(joko.participant.id) is None

    # another supervisor finds it in the queue and approves
    second = _sign_in(browser, live_server, services, "supervisor2@kantor.jmo.id")
    row = second.locator("#queue tr[data-kind=reference_photo]")
    expect(row).to_have_count(1)
    row.get_by_role("link").click()
    second.get_by_role("button", name="Setujui").click()
    expect(second.locator("#status")).to_have_text("Disetujui")
    timeline = second.locator("#timeline")
    expect(timeline).to_contain_text("supervisor1@kantor.jmo.id")
    expect(timeline).to_contain_text("supervisor2@kantor.jmo.id")
    with uow:
        face = uow.participants.reference_face(joko.participant.id)
    assert face is not None and face.source == "branch"
