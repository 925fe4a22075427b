"""Issue 9 item 9, the smaller ones a participant meets in the browser."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from playwright.sync_api import Page, expect

from jmo.app import create_app
from jmo.bootstrap import Runtime
from jmo.settings import Settings
from jmo.usecases.services import Services
from tests.cast import complete_pengkinian, enrol_member
from tests.conftest import serving
from tests.jht_cast import complete_update, enrol_worker, job, pdf_bytes, png_bytes

from .test_resume_and_step_errors import log_in


def test_an_unknown_address_is_a_page_not_json(page: Page, live_server: str) -> None:
    answer = page.goto(live_server + "/tidak-ada")
    assert answer is not None and answer.status == 404
    assert answer.headers["content-type"].startswith("text/html")
    expect(page.get_by_role("heading", name="Halaman tidak ditemukan")).to_be_visible()
    expect(page.get_by_role("link", name="Kembali ke Beranda")).to_be_visible()
    # the API keeps its JSON
    api = page.request.get(live_server + "/api/v1/tidak-ada")
    assert api.status == 404 and api.headers["content-type"].startswith("application/json")


def test_the_pengkinian_tile_after_the_update_offers_a_new_one(
    page: Page, live_server: str, services: Services
) -> None:
    member = enrol_member(services)
    complete_pengkinian(services, member)
    log_in(page, live_server, member)
    page.get_by_role("link", name=re.compile("Pengkinian Data")).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Perbarui Data Anda")
    expect(dialog).to_contain_text("sudah terkini")
    expect(dialog).not_to_contain_text("Silakan Melanjutkan")


def test_files_chosen_before_a_validation_error_are_named_to_choose_again(
    page: Page, live_server: str, services: Services, tmp_path: Path
) -> None:
    member = enrol_worker(services, employments=(job(date(2023, 1, 1), date(2025, 6, 30)),))
    complete_update(services, member)
    pdf, png = tmp_path / "kk.pdf", tmp_path / "ktp.png"
    pdf.write_bytes(pdf_bytes())
    png.write_bytes(png_bytes())
    log_in(page, live_server, member)
    page.goto(live_server + "/klaim/jht?alasan=jht.resignation")
    page.get_by_role("button", name="Hitung Klaim").click()
    page.get_by_label("e-KTP").set_input_files(str(png))
    page.get_by_label("Kartu Keluarga (KK)").set_input_files(str(pdf))
    page.get_by_role("button", name="Ajukan Klaim").click()
    expect(page.locator("#e-resignation_letter")).to_be_visible()
    expect(page.locator("#choose-again")).to_contain_text("Pilih lagi")
    expect(page.locator("#c-e_ktp")).to_contain_text("ktp.png")
    expect(page.locator("#c-kartu_keluarga")).to_contain_text("kk.pdf")


def test_a_jp_date_is_written_like_every_other_date(
    page: Page, live_server: str, services: Services
) -> None:
    member = enrol_worker(services, employments=(job(date(2010, 1, 1)),))  # born 12-03-1985
    complete_update(services, member)
    log_in(page, live_server, member)
    page.goto(live_server + "/klaim/jp")
    page.get_by_role("button", name="Lanjutkan").click()
    page.get_by_role("button", name="Hitung Klaim").click()
    problems = page.locator("#problems")
    expect(problems).to_contain_text(re.compile(r"\b12 Maret 20\d\d\b"))
    expect(problems).not_to_contain_text(re.compile(r"\d\d-\d\d-\d{4}"))


def test_in_development_the_card_links_to_the_server_the_browser_reached(
    page: Page, settings: Settings, runtime: Runtime, services: Services
) -> None:
    member = enrol_member(services)
    complete_pengkinian(services, member)
    development = settings.model_copy(update={"environment": "development"})
    served = serving(create_app(development, runtime))
    base = next(served)
    try:
        assert not services.policy.public_url.startswith(base)  # another address configured
        log_in(page, base, member)
        page.goto(base + "/kartu-digital")
        link = page.locator("#verify-link")
        expect(link).to_have_attribute("href", re.compile("^" + re.escape(base) + "/verify/"))
        link.click()
        expect(page.locator("#verdict")).to_contain_text("Kartu sah")
    finally:
        served.close()


def test_elsewhere_the_card_links_to_the_configured_public_address(
    page: Page, live_server: str, services: Services
) -> None:
    member = enrol_member(services)
    complete_pengkinian(services, member)
    log_in(page, live_server, member)
    page.goto(live_server + "/kartu-digital")
    expect(page.locator("#verify-link")).to_have_attribute(
        "href", re.compile("^" + re.escape(services.policy.public_url) + "/verify/")
    )
