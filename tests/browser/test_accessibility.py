"""axe-core (the npm package 4.14.1, MPL-2.0, vendored in tests/browser/vendor/axe-core so
the suite needs no network) scans every participant page at 390x844 and 1280x800, in
Indonesian and English: no critical or serious violation of WCAG 2.0-2.2 A/AA (issue 12)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, expect

from jmo.usecases.services import Services
from tests.services.helpers import current_member

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
ANONYMOUS_PAGES = [
    "/login",
    "/lupa-kata-sandi",
    "/syarat-dan-ketentuan",
    "/verify/not-a-card-token",
    "/verify",
    "/verify?kode=not.a.receipt",
    "/halaman-yang-tidak-ada",
]
PARTICIPANT_PAGES = [
    "/beranda",
    "/pengkinian",
    "/saldo-jht",
    "/saldo-jht/simulasi",
    "/kartu-digital",
    "/klaim",
    "/klaim/baru",
    "/pengaduan",
    "/pengaduan/baru",
    "/akun",
    "/akun/riwayat-akses",
    "/janji-temu",
    "/janji-temu/baru?keperluan=foto_referensi",
    "/akun/ahli-waris",
    "/akun/pembekuan",
    "/akun/kunci-klaim",
    "/riwayat",
    "/riwayat?jenis=nope&dari=2026-13-01",
    "/riwayat/PD-2026-000001",  # the member's data update (a clean database, 2026)
    "/riwayat/perubahan-data",
]
RUN = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
  });
  return result.violations
    .filter(v => v.impact === 'critical' || v.impact === 'serious')
    .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


def _scan(page: Page, url: str) -> list[dict[str, Any]]:
    page.goto(url)
    page.add_script_tag(content=AXE)
    found: list[dict[str, Any]] = page.evaluate(RUN)
    return found


def _login(page: Page, live_server: str, email: str, password: str) -> None:
    page.goto(live_server + "/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").first.click()
    expect(page).to_have_url(live_server + "/beranda")


def test_no_serious_accessibility_violations_on_participant_pages(
    browser: Browser, live_server: str, services: Services
) -> None:
    member, _ = current_member(services)
    problems: list[str] = []
    scans = 0
    for viewport_name, viewport in VIEWPORTS.items():
        for language in ("id", "en"):
            # bypass_csp: the page's CSP (rightly) refuses the injected scanner
            context = browser.new_context(viewport=viewport, locale="id-ID", bypass_csp=True)  # type: ignore[arg-type]
            page = context.new_page()
            page.set_default_timeout(15_000)
            page.goto(f"{live_server}/bahasa/{language}?next=/login")
            for path in ANONYMOUS_PAGES:
                for violation in _scan(page, live_server + path):
                    problems.append(f"{viewport_name} {language} {path}: {violation}")
                scans += 1
            _login(page, live_server, member.email, member.password)
            for path in PARTICIPANT_PAGES:
                for violation in _scan(page, live_server + path):
                    problems.append(f"{viewport_name} {language} {path}: {violation}")
                scans += 1
            context.close()
    assert scans == 2 * 2 * (len(ANONYMOUS_PAGES) + len(PARTICIPANT_PAGES))
    assert problems == [], "\n".join(problems)
