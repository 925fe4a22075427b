"""Notices of what a participant's employer did through the employer portal."""

from __future__ import annotations

from jmo.i18n import N_

TEMPLATES: dict[str, tuple[str, str]] = {
    "employer.data_updated": (
        N_("Data Anda diperbarui oleh {company}"),
        N_(
            "Halo {name}, {company} memperbarui data Anda di BPJS Ketenagakerjaan. Lihat "
            "perubahannya di aplikasi JMO (Akun > Riwayat akses data). Bila ini tidak benar, "
            "hubungi HR perusahaan Anda atau kantor cabang."
        ),
    ),
    "employer.correction_filed": (
        N_("Koreksi data {reference} diajukan oleh {company}"),
        N_(
            "Halo {name}, {company} mengajukan koreksi data identitas Anda ({reference}) dengan "
            "surat pengantar digital. Petugas BPJS Ketenagakerjaan akan memeriksanya; Anda "
            "mendapat kabar setiap kali statusnya berubah."
        ),
    ),
    "employer.resignation_recorded": (
        N_("{company} mencatat Anda berhenti bekerja"),
        N_(
            "Halo {name}, {company} mencatat tanggal Anda berhenti bekerja. Saldo JHT dapat "
            "diklaim satu bulan setelahnya; lihat di aplikasi JMO."
        ),
    ),
    "employer.worker_registered": (
        N_("{company} mendaftarkan Anda sebagai pekerja"),
        N_(
            "Halo {name}, {company} mendaftarkan Anda sebagai pekerjanya di BPJS "
            "Ketenagakerjaan. Iuran dari perusahaan ini akan tercatat pada KPJ Anda."
        ),
    ),
}
