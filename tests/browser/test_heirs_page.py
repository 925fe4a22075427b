"""Heirs (issue 12): the participant records heirs on /akun/ahli-waris; they are shown in
the rule's order (docs/domain-rules.md §6) whatever order they were typed in, with the NIK
masked, and a wrong entry gets its message beside the field."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from jmo.usecases.services import Services
from tests.cast import enrol_member

from .test_resume_and_step_errors import log_in


def test_heirs_are_recorded_and_shown_in_the_rules_order(
    page: Page, live_server: str, services: Services
) -> None:
    member = enrol_member(services)
    sister = enrol_member(services, key="sari", account=False)
    son = enrol_member(services, key="agus", account=False)
    log_in(page, live_server, member)
    page.goto(live_server + "/akun")
    page.get_by_role("link", name="Ahli waris").click()
    expect(page.get_by_role("heading", name="Ahli waris", exact=True)).to_be_visible()
    expect(page.locator("#no-heirs")).to_be_visible()

    # a sibling first (group c), then a child (group a)
    page.get_by_label("Hubungan dengan Anda").select_option("sibling")
    page.get_by_label("Nama lengkap (sesuai e-KTP/KK)").fill("Sari Wulandari")
    page.get_by_label("NIK ahli waris").fill(sister.nik)
    page.get_by_role("button", name="Simpan ahli waris").click()
    expect(page.locator("#heir-added")).to_be_visible()

    # a NIK that is not one: the message beside the field, the name kept
    page.get_by_label("Hubungan dengan Anda").select_option("child")
    page.get_by_label("Nama lengkap (sesuai e-KTP/KK)").fill("Agus Salim")
    page.get_by_label("NIK ahli waris").fill("12345")
    page.get_by_role("button", name="Simpan ahli waris").click()
    expect(page.locator("#e-nik")).to_be_visible()
    expect(page.get_by_label("Nama lengkap (sesuai e-KTP/KK)")).to_have_value("Agus Salim")

    page.get_by_label("NIK ahli waris").fill(son.nik)
    page.get_by_role("button", name="Simpan ahli waris").click()
    expect(page.locator("#heir-added")).to_be_visible()

    heirs = page.locator("#heir-list li.heir")
    expect(heirs).to_have_count(2)
    expect(heirs.nth(0)).to_contain_text("a. Anak")
    expect(heirs.nth(0)).to_contain_text("Agus Salim")
    expect(heirs.nth(1)).to_contain_text("c. Saudara kandung")
    expect(page.locator("#heir-list")).not_to_contain_text(son.nik)
    expect(heirs.nth(0)).to_contain_text(son.nik[-2:])

    page.get_by_role("button", name="Hapus ahli waris Sari Wulandari").click()
    expect(page.locator("#heir-list li.heir")).to_have_count(1)
