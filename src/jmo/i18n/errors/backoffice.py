"""Messages of the back office: staff roles, the second factor, four eyes."""

from __future__ import annotations

from jmo.i18n import N_

MESSAGES: dict[str, str] = {
    "staff.not_allowed": N_("Peran Anda tidak diizinkan melakukan tindakan ini."),
    "four_eyes.same_person": N_(
        "Empat mata: permintaan ini Anda siapkan sendiri, jadi harus disetujui oleh "
        "supervisor lain."
    ),
    "auth.totp_required": N_("Masukkan kode 6 angka dari aplikasi autentikator."),
    "auth.totp_invalid": N_(
        "Kode autentikator salah atau sudah dipakai. Tunggu kode berikutnya, atau pakai "
        "kode pemulihan."
    ),
    "auth.totp_enrolment_required": N_(
        "Akun petugas wajib memakai aplikasi autentikator. Daftarkan dulu di halaman masuk petugas."
    ),
    "auth.enrolment_expired": N_("Waktu pendaftaran autentikator habis. Silakan masuk lagi."),
    "auth.account_disabled": N_("Akun ini dinonaktifkan."),
    "auth.staff_sign_in": N_("Akun petugas masuk melalui halaman /petugas/masuk."),
    "correction.illegal_transition": N_(
        "Permintaan ini tidak dapat diproses dengan cara itu pada statusnya sekarang."
    ),
    "correction.no_change": N_("Isi nilai yang benar untuk minimal satu data yang dilaporkan."),
    "correction.no_documents": N_("Unggah minimal satu dokumen."),
    "audit.participant_format": N_("Masukkan KPJ (11 angka) atau NIK (16 angka)."),
    "audit.participant_unknown": N_("Peserta tidak ditemukan di kantor cabang Anda."),
    "audit.staff_unknown": N_("Petugas dengan email ini tidak ditemukan di kantor cabang Anda."),
    "audit.action_format": N_("Pilih tindakan dari daftar."),
    "audit.range_reversed": N_("Tanggal akhir harus sama dengan atau sesudah tanggal awal."),
    "audit.cursor_unknown": N_("Halaman ini tidak ada lagi. Mulai dari halaman pertama."),
    "document_page.not_found": N_("Halaman dokumen ini tidak ada."),
    "document.unrenderable": N_(
        "Dokumen ini tidak dapat ditampilkan sebagai gambar. Minta peserta mengunggah foto "
        "atau PDF lain."
    ),
    "counter.originals_required": N_("Centang dokumen asli yang sudah Anda periksa."),
    "counter.original_missing": N_(
        "Dokumen asli yang wajib diperiksa belum dicentang: e-KTP selalu; buku tabungan "
        "untuk rekening baru; Kartu Keluarga untuk data KK; kartu NPWP; paspor."
    ),
    "reference_photo.exists": N_(
        "Peserta ini sudah punya foto rujukan wajah; penggantiannya belum dapat dilakukan di loket."
    ),
    "reference_photo.pending": N_(
        "Foto rujukan wajah peserta ini sedang menunggu persetujuan supervisor."
    ),
    "bank_change.pending": N_(
        "Perubahan rekening sebelumnya masih menunggu persetujuan supervisor."
    ),
    "bank_change.stale": N_(
        "Rekening peserta sudah berubah sejak perubahan ini disiapkan. Tolak dan siapkan lagi."
    ),
}
