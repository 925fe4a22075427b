"""A JHT claim above Rp15,000,000 end to end in Chromium against the real server: the
participant books an appointment at the branch from the claim's page (code and what to
bring), an officer verifies (the bank cooling-off shown then) and is refused the approval
(four eyes), a supervisor approves; on the day, payment is refused until the officer
marks the appointment done in the day's list, then the claim is paid."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from playwright.sync_api import Browser, Page, expect

from jmo.domain.accounts import Role
from jmo.domain.time import FixedClock
from jmo.usecases.services import Services
from tests.backoffice.test_appointments import claim_of, resigned
from tests.browser.test_backoffice_correction import _staff_page
from tests.staff import staff_member


def test_a_claim_above_the_limit_is_booked_done_at_the_branch_and_paid(
    page: Page, browser: Browser, live_server: str, services: Services, clock: FixedClock
) -> None:
    member, actor = resigned(services)  # Rp68.4 million; the update changed the bank account
    claim = claim_of(services, actor)
    staff_member(services, "petugas@kantor.jmo.id", Role.OFFICER, "SBY01")
    staff_member(services, "supervisor@kantor.jmo.id", Role.SUPERVISOR, "SBY01")

    def participant_login() -> None:
        page.goto(live_server + "/login")
        page.get_by_label("Email").fill(member.email)
        page.get_by_label("Kata Sandi").fill(member.password)
        page.get_by_role("button", name="Login").click()
        expect(page).not_to_have_url(re.compile(r"/login"))

    # the participant, on a phone: the claim goes to a branch; book from its page
    participant_login()
    page.goto(f"{live_server}/klaim/lacak/{claim.id}")
    page.get_by_role("link", name="Buat janji temu di kantor cabang").click()
    expect(page.locator("#purpose")).to_contain_text(claim.number)
    expect(page.locator("#bring")).to_contain_text("e-KTP asli")
    # a day after the 7-day hold on the new bank account, so it can be paid that day
    later = next(
        d
        for d in page.locator("#f-day option").evaluate_all("os => os.map(o => o.value)")
        if date.fromisoformat(d) >= date(2026, 12, 3)
    )
    page.get_by_label("Tanggal").select_option(later)
    page.get_by_role("button", name="Lihat jam tersedia").click()
    slot = page.locator("#slots label").filter(has_text="09:00 WIB")
    expect(slot).to_contain_text("4 tempat tersisa")
    slot.locator("input").check()
    page.get_by_role("button", name="Buat janji temu").click()
    expect(page.locator("#booking-code")).to_have_text(re.compile(r"JT-[A-Z2-9]{6}"))
    code = page.locator("#booking-code").inner_text().strip()
    expect(page.locator("#when")).to_contain_text("09:00 WIB")
    expect(page.locator("#bring")).to_contain_text("Buku tabungan rekening penerima")

    # the officer verifies: the bank cooling-off is shown now, not at payment
    officer = _staff_page(browser, live_server, services, "petugas@kantor.jmo.id")
    officer.goto(f"{live_server}/petugas/klaim/{claim.id}")
    expect(officer.locator("#bank-hold")).to_be_visible()
    expect(officer.locator("#claim-appointments")).to_contain_text(code)
    officer.get_by_role("button", name="Verifikasi dokumen").click()
    expect(officer.locator("#status")).to_have_text("Diverifikasi")
    # four eyes: the officer who verified cannot approve
    expect(officer.locator("#four-eyes-you")).to_be_visible()
    officer.get_by_role("button", name="Setujui klaim").click()
    expect(officer.locator("#notice")).to_contain_text("Empat mata")
    expect(officer.locator("#status")).to_have_text("Diverifikasi")

    supervisor = _staff_page(browser, live_server, services, "supervisor@kantor.jmo.id")
    supervisor.goto(f"{live_server}/petugas/klaim/{claim.id}")
    supervisor.get_by_role("button", name="Setujui klaim").click()
    expect(supervisor.locator("#status")).to_have_text("Disetujui")
    expect(supervisor.locator("#timeline")).to_contain_text("petugas@kantor.jmo.id")
    expect(supervisor.locator("#timeline")).to_contain_text("supervisor@kantor.jmo.id")

    # the day of the appointment, 08.30 WIB: a new session at the counter
    day = date.fromisoformat(later)
    clock.advance(datetime(day.year, day.month, day.day, 1, 30, tzinfo=UTC) - clock.now())
    desk = _staff_page(browser, live_server, services, "petugas@kantor.jmo.id")
    desk.goto(f"{live_server}/petugas/klaim/{claim.id}")
    desk.get_by_role("button", name="Bayar klaim").click()  # before the appointment: refused
    expect(desk.locator("#notice")).to_contain_text("janji temu sudah dilakukan")
    expect(desk.locator("#status")).to_have_text("Disetujui")

    desk.get_by_role("link", name="Janji temu hari ini").click()
    row = desk.locator(f"#appointments tr[data-code='{code}']")
    expect(row).to_contain_text(claim.number)
    expect(row).to_contain_text("09:00 WIB")
    row.get_by_role("button", name="Datang", exact=True).click()
    row = desk.locator(f"#appointments tr[data-code='{code}']")
    expect(row.locator(".status")).to_have_text("Sudah datang")
    row.get_by_role("button", name="Selesai", exact=True).click()
    expect(desk.locator(f"#appointments tr[data-code='{code}'] .status")).to_have_text("Selesai")

    desk.locator(f"#appointments tr[data-code='{code}']").get_by_role(
        "link", name=claim.number
    ).click()
    expect(desk.locator("#timeline [data-step=appointment_done]")).to_contain_text("SBY01")
    desk.get_by_label("Nomor referensi transfer").fill("TRF-20261203-01")
    desk.get_by_role("button", name="Bayar klaim").click()
    expect(desk.locator("#status")).to_have_text("Dibayarkan")

    # the participant (a new session, days later): the appointment is done
    participant_login()
    page.goto(live_server + "/janji-temu")
    expect(page.locator(f"#appointments [data-code='{code}']")).to_contain_text("Selesai")
