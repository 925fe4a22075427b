"""Notice texts of issue 12: registration, "Lupa akun", and the "Bukan saya" line."""

from jmo.i18n import N_

TEMPLATES: dict[str, tuple[str, str]] = {
    # Appended to every notice about the person's data or money (not to codes and links).
    "security.not_me_footer": (
        N_("Bukan saya"),
        N_(
            "Bukan Anda? Ketuk tautan ini untuk segera membekukan perubahan data dan "
            "pembayaran klaim di akun Anda: {not_me}"
        ),
    ),
    "account.registered": (
        N_("Akun JMO Anda sudah dibuat"),
        N_(
            "Selamat datang di JMO. Akun Anda sudah dibuat dengan email dan nomor HP ini. "
            "Masuk dengan email ini dan kata sandi yang Anda buat."
        ),
    ),
    "account.kpj_joined": (
        N_("Kartu peserta lain digabungkan ke akun JMO Anda"),
        N_(
            "Seseorang mendaftar dengan kartu peserta (KPJ) lain atas NIK Anda. Karena satu "
            "orang hanya punya satu akun, kartu itu digabungkan ke akun JMO Anda ini."
        ),
    ),
    "account.contacts_rebound": (
        N_("Email dan nomor HP akun JMO Anda diganti"),
        N_(
            "Lewat Lupa Akun, email dan nomor HP akun JMO Anda diganti setelah verifikasi "
            "wajah, dan semua perangkat dikeluarkan. Pesan ini dikirim ke kontak lama Anda."
        ),
    ),
    "account.frozen": (
        N_("Akun JMO Anda dibekukan"),
        N_(
            "Atas permintaan Anda (Bukan saya), perubahan data dan pembayaran klaim di akun "
            "Anda dihentikan. Untuk membukanya kembali, verifikasi wajah Anda di menu Akun, "
            "Pembekuan akun; petugas lalu memeriksa laporan Anda dan membuka pembekuan."
        ),
    ),
    "heirs.changed": (
        N_("Daftar ahli waris JMO Anda diubah"),
        N_(
            "Daftar ahli waris di akun JMO Anda baru saja diubah. Ahli waris menerima manfaat "
            "JKM dan JHT bila Anda meninggal dunia; periksa daftarnya di menu Akun, Ahli waris."
        ),
    ),
    "claim_lock.on": (
        N_("Kunci klaim JMO Anda aktif"),
        N_(
            "Kunci klaim di akun JMO Anda baru saja diaktifkan: tidak ada klaim yang dapat "
            "diajukan atau dibayarkan sampai kunci dibuka."
        ),
    ),
    "claim_lock.release_pending": (
        N_("Kunci klaim JMO Anda akan dibuka"),
        N_(
            "Verifikasi wajah untuk membuka kunci klaim berhasil. Kunci terbuka setelah masa "
            "tunggu berakhir; selama itu Anda dapat mengaktifkannya kembali kapan saja."
        ),
    ),
}
