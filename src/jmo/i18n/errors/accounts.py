"""Registration, "Lupa akun", the inbox and "Bukan saya" (issue 12)."""

from jmo.i18n import N_

MESSAGES: dict[str, str] = {
    # One answer for "not found" and "does not match": never whether a NIK or KPJ exists.
    "onboarding.no_match": N_(
        "Data yang Anda masukkan tidak dapat kami cocokkan. Periksa kembali NIK dan tanggal "
        "lahir di e-KTP, serta nomor KPJ dan nama di kartu peserta. Jika sudah sesuai, "
        "datang ke kantor cabang BPJS Ketenagakerjaan atau tanyakan ke HRD perusahaan Anda."
    ),
    "onboarding.not_found": N_("Sesi pendaftaran ini tidak ditemukan. Mulai lagi dari awal."),
    "onboarding.expired": N_(
        "Sesi ini sudah berakhir (30 menit) atau sudah selesai. Mulai lagi dari awal."
    ),
    "onboarding.face_first": N_("Selesaikan verifikasi wajah terlebih dahulu."),
    "onboarding.face_done": N_("Verifikasi wajah sudah berhasil. Lanjutkan ke langkah berikutnya."),
    "onboarding.contacts_first": N_(
        "Buktikan email dan nomor HP dengan kode yang dikirim terlebih dahulu."
    ),
    "recovery.branch_only": N_(
        "Akun Anda tidak dapat dipulihkan lewat aplikasi. Silakan datang ke kantor cabang "
        "BPJS Ketenagakerjaan dengan membawa e-KTP."
    ),
    "recovery.face_possible": N_(
        "Janji temu cabang untuk Lupa akun hanya bila verifikasi wajah tidak dapat dilakukan. "
        "Lanjutkan verifikasi wajah."
    ),
    "account.frozen": N_(
        "Akun Anda sedang dibekukan karena laporan Bukan saya: perubahan data dan pembayaran "
        "klaim dihentikan. Untuk membukanya, verifikasi wajah di menu Akun, Pembekuan akun; "
        "petugas lalu membuka pembekuan."
    ),
    "freeze.none": N_("Akun ini tidak sedang dibekukan."),
    "heir.relationship": N_("Pilih hubungan ahli waris dengan Anda."),
    "heir.is_self": N_("NIK ini adalah NIK Anda sendiri. Isi NIK ahli waris."),
    "heir.duplicate": N_("Ahli waris dengan NIK ini sudah tercatat."),
    "heir.too_many": N_("Paling banyak {max} ahli waris dapat dicatat di aplikasi."),
    "heir.not_found": N_("Ahli waris tidak ditemukan."),
    "claim.not_by_heir": N_("Klaim ini tidak diajukan oleh ahli waris."),
    "freeze.face_required": N_(
        "Pembekuan belum dapat dibuka: peserta belum lulus verifikasi wajah sejak akun "
        "dibekukan (menu Akun, Pembekuan akun)."
    ),
    "freeze.face_done": N_(
        "Verifikasi wajah sudah berhasil. Petugas akan memeriksa laporan lalu membuka pembekuan."
    ),
    "freeze.note_required": N_("Tulis catatan pemeriksaan (minimal 5 karakter)."),
    "inbox_message.not_found": N_("Pesan tidak ditemukan."),
    "claim.locked": N_(
        "Kunci klaim di akun ini sedang aktif: klaim tidak dapat diajukan atau dibayarkan. "
        "Pemilik akun dapat membukanya di menu Akun (verifikasi wajah dan masa tunggu)."
    ),
    "claim_lock.nothing_to_release": N_(
        "Kunci klaim tidak aktif atau sudah menunggu untuk dibuka."
    ),
}
