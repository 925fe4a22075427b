"""Messages of the back office: staff roles, the second factor, four eyes."""

from __future__ import annotations

from jmo.i18n import N_

MESSAGES: dict[str, str] = {
    "staff.not_allowed": N_("Peran Anda tidak diizinkan melakukan tindakan ini."),
    "four_eyes.same_person": N_(
        "Empat mata: Anda sendiri yang menyiapkan atau memverifikasi ini, jadi harus "
        "disetujui oleh supervisor lain (klaim: petugas lain)."
    ),
    "appointment.not_found": N_("Janji temu tidak ditemukan."),
    "appointment.reference_required": N_("Sebutkan nomor klaim yang akan diselesaikan."),
    "appointment.reference_unknown": N_(
        "Nomor rujukan ini tidak ada di antara klaim atau permintaan Anda yang masih berjalan."
    ),
    "appointment.day_closed": N_(
        "Hari itu tidak dapat dipilih: pilih hari kerja dalam 30 hari ke depan."
    ),
    "appointment.slot_unknown": N_("Pilih salah satu jam yang tersedia."),
    "appointment.slot_full": N_("Jam itu sudah penuh. Pilih jam atau hari lain."),
    "appointment.already_booked": N_(
        "Anda sudah punya janji temu untuk keperluan ini. Ubah jadwalnya bila perlu."
    ),
    "appointment.not_changeable": N_("Janji temu ini tidak dapat diubah lagi."),
    "appointment.already_started": N_(
        "Waktu janji temu ini sudah lewat, jadi tidak dapat diubah atau dibatalkan."
    ),
    "appointment.same_slot": N_("Pilih jadwal yang berbeda dari jadwal sekarang."),
    "appointment.illegal_transition": N_(
        "Janji temu ini tidak dapat ditandai begitu pada statusnya sekarang."
    ),
    "appointment.not_today": N_("Janji temu ini belum hari ini."),
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
    "auth.staff_sign_in": N_(
        "Akun petugas masuk melalui halaman /petugas/masuk, HR perusahaan melalui "
        "/perusahaan/masuk."
    ),
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
