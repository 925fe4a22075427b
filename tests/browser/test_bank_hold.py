"""Issue 9 item 2: the hold on payouts to a new bank account is said where it matters: when
changing the account, and on the claim pages before filing."""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import Page, expect

from jmo.usecases.services import Services
from tests.cast import enrol_member, walk_to_confirm
from tests.jht_cast import complete_update, enrol_worker, job

from .test_resume_and_step_errors import log_in

HOLD_ENDS = "2 Desember 2026"  # the tests' clock (25 November 2026) plus 7 days


def test_changing_the_bank_account_says_how_long_payouts_wait(
    page: Page, live_server: str, services: Services
) -> None:
    member = enrol_member(services)
    walk_to_confirm(services, member)  # BCA -> BRI
    log_in(page, live_server, member)
    page.goto(live_server + "/pengkinian/kontak")
    expect(page.locator("#bank-hold-note")).to_contain_text("7 hari")
    page.goto(live_server + "/pengkinian/konfirmasi")
    expect(page.locator("#bank-hold")).to_contain_text(HOLD_ENDS)


def test_the_claim_pages_say_the_new_account_is_on_hold(
    page: Page, live_server: str, services: Services
) -> None:
    member = enrol_worker(services, employments=(job(date(2023, 1, 1), date(2025, 6, 30)),))
    complete_update(services, member)  # the payout account changed today
    log_in(page, live_server, member)
    page.get_by_role("link", name="Pengajuan & Lacak Klaim JHT").click()
    expect(page.locator("#payout-hold")).to_contain_text(re.compile(HOLD_ENDS + r" \d\d:\d\d"))
    page.get_by_label("Mengundurkan diri").check()
    page.get_by_role("button", name="Lanjutkan").click()
    page.get_by_role("button", name="Hitung Klaim").click()
    expect(page.locator("#payout-hold")).to_contain_text(HOLD_ENDS)
    # the hold does not stop the filing, only the payment
    expect(page.get_by_role("button", name="Ajukan Klaim")).to_be_visible()
