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
    "account.password_changed": (
        N_("Kata sandi JMO Anda diubah"),
        N_(
            "Kata sandi akun JMO Anda baru saja diubah dan semua perangkat telah dikeluarkan. "
            "Jika bukan Anda yang mengubahnya, segera hubungi kantor cabang atau layanan 175."
        ),
    ),
}
