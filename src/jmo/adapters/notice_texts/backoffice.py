"""Notices of requests worked in the back office (identity corrections)."""

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
}
