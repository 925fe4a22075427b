"""Notices of requests worked in the back office (identity corrections, the counter)."""

from __future__ import annotations

from jmo.i18n import N_

TEMPLATES: dict[str, tuple[str, str]] = {
    "correction.documents_requested": (
        N_("Dokumen diperlukan untuk permintaan {reference}"),
        N_(
            "Halo {name}, petugas memerlukan dokumen untuk permintaan koreksi data {reference}: "
            "{reason} Unggah dokumennya di aplikasi JMO (Akun > Permintaan data)."
        ),
    ),
    "correction.documents_received": (
        N_("Dokumen permintaan {reference} diterima"),
        N_(
            "Halo {name}, dokumen untuk permintaan koreksi data {reference} sudah kami terima "
            "dan sedang diperiksa petugas."
        ),
    ),
    "correction.approved": (
        N_("Koreksi data {reference} disetujui"),
        N_(
            "Halo {name}, permintaan koreksi data {reference} disetujui. Data identitas Anda "
            "sudah diperbarui; lihat di aplikasi JMO."
        ),
    ),
    "correction.rejected": (
        N_("Koreksi data {reference} ditolak"),
        N_("Halo {name}, permintaan koreksi data {reference} ditolak: {reason}"),
    ),
    "reference_photo.enrolled": (
        N_("Foto rujukan wajah Anda terdaftar"),
        N_(
            "Halo {name}, foto rujukan wajah Anda yang diambil di kantor cabang sudah "
            "didaftarkan ({reference}). Sekarang Anda dapat memakai verifikasi wajah di "
            'aplikasi JMO. Bukan Anda? Hubungi kantor cabang atau tekan "Bukan saya".'
        ),
    ),
    "reference_photo.rejected": (
        N_("Foto rujukan wajah {reference} tidak didaftarkan"),
        N_("Halo {name}, foto rujukan wajah {reference} tidak didaftarkan: {reason}"),
    ),
    "bank_change.held": (
        N_("Perubahan rekening {reference} diperiksa petugas"),
        N_(
            "Halo {name}, data Anda diperbarui, tetapi rekening bank baru untuk pembayaran "
            "manfaat ({reference}) baru berlaku setelah diperiksa dua petugas, karena nomor "
            'HP, email atau rekening Anda baru saja diganti. Bukan Anda? Tekan "Bukan saya" '
            "di aplikasi JMO atau hubungi kantor cabang."
        ),
    ),
    "bank_change.approved": (
        N_("Perubahan rekening {reference} disetujui"),
        N_(
            "Halo {name}, perubahan rekening bank untuk pembayaran manfaat ({reference}) "
            "disetujui setelah diperiksa dua petugas."
        ),
    ),
    "bank_change.rejected": (
        N_("Perubahan rekening {reference} ditolak"),
        N_("Halo {name}, perubahan rekening bank {reference} ditolak: {reason}"),
    ),
}
