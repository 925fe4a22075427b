"""Notices about an officer's decision on a borderline face check."""

from jmo.i18n import N_

TEMPLATES: dict[str, tuple[str, str]] = {
    "biometric.review_approved": (
        N_("Verifikasi wajah Anda disetujui"),
        N_(
            "Halo {name}, petugas BPJS Ketenagakerjaan telah memeriksa dan menyetujui "
            "verifikasi wajah Anda. Silakan lanjutkan Pengkinian Data di aplikasi JMO."
        ),
    ),
    "biometric.review_rejected": (
        N_("Verifikasi wajah perlu diulang"),
        N_(
            "Halo {name}, petugas belum dapat memastikan wajah Anda cocok dengan foto acuan. "
            "Silakan ulangi verifikasi wajah di tempat yang terang, atau datang ke kantor "
            "cabang dengan membawa e-KTP."
        ),
    ),
}
