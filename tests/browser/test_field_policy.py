"""Issue 12, the per-field change policy in the wizard: citizenship (kept for an officer)
is shown read-only with the reason; a changed value forced into the form is refused beside
the field; "Ajukan perubahan ke petugas" records a request for an officer and offers the
way forward (a branch appointment, a help ticket) while it is open."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from jmo.usecases.services import Services
from tests.cast import enrol_member, walk_to_confirm

from .conftest import PHONE
from .test_accessibility import AXE, RUN, _scan
from .test_resume_and_step_errors import continue_pengkinian, log_in


def test_the_wizard_refuses_a_field_the_app_may_not_change_and_routes_it_to_an_officer(
    page: Page, live_server: str, services: Services
) -> None:
    member = enrol_member(services)
    walk_to_confirm(services, member)
    log_in(page, live_server, member)
    page.goto(live_server + "/pengkinian/kependudukan")
    locked = page.locator("#locked-citizenship")
    expect(locked).to_contain_text("Kewarganegaraan")
    expect(locked).to_contain_text("diperiksa petugas dengan KK dan e-KTP")
    expect(page.locator("select#f-citizenship")).to_have_count(0)

    # a value forced into the form (as a tampered client would) is refused beside the field
    page.locator('#locked-citizenship input[name="citizenship"]').evaluate(
        "el => { el.value = 'WNA'; }"
    )
    page.get_by_role("button", name="Selanjutnya").click()
    expect(page.locator("#e-citizenship")).to_contain_text("tidak dapat diubah lewat aplikasi")
    expect(page).to_have_url(re.compile(r"/pengkinian/kependudukan$"))

    # the way to ask: the request for an officer, with that field ticked
    page.locator("#ask-citizenship").click()
    expect(page).to_have_url(re.compile(r"/pengkinian/identitas/koreksi\?field=citizenship$"))
    expect(page.get_by_label("Kewarganegaraan")).to_be_checked()
    page.get_by_role("button", name="Catat Permintaan Koreksi").click()
    expect(page.get_by_role("status").first).to_contain_text("nomor referensi")
    appointment = page.get_by_role("link", name="Buat Janji Temu di Kantor Cabang")
    expect(appointment).to_have_attribute(
        "href", re.compile(r"^/janji-temu/baru\?keperluan=koreksi_identitas&rujukan=\w+$")
    )
    page.get_by_role("link", name="Minta Bantuan").click()
    expect(page.get_by_label("Kategori")).to_have_value("data-peserta")
    expect(page.get_by_label("Uraian pengaduan")).to_have_value(re.compile("Nomor referensi"))


def test_the_read_only_fields_and_the_way_forward_pass_the_accessibility_scan(
    browser: Browser, live_server: str, services: Services
) -> None:
    """The pages this issue adds to: axe-core finds nothing serious (as test_accessibility)."""
    member = enrol_member(services)
    walk_to_confirm(services, member)
    blocked = enrol_member(services, key="joko", face=None)
    context = browser.new_context(viewport=PHONE, locale="id-ID", bypass_csp=True)
    page = context.new_page()
    problems: list[str] = []
    try:
        log_in(page, live_server, member)
        for path in ("/pengkinian/kependudukan", "/pengkinian/identitas/koreksi?field=gender"):
            problems += [f"{path}: {v}" for v in _scan(page, live_server + path)]
        page.get_by_role("button", name="Catat Permintaan Koreksi").click()
        expect(page.locator("#way-identity_correction_open")).to_be_visible()
        page.add_script_tag(content=AXE)
        problems += [f"correction done: {v}" for v in page.evaluate(RUN)]
        page.context.clear_cookies()
        log_in(page, live_server, blocked)
        continue_pengkinian(page)
        page.get_by_role("button", name="Sudah").click()
        expect(page.locator("#way-no_reference_photo")).to_be_visible()
        page.add_script_tag(content=AXE)
        problems += [f"no reference photo: {v}" for v in page.evaluate(RUN)]
    finally:
        context.close()
    assert problems == [], "\n".join(problems)
