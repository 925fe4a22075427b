"""Words for appointments (janji temu), shared by the pages and the API: purposes, what
to bring, states. The codes are the domain's (``jmo.domain.backoffice.appointments``); a
test ties the two."""

from __future__ import annotations

from jmo.i18n import N_

PURPOSES: dict[str, str] = {
    "klaim": N_("Penyelesaian klaim JHT di kantor cabang"),
    "koreksi_identitas": N_("Koreksi data identitas (dokumen asli)"),
    "foto_referensi": N_("Perekaman foto acuan wajah"),
    "selfie_gagal": N_("Verifikasi wajah di kantor cabang"),
    "lupa_akun": N_("Pemulihan akun (Lupa akun)"),
}

BRING: dict[str, str] = {
    "booking_code": N_("Kode booking janji temu"),
    "e_ktp": N_("e-KTP asli"),
    "membership_card": N_("Kartu peserta BPJS Ketenagakerjaan (KPJ) atau Kartu Digital"),
    "claim_documents": N_(
        "Dokumen asli yang Anda unggah untuk klaim (misalnya surat keterangan berhenti "
        "bekerja / paklaring)"
    ),
    "bank_book": N_("Buku tabungan rekening penerima"),
    "kartu_keluarga": N_("Kartu Keluarga (KK) asli"),
    "supporting_documents": N_(
        "Dokumen asli yang memuat data yang benar (akta kelahiran, ijazah, atau surat "
        "pengantar perusahaan)"
    ),
}

STATUSES: dict[str, str] = {
    "booked": N_("Terjadwal"),
    "cancelled": N_("Dibatalkan"),
    "arrived": N_("Sudah datang"),
    "done": N_("Selesai"),
    "no_show": N_("Tidak datang"),
}
