"""Messages for accounts, sessions, the Pengkinian Data flow and the API."""

from jmo.i18n import N_

MESSAGES: dict[str, str] = {
    # accounts and sessions
    "auth.invalid_credentials": N_("Email atau kata sandi salah."),
    "auth.locked": N_(
        "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {minutes} menit."
    ),
    "auth.required": N_("Silakan masuk terlebih dahulu."),
    "auth.session_expired": N_("Sesi Anda telah berakhir. Silakan masuk kembali."),
    "auth.participant_only": N_("Layanan ini hanya untuk peserta."),
    "biometric_attempt.not_found": N_("Percobaan verifikasi wajah tidak ditemukan."),
    "biometric.not_for_review": N_("Percobaan ini tidak menunggu pemeriksaan petugas."),
    "biometric.already_reviewed": N_("Percobaan ini sudah diputuskan petugas."),
    "service.locked": N_(
        "Layanan ini terbuka setelah Pengkinian Data selesai. Silakan lakukan Pengkinian "
        "Data terlebih dahulu."
    ),
    "password.too_short": N_("Kata sandi minimal {min} karakter."),
    "password.too_long": N_("Kata sandi maksimal {max} karakter."),
    "password.common": N_(
        "Kata sandi ini terlalu umum dan mudah ditebak. Pakai gabungan beberapa kata yang "
        "hanya Anda ketahui."
    ),
    "password.personal": N_("Kata sandi tidak boleh memuat email atau nama Anda."),
    "password.repetitive": N_("Kata sandi tidak boleh berupa karakter yang diulang-ulang."),
    "password.current_wrong": N_("Kata sandi saat ini salah."),
    "password.change_locked": N_(
        "Terlalu sering salah memasukkan kata sandi saat ini. Penggantian kata sandi dikunci "
        "selama {minutes} menit; pemilik akun sudah diberi tahu lewat email. Lupa kata sandi? "
        "Pakai Lupa Kata Sandi di halaman masuk."
    ),
    "auth.too_many_attempts": N_(
        "Terlalu banyak percobaan dari perangkat atau jaringan ini. Coba lagi dalam {minutes} "
        "menit."
    ),
    "account_token.not_found": N_(
        "Tautan ini tidak berlaku lagi (sudah dipakai atau kedaluwarsa). Minta tautan baru."
    ),
    "session.not_found": N_("Perangkat ini sudah keluar."),
    "account.not_found": N_("Akun tidak ditemukan."),
    "account.email_taken": N_("Email ini sudah dipakai akun lain."),
    "account.participant_has_account": N_("Peserta ini sudah memiliki akun JMO."),
    "kpj.taken": N_("Nomor KPJ ini sudah terdaftar."),
    # not found (the same answer whether missing or not yours)
    "participant.not_found": N_("Data peserta tidak ditemukan."),
    "change_request.not_found": N_("Permintaan perubahan data tidak ditemukan."),
    "region.not_found": N_("Kode wilayah tidak ditemukan."),
    "reference.not_found": N_("Daftar pilihan tidak ditemukan."),
    # the flow
    "pengkinian.not_started": N_(
        "Pengkinian Data belum dimulai. Pilih menu Pengkinian Data lalu tekan OK, Lanjutkan."
    ),
    "pengkinian.already_submitted": N_("Pengkinian Data ini sudah dikirim."),
    "pengkinian.step_locked": N_("Selesaikan langkah sebelumnya terlebih dahulu."),
    "pengkinian.biometric_expired": N_(
        "Verifikasi wajah Anda sudah kedaluwarsa. Lakukan verifikasi biometrik sekali lagi; "
        "isian Anda yang lain tetap tersimpan."
    ),
    "pengkinian.data_changed": N_(
        "Data Anda baru saja diubah di tempat lain (misalnya oleh kantor cabang). Periksa "
        "kembali data di bawah ini, lalu tekan Konfirmasi sekali lagi."
    ),
    "pengkinian.concurrent_update": N_(
        "Data Anda sedang diperbarui dari perangkat lain. Muat ulang halaman lalu periksa kembali."
    ),
    "draft.changed": N_(
        "Isian ini sudah diubah dari perangkat lain. Periksa kembali lalu kirim ulang."
    ),
    "record.changed": N_("Data berubah saat sedang disimpan. Muat ulang lalu coba lagi."),
    "record.duplicate": N_("Data yang sama baru saja dikirim. Muat ulang halaman."),
    "service.database_unavailable": N_(
        "Layanan sedang sibuk. Isian Anda aman; coba lagi dalam beberapa saat."
    ),
    "terms.required": N_(
        "Centang persetujuan Syarat dan Ketentuan terlebih dahulu, lalu tekan Konfirmasi."
    ),
    "terms.outdated": N_(
        "Syarat dan Ketentuan baru saja diperbarui. Baca versi terbaru lalu setujui kembali."
    ),
    "identity_report.no_fields": N_("Pilih data yang tidak sesuai."),
    "gender.nik_mismatch": N_(
        "Jenis kelamin tidak sesuai dengan NIK Anda. Jika data NIK salah, koreksi dilakukan "
        "di kantor cabang dengan membawa KK dan e-KTP."
    ),
    "bank_account_holder.not_owner": N_(
        "Rekening harus atas nama Anda sendiri ({name}). Manfaat tidak dapat dibayarkan ke "
        "rekening orang lain."
    ),
    "emergency_phone.same_as_participant": N_(
        "Nomor kontak darurat harus nomor orang lain, bukan nomor HP Anda sendiri."
    ),
    "region.unknown": N_("Pilih wilayah dari daftar."),
    "otp.wrong": N_("Kode salah. Sisa {left} kali percobaan."),
    "otp.expired": N_("Kode sudah kedaluwarsa. Minta kode baru."),
    "otp.too_many": N_("Terlalu banyak kode yang salah. Minta kode baru."),
    "otp.resend_wait": N_("Tunggu {seconds} detik sebelum meminta kode baru."),
    "otp.resend_limit": N_(
        "Batas pengiriman kode tercapai. Periksa kembali nomor HP atau email yang Anda isi."
    ),
    "otp.nothing_pending": N_("Tidak ada kode yang sedang ditunggu."),
    "otp.hourly_limit": N_(
        "Terlalu banyak kode verifikasi dikirim dalam satu jam terakhir. Coba lagi dalam "
        "{minutes} menit, atau simpan tanpa mengubah nomor HP dan email."
    ),
    "otp.draft_limit": N_(
        "Batas pengiriman kode verifikasi untuk pengkinian data ini sudah tercapai. Simpan "
        "tanpa mengubah nomor HP dan email, lalu ubah keduanya di kantor cabang BPJS "
        "Ketenagakerjaan."
    ),
    "pengkinian.contact_unverified": N_(
        "Nomor HP atau email baru belum diverifikasi dengan kode. Silakan verifikasi dahulu."
    ),
    "address.characters": N_("Alamat berisi karakter yang tidak dapat dipakai."),
    # biometrics as the flow sees it
    "biometric.no_reference": N_(
        "Foto acuan wajah Anda belum terdaftar. Silakan datang ke kantor cabang BPJS "
        "Ketenagakerjaan terdekat dengan membawa e-KTP."
    ),
    "biometric.locked": N_(
        "Batas percobaan verifikasi wajah dalam {hours} jam sudah tercapai. Untuk keamanan, "
        "silakan lakukan verifikasi di kantor cabang BPJS Ketenagakerjaan terdekat dengan "
        "membawa e-KTP."
    ),
    "biometric.locked_review_open": N_(
        "Batas percobaan verifikasi wajah dalam {hours} jam sudah tercapai. Foto Anda yang "
        "sedang diperiksa petugas tetap diproses, dan hasilnya dikirim lewat email. Bila tidak "
        "ingin menunggu, silakan lakukan verifikasi di kantor cabang BPJS Ketenagakerjaan "
        "terdekat dengan membawa e-KTP."
    ),
    "biometric.too_many_retries": N_(
        "Terlalu banyak foto yang tidak dapat diproses dalam {hours} jam. Coba lagi nanti di "
        "tempat yang terang, atau datang ke kantor cabang."
    ),
    "face.pass": N_("Verifikasi wajah berhasil."),
    "liveness.camera_required": N_(
        "Verifikasi wajah harus memakai kamera langsung, bukan foto yang diunggah. Tekan "
        "Mulai Verifikasi Wajah dan izinkan akses kamera."
    ),
    "liveness.no_challenge": N_(
        "Sesi kamera sudah berakhir. Tekan Mulai Verifikasi Wajah untuk mencoba lagi."
    ),
    "face.fail": N_("Wajah tidak cocok dengan foto acuan peserta."),
    "face.retry": N_("Foto belum dapat diproses. Ikuti petunjuk di bawah lalu coba lagi."),
    "image.missing": N_("Pilih atau ambil foto selfie terlebih dahulu."),
    # the API
    "request.invalid": N_("Permintaan tidak sesuai format."),
    "request.too_large": N_(
        "Data yang dikirim terlalu besar (paling banyak {size}). Kirim berkas yang lebih kecil "
        "atau lebih sedikit, lalu coba lagi."
    ),
    # the field policy (jmo.domain.pengkinian.policy, docs/policy.md)
    "policy.forbidden_channel": N_(
        'Data ini tidak dapat diubah lewat aplikasi. Pilih "Ajukan perubahan ke petugas" '
        "untuk mengajukannya dengan dokumen."
    ),
    "policy.change_limit": N_(
        "Data ini sudah diubah {max} kali, batas perubahan lewat permintaan. Silakan datang ke "
        "kantor cabang dengan dokumen asli."
    ),
    "policy.reason.gender": N_(
        "Jenis kelamin mengikuti NIK dan Kartu Keluarga; perubahannya diperiksa petugas dengan "
        "KK dan e-KTP."
    ),
    "policy.reason.citizenship": N_(
        "Kewarganegaraan menentukan dokumen identitas Anda; perubahannya diperiksa petugas "
        "dengan KK dan e-KTP."
    ),
    "policy.reason.identity": N_(
        "Data identitas dikoreksi petugas dengan KK, e-KTP dan surat dari perusahaan."
    ),
    "policy.reason.kpj": N_("Nomor KPJ tidak diubah; kartu ganda digabungkan lewat Cek Saldo JHT."),
}
