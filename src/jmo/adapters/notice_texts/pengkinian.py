"""Notice texts of Pengkinian Data."""

from __future__ import annotations

from jmo.i18n import N_

TEMPLATES: dict[str, tuple[str, str]] = {
    "pengkinian.applied": (
        N_("Pengkinian data berhasil"),
        N_(
            "Halo {name}, data kepesertaan BPJS Ketenagakerjaan Anda telah diperbarui "
            "(nomor referensi {reference}). Jika bukan Anda yang melakukannya, segera "
            "hubungi kantor cabang terdekat atau layanan 175."
        ),
    ),
    "pengkinian.contact_changed": (
        N_("Kontak akun JMO Anda diubah"),
        N_(
            "Halo {name}, nomor HP atau email akun JMO Anda baru saja diubah (nomor "
            "referensi {reference}). Jika bukan Anda yang melakukannya, segera hubungi "
            "kantor cabang terdekat atau layanan 175."
        ),
    ),
    "pengkinian.bank_changed": (
        N_("Rekening pembayaran JMO Anda diubah"),
        N_(
            "Halo {name}, rekening bank untuk pembayaran manfaat BPJS Ketenagakerjaan Anda baru "
            "saja diubah (nomor referensi {reference}). Untuk keamanan, klaim ke rekening baru "
            "ditahan {days} hari. Jika bukan Anda yang mengubahnya, segera hubungi kantor "
            "cabang terdekat atau layanan 175."
        ),
    ),
    "identity_correction.requested": (
        N_("Permintaan koreksi data identitas"),
        N_(
            "Halo {name}, permintaan koreksi data identitas Anda telah dicatat (nomor "
            "referensi {reference}). Bawa Kartu Keluarga, e-KTP, dan surat pengantar dari "
            "perusahaan (atau surat keterangan resign bila tidak lagi bekerja) ke kantor "
            "cabang BPJS Ketenagakerjaan terdekat."
        ),
    ),
}
