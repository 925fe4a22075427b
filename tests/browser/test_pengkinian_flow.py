"""The fund's own 11 steps, clicked by their visible labels in a phone-sized Chromium."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from jmo.usecases.services import Services
from tests.cast import SELFIES, enrol_member, sent_codes


def test_the_eleven_steps_of_pengkinian_data(
    page: Page, live_server: str, services: Services
) -> None:
    member = enrol_member(services, profile={"npwp": None})

    # 1. open the app
    page.goto(live_server)
    expect(page.get_by_role("heading", name="Masuk ke akun JMO")).to_be_visible()

    # 2. login: a wrong password first, then the right one
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Kata Sandi").fill("salah-sekali-123")
    page.get_by_role("button", name="Login").click()
    expect(page.get_by_text("Email atau kata sandi salah.")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value(member.email)
    page.get_by_label("Kata Sandi").fill(member.password)
    page.get_by_role("button", name="Login").click()

    # 3. the home page with the menus; services are locked until the data update
    for menu in (
        "Kartu Digital",
        "Cek Saldo JHT",
        "Pengajuan & Lacak Klaim JHT",
        "Pengkinian Data",
        "Pengaduan",
    ):
        expect(page.get_by_role("link", name=re.compile(re.escape(menu)))).to_be_visible()
    expect(page.get_by_role("link", name="Cek Saldo JHT (terkunci)")).to_be_visible()

    # 4. a locked service asks for the data update first: the fund's pop-up
    page.get_by_role("link", name="Cek Saldo JHT (terkunci)").click()
    expect(page.get_by_role("dialog")).to_contain_text("Silakan Melanjutkan Proses Pengkinian Data")
    page.get_by_role("button", name="OK, Lanjutkan").click()

    # 5. participant data, read-only, "Sudah"
    expect(page.get_by_role("heading", name="Data Peserta")).to_be_visible()
    for label in (
        "NIK",
        "Nomor Kartu Peserta (KPJ)",
        "Nama Lengkap",
        "Tempat Lahir",
        "Tanggal Lahir",
    ):
        expect(page.get_by_text(label, exact=True)).to_be_visible()
    # before the face check the NIK is masked (issue 8 item 12); the summary at step 10
    # shows it in full
    expect(page.locator("[data-field=nik]")).to_have_text(
        re.compile(re.escape(member.nik[:4]) + r".*\*.*" + re.escape(member.nik[-2:]))
    )
    expect(page.locator("[data-field=nik]")).not_to_have_text(member.nik)
    expect(page.locator("[data-field=birth_date]")).to_have_text("12 Maret 1985")
    page.get_by_role("button", name="Sudah").click()

    # 6. biometric verification: the five tips, a selfie by file upload, then "Selanjutnya"
    expect(page.get_by_role("heading", name="Verifikasi Biometrik")).to_be_visible()
    expect(page.locator("#tips li")).to_have_count(5)
    expect(page.get_by_role("button", name="Selanjutnya")).to_be_disabled()
    page.get_by_label("Atau unggah foto selfie").set_input_files(str(SELFIES / "budi.jpg"))
    page.get_by_role("button", name="Verifikasi Wajah", exact=True).click()
    expect(page.locator("#selfie-result")).to_have_text("Verifikasi wajah berhasil.")
    page.get_by_role("link", name="Selanjutnya").click()

    # 7. contact data: prefilled, NPWP warning, an invalid entry is kept with its message
    expect(page.get_by_role("heading", name="Data Kontak")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value(member.email)
    expect(page.locator("#npwp-warning")).to_contain_text("20%")
    page.get_by_label("Nomor HP").fill("0812-3456-7890")
    page.get_by_label("NPWP").fill("01.312.166.1-091.000")
    page.get_by_label("Nama Bank").select_option(label="BRI (002)")
    page.get_by_label("Nomor Rekening").fill("012301001234567")
    page.get_by_role("button", name="Selanjutnya").click()
    expect(page.locator("#e-npwp")).to_be_visible()
    expect(page.get_by_label("Nomor Rekening")).to_have_value("012301001234567")
    page.get_by_label("NPWP").fill("01.312.166.0-091.000")
    page.get_by_role("button", name="Selanjutnya").click()
    # the new phone number is proven with the code sent to it by SMS (the dev outbox)
    expect(page.get_by_role("heading", name="Verifikasi Kontak")).to_be_visible()
    code_field = page.get_by_label(re.compile("Kode dari SMS"))
    code_field.fill("000000")
    page.get_by_role("button", name="Verifikasi", exact=True).click()
    expect(page.locator("#e-phone_code")).to_contain_text("Kode salah")
    page.get_by_label(re.compile("Kode dari SMS")).fill(sent_codes(services)["phone_code"])
    page.get_by_role("button", name="Verifikasi", exact=True).click()

    # 8. population data with the cascading region lists (HTMX)
    expect(page.get_by_role("heading", name="Data Kependudukan")).to_be_visible()
    # gender and citizenship on file are the officer's to change (docs/policy.md)
    expect(page.locator("#locked-gender")).to_contain_text("Laki-laki")
    page.get_by_label("Nama Ibu Kandung").fill("Sri Wahyuni")
    page.get_by_label("Nomor Kartu Keluarga (KK)").fill("3578010101100001")
    page.get_by_label("Status Hubungan dalam Keluarga").select_option(label="Kepala Keluarga")
    page.get_by_label("Status Perkawinan").select_option(label="Kawin Tercatat")
    expect(page.locator("#locked-citizenship")).to_contain_text("Warga Negara Indonesia")
    page.get_by_label("Alamat (jalan, nomor rumah, dusun)").fill("Jl. Raya Darmo No. 12")
    page.get_by_label("RT (opsional)").fill("3")
    page.get_by_label("RW (opsional)").fill("11")
    page.get_by_label("Provinsi").select_option(label="Jawa Timur")
    expect(
        page.get_by_label("Kabupaten/Kota").locator("option", has_text="Kota Surabaya")
    ).to_have_count(1)
    expect(page.locator(".htmx-added")).to_have_count(0)  # htmx binds new selects on settle
    page.get_by_label("Kabupaten/Kota").select_option(label="Kota Surabaya")
    expect(
        page.get_by_label("Kecamatan").locator("option", has_text="Karang Pilang")
    ).to_have_count(1)
    expect(page.locator(".htmx-added")).to_have_count(0)  # htmx binds new selects on settle
    page.get_by_label("Kecamatan").select_option(label="Karang Pilang")
    expect(page.get_by_label("Kelurahan/Desa").locator("option", has_text="Kebraon")).to_have_count(
        1
    )
    expect(page.locator(".htmx-added")).to_have_count(0)  # htmx binds new selects on settle
    page.get_by_label("Kelurahan/Desa").select_option(label="Kebraon")
    page.get_by_label("Kode Pos").fill("60221")
    page.get_by_role("button", name="Selanjutnya").click()

    # 9. additional data and emergency contact; "back" keeps what was entered
    expect(page.get_by_role("heading", name="Data Tambahan")).to_be_visible()
    page.get_by_role("link", name="Kembali").click()
    expect(page.get_by_label("Nama Ibu Kandung")).to_have_value("Sri Wahyuni")
    expect(page.get_by_label("Kelurahan/Desa")).to_have_value("3578011002")
    page.get_by_role("button", name="Selanjutnya").click()
    page.get_by_label("Pendidikan Terakhir").select_option(label="SLTA/Sederajat")
    page.get_by_label("Golongan Darah").select_option(label="O+")
    page.get_by_label("Agama").select_option(label="Islam")
    page.get_by_label("Nama Lengkap").fill("Sri Wahyuni")
    page.get_by_label("Nomor HP").fill("0812-3456-7890")  # the participant's own number
    page.get_by_label("Hubungan").select_option(label="Orang Tua")
    page.get_by_role("button", name="Selanjutnya").click()
    expect(page.locator("#e-emergency_phone")).to_contain_text("orang lain")
    page.get_by_label("Nomor HP").fill("0857 1111 2222")
    page.get_by_role("button", name="Selanjutnya").click()

    # 10. confirmation: Konfirmasi only explains until the terms are ticked
    expect(page.get_by_role("heading", name="Konfirmasi")).to_be_visible()
    summary = page.locator("#summary")
    expect(summary).to_contain_text(member.nik)
    expect(summary).to_contain_text(member.kpj)
    expect(summary).to_contain_text("Budi Santoso")
    expect(summary).to_contain_text("01.312.166.0-091.000")
    expect(summary).to_contain_text("0812-3456-7890")
    page.get_by_role("button", name="Konfirmasi").click()
    expect(page.locator("#e-terms")).to_contain_text("Centang persetujuan")
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Konfirmasi").click()

    # 11. "Pengkinian data berhasil", "OK, Terima Kasih", and the services are open
    expect(page.get_by_role("dialog")).to_contain_text("Pengkinian data berhasil")
    page.get_by_role("link", name="OK, Terima Kasih").click()
    expect(page.get_by_role("link", name="Cek Saldo JHT", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("terkunci"))).to_have_count(0)
