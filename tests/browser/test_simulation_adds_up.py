"""Issue 9 item 4: Simulasi JHT's lines add up to its headline; invalid inputs remove the
stale result and get their message beside the field, with the allowed range for "-5"."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import Page, expect

from jmo.usecases.services import Services
from tests.jht_cast import complete_update, enrol_worker, job

from .test_claim_quote_lines import rupiah
from .test_resume_and_step_errors import log_in


def test_the_simulation_adds_up_and_errors_sit_beside_their_fields(
    page: Page, live_server: str, services: Services
) -> None:
    member = enrol_worker(services, employments=(job(date(2012, 1, 1), wage=7_500_000),))
    complete_update(services, member)
    log_in(page, live_server, member)
    page.goto(live_server + "/saldo-jht/simulasi")
    headline = rupiah(page.locator("#projected").inner_text())
    amounts = page.locator("#projection-lines dd:not(.total)")
    expect(amounts).to_have_count(3)
    parts = [rupiah(text) for text in amounts.all_inner_texts()]
    assert sum(parts) == headline, (parts, headline)

    page.get_by_label("Kenaikan upah per tahun (%)").fill("-5")
    page.get_by_label("Usia pensiun (tahun)").fill("abc")
    page.get_by_role("button", name="Hitung Simulasi").click()
    expect(page.locator("#e-wage_growth")).to_have_text("Isi dari 0 sampai 20.")
    expect(page.locator("#e-retirement_age")).to_have_text("Isi dengan angka.")
    expect(page.get_by_label("Kenaikan upah per tahun (%)")).to_have_value("-5")
    expect(page.locator("#result")).to_have_count(0)  # no stale projection above the form
    expect(page.locator("#form-errors")).to_be_visible()
