"""The employer portal in Chromium against the real server: HR signs in with password and
TOTP, uploads a correction CSV with good and bad rows: the report names each bad row and
column (on the page and in the downloadable CSV) and nothing of the file is applied; the
corrected file applies, once (the same file again changes nothing); the identity row
reaches the officers' queue as an employer correction whose signed letter verifies; the
worker reads what the company did in "who accessed my data"."""

from __future__ import annotations

import base64
import re
from pathlib import Path

from playwright.sync_api import Browser, Page, ViewportSize, expect

from jmo.domain.accounts import Role
from jmo.usecases.services import Services
from tests.backoffice.employer_helpers import csv_file, hr_user, worker_elsewhere
from tests.cast import enrol_member
from tests.staff import fresh_code, staff_member

DESKTOP: ViewportSize = {"width": 1280, "height": 800}


def _sign_in(
    browser: Browser, live_server: str, services: Services, prefix: str, email: str
) -> Page:
    page = browser.new_context(viewport=DESKTOP, locale="id-ID").new_page()
    page.goto(live_server + prefix)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata Sandi").fill("correct-horse-battery")
    page.get_by_label("Kode autentikator").fill(fresh_code(services))
    page.get_by_role("button", name="Masuk").click()
    return page


def _street(services: Services, kpj: str) -> str | None:
    uow = services.uow()
    with uow:
        found = uow.participants.get_by_kpj(kpj)
    assert found is not None
    return found.profile.address_street


def test_a_csv_with_bad_rows_applies_nothing_until_clean_then_once(
    page: Page, browser: Browser, live_server: str, services: Services, tmp_path: Path
) -> None:
    first = enrol_member(services, key="csv1", full_name="Slamet Riyadi", face=None)
    second = enrol_member(services, key="csv2", full_name="Sri Rahayu", face=None)
    theirs = worker_elsewhere(services, key="csv3")
    hr_user(services, "hr.csv@perusahaan.co.id")
    staff_member(services, "petugas.csv@kantor.jmo.id", Role.OFFICER, "SBY01")

    hr = _sign_in(browser, live_server, services, "/perusahaan", "hr.csv@perusahaan.co.id")
    expect(hr.get_by_role("heading", name="Pekerja · PT Uji Coba Sejahtera")).to_be_visible()
    expect(hr.get_by_role("link", name=first.kpj)).to_be_visible()
    expect(hr.get_by_role("link", name=theirs.kpj)).to_have_count(0)
    expect(hr.get_by_text("Slamet R.")).to_be_visible()  # masked in the list

    hr.get_by_role("link", name="Koreksi massal (CSV)").click()
    bad = tmp_path / "koreksi.csv"
    bad.write_bytes(
        csv_file(
            [
                {"kpj": first.kpj, "address_street": "Jl. Kenjeran 10"},
                {"kpj": second.kpj, "postal_code": "12", "birth_date": "1985-13-01"},
                {"kpj": theirs.kpj, "education": "SLTA"},
            ]
        )
    )
    hr.get_by_label("Berkas CSV").set_input_files(str(bad))
    hr.get_by_role("button", name="Unggah dan terapkan").click()
    expect(hr.locator("#rejected")).to_contain_text("Tidak ada data yang berubah")
    report = hr.locator("#report tbody tr")
    expect(report).to_have_count(3)
    expect(hr.locator("#report tr[data-line='3'][data-field='postal_code']")).to_contain_text(
        "Kode Pos"
    )
    expect(hr.locator("#report tr[data-line='3'][data-field='birth_date']")).to_be_visible()
    expect(hr.locator("#report tr[data-line='4'][data-field='kpj']")).to_contain_text(
        "bukan pekerja perusahaan Anda"
    )
    link = hr.locator("#report-download").get_attribute("href") or ""
    downloaded = base64.b64decode(link.split("base64,", 1)[1]).decode()
    assert downloaded.splitlines()[0] == "line,field,code,message"
    assert {tuple(line.split(",")[:2]) for line in downloaded.splitlines()[1:]} == {
        ("3", "postal_code"),
        ("3", "birth_date"),
        ("4", "kpj"),
    }
    assert _street(services, first.kpj) is None  # the good row 2 was not applied either

    clean = tmp_path / "koreksi-bersih.csv"
    clean.write_bytes(
        csv_file(
            [
                {"kpj": first.kpj, "address_street": "Jl. Kenjeran 10"},
                {"kpj": second.kpj, "postal_code": "60293", "birth_date": "1985-03-01"},
            ]
        )
    )
    hr.get_by_label("Berkas CSV").set_input_files(str(clean))
    hr.get_by_role("button", name="Unggah dan terapkan").click()
    expect(hr.locator("#applied-count")).to_have_text("2")
    expect(hr.locator("#queued-count")).to_have_text("1")
    expect(hr.locator("#references")).to_have_text(re.compile(r"^[0-9A-F]{8}$"))
    reference = hr.locator("#references").inner_text()
    assert _street(services, first.kpj) == "Jl. Kenjeran 10"

    hr.get_by_label("Berkas CSV").set_input_files(str(clean))
    hr.get_by_role("button", name="Unggah dan terapkan").click()
    expect(hr.locator("#already")).to_contain_text("tidak ada yang diterapkan lagi")
    uow = services.uow()
    with uow:
        requests = uow.change_requests.for_participant(second.participant.id)
    assert len(requests) == 2  # the postal code and the birth date, each once

    # the officer: an employer correction in the queue, its signed letter verified
    officer = _sign_in(browser, live_server, services, "/petugas", "petugas.csv@kantor.jmo.id")
    row = officer.locator("#queue tr[data-kind=employer_correction]")
    expect(row).to_have_count(1)
    expect(row).to_have_attribute("data-ref", reference)
    row.get_by_role("link").click()
    expect(officer.locator("#letter-valid")).to_be_visible()
    expect(officer.locator("#letter")).to_contain_text("PT Uji Coba Sejahtera")
    expect(officer.locator("#diff tr[data-field=birth_date] td.new")).to_have_text("1985-03-01")

    # the worker reads it in words in "who accessed my data"
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill(first.email)
    page.get_by_label("Kata Sandi").fill(first.password)
    page.get_by_role("button", name="Login").click()
    page.goto(live_server + "/akun/riwayat-akses")
    expect(page.get_by_text("Perusahaan Anda memperbarui data Anda")).not_to_have_count(0)
