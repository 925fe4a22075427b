"""Notice texts of Cek Saldo JHT and the claims (one per step of Lacak Klaim)."""

from __future__ import annotations

from jmo.i18n import N_

TEMPLATES: dict[str, tuple[str, str]] = {
    "claim.submitted": (
        N_("Klaim {program} Anda telah diterima"),
        N_(
            "Halo {name}, pengajuan klaim {program} Anda telah kami terima dengan nomor "
            "{number}. Pantau prosesnya di menu Lacak Klaim. BPJS Ketenagakerjaan tidak "
            "memungut biaya apa pun untuk klaim; waspadai calo."
        ),
    ),
    "claim.verified": (
        N_("Dokumen klaim {number} telah diverifikasi"),
        N_(
            "Halo {name}, dokumen klaim {program} nomor {number} telah diverifikasi petugas "
            "dan klaim Anda sedang menunggu persetujuan."
        ),
    ),
    "claim.approved": (
        N_("Klaim {number} disetujui"),
        N_(
            "Halo {name}, klaim {program} nomor {number} telah disetujui dan akan dibayarkan "
            "ke rekening yang terdaftar sebesar {amount}."
        ),
    ),
    "claim.paid": (
        N_("Klaim {number} telah dibayarkan"),
        N_(
            "Halo {name}, klaim {program} nomor {number} telah dibayarkan sebesar {amount} ke "
            "rekening yang terdaftar. Terima kasih."
        ),
    ),
    "claim.rejected.documents_incomplete": (
        N_("Klaim {number} ditolak"),
        N_(
            "Halo {name}, klaim {program} nomor {number} ditolak: dokumen belum lengkap. Rinciannya ada di menu Lacak Klaim aplikasi JMO."
        ),
    ),
    "claim.rejected.documents_invalid": (
        N_("Klaim {number} ditolak"),
        N_(
            "Halo {name}, klaim {program} nomor {number} ditolak: dokumen tidak sah atau "
            "tidak terbaca. Rinciannya ada di menu Lacak Klaim aplikasi JMO."
        ),
    ),
    "claim.rejected.not_eligible": (
        N_("Klaim {number} ditolak"),
        N_(
            "Halo {name}, klaim {program} nomor {number} ditolak: persyaratan klaim belum "
            "terpenuhi. Rinciannya ada di menu Lacak Klaim aplikasi JMO."
        ),
    ),
    "claim.rejected.data_mismatch": (
        N_("Klaim {number} ditolak"),
        N_(
            "Halo {name}, klaim {program} nomor {number} ditolak: data pada dokumen tidak "
            "sesuai dengan data kepesertaan. Rinciannya ada di menu Lacak Klaim aplikasi JMO."
        ),
    ),
    "claim.rejected.other": (
        N_("Klaim {number} ditolak"),
        N_(
            "Halo {name}, klaim {program} nomor {number} ditolak oleh petugas. Rinciannya ada di menu Lacak Klaim aplikasi JMO."
        ),
    ),
    "jht.kpj_merge_requested": (
        N_("Permintaan penggabungan saldo JHT"),
        N_(
            "Halo {name}, permintaan penggabungan nomor KPJ Anda telah dicatat (nomor "
            "referensi {reference}). Petugas akan menghubungi Anda; siapkan e-KTP."
        ),
    ),
}
