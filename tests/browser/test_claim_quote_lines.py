"""Issue 9 item 3: a quote that cannot be filed does not read as recorded, and the gross
of a JHT claim is explained line by line next to Cek Saldo."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import Page, expect

from jmo.usecases.services import Services
from tests.jht_cast import complete_update, enrol_worker, job

from .test_resume_and_step_errors import log_in


def rupiah(text: str) -> int:
    """ "Rp281.197.602" -> 281197602."""
    return int("".join(ch for ch in text if ch.isdigit()))


def test_the_gross_is_cek_saldo_plus_this_years_yield(
    page: Page, live_server: str, services: Services
) -> None:
    member = enrol_worker(services, employments=(job(date(2023, 1, 1), date(2025, 6, 30)),))
    complete_update(services, member)
    log_in(page, live_server, member)
    page.goto(live_server + "/saldo-jht")
    balance = rupiah(page.locator("#total-balance").inner_text())

    page.goto(live_server + "/klaim/jht?alasan=jht.resignation")
    page.get_by_role("button", name="Hitung Klaim").click()
    amounts = page.locator("#amounts dd:not(.total)")
    labels = page.locator("#amounts dt:not(.total)")
    expect(labels.first).to_contain_text("Cek Saldo")
    expect(labels.nth(1)).to_contain_text("Hasil pengembangan tahun 2026")
    posted, this_year = (rupiah(amounts.nth(i).inner_text()) for i in (0, 1))
    assert posted == balance  # the first line is what Cek Saldo shows
    assert this_year > 0
    assert posted + this_year == rupiah(page.locator("#gross").inner_text())
    expect(page.locator("#not-recorded")).to_have_count(0)


def test_a_quote_that_cannot_be_filed_does_not_say_recorded(
    page: Page, live_server: str, services: Services
) -> None:
    member = enrol_worker(services, employments=(job(date(2012, 1, 1), wage=7_500_000),))
    complete_update(services, member)  # still employed, balance above the app's limit
    log_in(page, live_server, member)
    page.goto(live_server + "/klaim/jht?alasan=jht.resignation")
    page.get_by_role("button", name="Hitung Klaim").click()
    expect(page.locator("#problems")).to_contain_text("Klaim belum dapat diajukan")
    expect(page.locator("#not-recorded")).to_contain_text("belum ada yang dicatat")
    expect(page.get_by_text("dicatat, lalu")).to_have_count(0)
    expect(page.get_by_role("button", name="Ajukan Klaim")).to_have_count(0)
