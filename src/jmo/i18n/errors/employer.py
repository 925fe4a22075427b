"""Messages of the employer portal (/perusahaan): the correction file, its rows,
resignations and new workers."""

from __future__ import annotations

from jmo.i18n import N_

MESSAGES: dict[str, str] = {
    "auth.employer_only": N_("Hanya HR perusahaan yang dapat membuka portal perusahaan."),
    "employer.not_found": N_("Perusahaan akun ini tidak terdaftar."),
    "worker.not_found": N_("Pekerja tidak ditemukan."),
    "employer.file_too_large": N_("Berkas terlalu besar (maksimal {max_kb} KB)."),
    "employer.file_encoding": N_("Simpan berkas sebagai CSV UTF-8."),
    "employer.file_format": N_("Berkas ini bukan CSV yang dapat dibaca."),
    "employer.file_empty": N_("Berkas tidak berisi baris data."),
    "employer.file_columns": N_(
        "Kolom tidak dikenal atau kurang ({columns}). Pakai templat yang dapat diunduh."
    ),
    "employer.file_too_many_rows": N_("Paling banyak {max} baris per berkas."),
    "employer.kpj_twice": N_("KPJ ini sudah ada di baris lain berkas yang sama."),
    "employer.not_a_worker": N_("KPJ ini bukan pekerja perusahaan Anda."),
    "employer.row_empty": N_("Isi minimal satu data yang dikoreksi."),
    "employer.correction_open": N_(
        "Koreksi data identitas pekerja ini masih diproses petugas. Tunggu sampai selesai."
    ),
    "employer.end_before_start": N_(
        "Tanggal berhenti tidak boleh sebelum mulai bekerja ({start})."
    ),
    "employer.end_in_future": N_("Tanggal berhenti tidak boleh di masa depan."),
    "employer.already_ended": N_("Pekerja ini sudah tercatat berhenti bekerja."),
    "employer.already_a_worker": N_("Orang dengan NIK ini sudah tercatat sebagai pekerja Anda."),
}
