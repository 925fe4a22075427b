"""Notice texts of Pengaduan. They name the ticket and what to do, never its content:
messages may hold personal data, so people read them in the app after logging in."""

from __future__ import annotations

from jmo.i18n import N_

TEMPLATES: dict[str, tuple[str, str]] = {
    "complaint.received": (
        N_("Pengaduan {reference} kami terima"),
        N_(
            "Halo {name}, pengaduan Anda telah kami terima dengan nomor {reference}. Kami "
            "menanganinya paling lambat {due_at}. Perkembangannya dapat Anda lihat di menu "
            "Pengaduan aplikasi JMO."
        ),
    ),
    "complaint.replied": (
        N_("Balasan untuk pengaduan {reference}"),
        N_(
            "Halo {name}, petugas BPJS Ketenagakerjaan telah membalas pengaduan {reference}. "
            "Buka menu Pengaduan di aplikasi JMO untuk membacanya."
        ),
    ),
    "complaint.waiting": (
        N_("Pengaduan {reference} menunggu tanggapan Anda"),
        N_(
            "Halo {name}, petugas membutuhkan informasi tambahan untuk pengaduan {reference}. "
            "Balas melalui menu Pengaduan di aplikasi JMO agar dapat kami lanjutkan."
        ),
    ),
    "complaint.resolved": (
        N_("Pengaduan {reference} telah diselesaikan"),
        N_(
            "Halo {name}, pengaduan {reference} telah diselesaikan. Mohon periksa jawabannya "
            "di menu Pengaduan aplikasi JMO, lalu tutup pengaduan dan beri penilaian, atau "
            "sampaikan bila masalah belum selesai."
        ),
    ),
}
