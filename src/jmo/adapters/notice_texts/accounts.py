"""Notice texts about the account itself."""

from jmo.i18n import N_

TEMPLATES: dict[str, tuple[str, str]] = {
    "account.locked": (
        N_("Akun JMO Anda dikunci sementara"),
        N_(
            "Ada beberapa percobaan masuk dengan kata sandi yang salah, sehingga akun Anda "
            "dikunci selama {minutes} menit. Jika itu Anda, buka tautan ini untuk membuka "
            "kunci sekarang: {link} . Jika bukan Anda, segera ganti kata sandi."
        ),
    ),
    "account.password_reset": (
        N_("Atur ulang kata sandi JMO"),
        N_(
            "Buka tautan ini dalam 1 jam untuk membuat kata sandi baru: {link} . Jika Anda "
            "tidak memintanya, abaikan email ini; kata sandi Anda tidak berubah."
        ),
    ),
    "account.data_export_link": (
        N_("Unduhan lengkap data JMO Anda"),
        N_(
            "Buka tautan ini dalam 30 menit, saat masuk ke akun JMO Anda, untuk mengunduh "
            "data Anda secara lengkap (NIK, rekening bank dan data lain tanpa disamarkan): "
            "{link} . Tautan hanya dapat dipakai sekali. Jika Anda tidak memintanya, segera "
            "ganti kata sandi: orang lain mungkin mengetahuinya."
        ),
    ),
    "account.password_change_locked": (
        N_("Percobaan mengganti kata sandi JMO Anda"),
        N_(
            "Seseorang yang sedang masuk ke akun JMO Anda beberapa kali salah memasukkan kata "
            "sandi saat ini ketika mencoba menggantinya, sehingga penggantian kata sandi "
            "dikunci selama {minutes} menit. Jika itu bukan Anda, keluarkan perangkat yang "
            "tidak Anda kenal di menu Akun, atau atur ulang kata sandi lewat Lupa Kata Sandi "
            "di halaman masuk (semua perangkat akan dikeluarkan)."
        ),
    ),
    "account.password_changed": (
        N_("Kata sandi JMO Anda diubah"),
        N_(
            "Kata sandi akun JMO Anda baru saja diubah dan semua perangkat telah dikeluarkan. "
            "Jika bukan Anda yang mengubahnya, segera hubungi kantor cabang atau layanan 175."
        ),
    ),
}
