"""Messages for Kartu Digital, Pengaduan and staff actions."""

from jmo.i18n import N_

MESSAGES: dict[str, str] = {
    "auth.staff_only": N_("Hanya petugas BPJS Ketenagakerjaan yang dapat melakukan ini."),
    # not found (the same answer whether missing or not yours)
    "page.not_found": N_("Halaman tidak ditemukan."),
    "card.not_found": N_("Kartu tidak ditemukan."),
    "card.verify_too_many": N_(
        "Terlalu banyak pemeriksaan kartu dari jaringan ini. Coba lagi dalam {minutes} menit."
    ),
    "complaint.not_found": N_("Pengaduan tidak ditemukan."),
    "attachment.not_found": N_("Lampiran tidak ditemukan."),
    # complaints
    "complaint.too_short": N_("Ceritakan sedikit lebih rinci (minimal {min} karakter)."),
    "complaint.rating_range": N_("Pilih penilaian 1 sampai 5 bintang."),
    "complaint.illegal_transition": N_(
        "Status pengaduan tidak dapat diubah dari {status} menjadi {to}."
    ),
    "complaint.not_allowed": N_("Anda tidak dapat mengubah status pengaduan ini."),
    "complaint.closed_for_messages": N_(
        "Pengaduan ini sudah selesai. Tutup pengaduan atau sampaikan bila masalah belum selesai."
    ),
    "complaint.already_rated": N_("Pengaduan ini sudah dinilai."),
    # attachments
    "attachment.empty": N_("Berkas kosong."),
    "attachment.too_large": N_("Berkas terlalu besar (maksimal {max_mb} MB per berkas)."),
    "attachment.too_many": N_("Paling banyak {max} berkas sekaligus."),
    "attachment.type": N_("Lampiran harus berupa foto JPEG atau PNG, atau dokumen PDF."),
    "attachment.image_too_big": N_(
        "Ukuran gambar terlalu besar (maksimal {max_mp} megapiksel). Kecilkan lalu unggah lagi."
    ),
    "attachment.unreadable": N_("Berkas rusak atau tidak dapat dibaca. Coba berkas lain."),
    "attachment.pdf_active": N_(
        "PDF ini berisi skrip, tindakan otomatis, atau berkas sisipan, jadi tidak dapat "
        "diterima. Simpan ulang sebagai PDF biasa (misalnya dengan Cetak ke PDF)."
    ),
    "attachment.pdf_encrypted": N_(
        "PDF ini dikunci dengan kata sandi. Unggah PDF tanpa kata sandi."
    ),
}
