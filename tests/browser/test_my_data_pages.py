"""Issue 9 item 7: "who accessed my data" in words in both languages; the export holds the
claims and complaints too."""

from __future__ import annotations

import json
from datetime import date

from playwright.sync_api import Page, expect

from jmo.domain.claims.model import ClaimProgram, ClaimReason
from jmo.usecases.claims.submit import submit_claim
from jmo.usecases.complaints.tickets import submit_complaint
from jmo.usecases.services import Services
from tests.jht_cast import complete_update, enrol_worker, job, uploads_for
from tests.services.helpers import tools

from .test_resume_and_step_errors import log_in


def test_the_access_log_reads_in_words_and_the_export_has_claims_and_complaints(
    page: Page, live_server: str, services: Services
) -> None:
    member = enrol_worker(services, employments=(job(date(2023, 1, 1), date(2025, 6, 30)),))
    actor = complete_update(services, member)
    claim = submit_claim(
        services.uow(),
        actor,
        ClaimProgram.JHT,
        {"reason": "jht.resignation"},
        uploads_for(ClaimReason.JHT_RESIGNATION),
        benefits=services.benefits,
        notices=services.notices,
        inspector=services.attachments,
        policy=services.policy,
        now=services.clock.now(),
    )
    submit_complaint(
        services.uow(),
        actor,
        category="klaim",
        description="Klaim JHT saya belum cair padahal sudah 10 hari kerja.",
        uploads=[],
        tools=tools(services),
        now=services.clock.now(),
    )
    log_in(page, live_server, member)
    page.goto(live_server + "/akun/riwayat-akses")
    log = page.locator("#access-log")
    expect(log).to_contain_text("Masuk ke akun")
    expect(log).to_contain_text("oleh Anda, melalui aplikasi JMO")
    expect(log).to_contain_text("Klaim diajukan")
    expect(log).to_contain_text("Pengaduan diajukan")
    expect(log).not_to_contain_text("account.logged_in")
    expect(log).not_to_contain_text("participant · app")

    page.goto(live_server + "/bahasa/en?next=/akun/riwayat-akses")
    expect(log).to_contain_text("Signed in")
    expect(log).to_contain_text("by You, through the JMO app")
    expect(log).not_to_contain_text("account.logged_in")

    exported = page.request.get(live_server + "/akun/data-saya.json")
    assert exported.ok
    data = json.loads(exported.body())
    assert [c["number"] for c in data["claims"]] == [claim.number]
    assert data["claims"][0]["documents"] and "data" not in data["claims"][0]["documents"][0]
    assert claim.bank_account not in json.dumps(data["claims"])  # masked, as on the page
    assert [c["category"] for c in data["complaints"]] == ["klaim"]
    assert data["complaints"][0]["description"].startswith("Klaim JHT saya")
