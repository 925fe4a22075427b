"""Messages for identifier and reference-list errors (jmo.domain.identifiers, reference).

Each says what is wrong and what to do. Placeholders come from ``DomainError.params``.
"""

from jmo.i18n import N_

MESSAGES: dict[str, str] = {
    # NIK
    "nik.required": N_("NIK wajib diisi."),
    "nik.format": N_("NIK harus 16 angka."),
    "nik.region_unknown": N_(
        "Kode wilayah {region} di awal NIK tidak dikenal. Periksa kembali 6 angka pertama NIK."
    ),
    "nik.birth_date_invalid": N_(
        "Tanggal lahir di dalam NIK (angka ke-7 sampai ke-12) tidak valid. Periksa kembali NIK."
    ),
    "nik.serial_invalid": N_("4 angka terakhir NIK tidak boleh 0000. Periksa kembali NIK."),
    "nik.birth_date_mismatch": N_(
        "Tanggal lahir di NIK berbeda dengan tanggal lahir yang tercatat. "
        "Periksa kembali NIK dan tanggal lahir."
    ),
    "nik.gender_mismatch": N_(
        "Jenis kelamin di NIK berbeda dengan jenis kelamin yang tercatat. "
        "Periksa kembali NIK dan jenis kelamin."
    ),
    # KK
    "kk.format": N_("Nomor KK harus 16 angka."),
    "kk.region_unknown": N_(
        "Kode wilayah {region} di awal nomor KK tidak dikenal. "
        "Periksa kembali 6 angka pertama nomor KK."
    ),
    # BPJS numbers
    "kpj.format": N_("Nomor KPJ harus 11 angka, sesuai kartu peserta BPJS Ketenagakerjaan."),
    "npp.format": N_("NPP harus 8 huruf atau angka. Tanyakan NPP kepada perusahaan Anda."),
    # NPWP
    "npwp.format": N_("NPWP harus 15 angka (format lama) atau 16 angka (NPWP baru atau NIK)."),
    "npwp.checksum": N_("NPWP tidak valid. Periksa kembali angkanya sesuai kartu NPWP."),
    "npwp.nik_invalid": N_(
        "NPWP 16 angka yang tidak diawali 0 adalah NIK, tetapi NIK ini tidak valid. "
        "Periksa kembali NPWP."
    ),
    # Phone and e-mail
    "phone.required": N_("Nomor HP wajib diisi."),
    "phone.format": N_("Nomor HP tidak valid. Tulis seperti contoh 0812 3456 7890."),
    "phone.not_indonesian": N_("Gunakan nomor HP Indonesia, diawali 08 atau +62."),
    "phone.not_mobile": N_("Nomor HP harus nomor seluler Indonesia, contoh 0812 3456 7890."),
    "email.required": N_("Alamat email wajib diisi."),
    "email.format": N_("Alamat email tidak valid. Tulis seperti contoh nama@email.com."),
    # Passport
    "passport.format": N_("Nomor paspor tidak valid. Tulis sesuai paspor, contoh A1234567."),
    # Bank
    "bank.unknown": N_("Bank tidak dikenal. Pilih bank dari daftar."),
    "bank_account.format": N_("Nomor rekening hanya boleh berisi angka."),
    "bank_account.length": N_(
        "Nomor rekening {bank} harus {length} angka. Periksa kembali buku tabungan Anda."
    ),
    # Names
    "name.required": N_("Nama wajib diisi."),
    "name.characters": N_(
        "Nama hanya boleh berisi huruf, spasi, titik, koma, tanda hubung (-) dan apostrof (')."
    ),
    "name.length": N_("Nama harus {min} sampai {max} karakter."),
    # Dates
    "date.format": N_("Tulis tanggal seperti contoh 17-08-1990."),
    "date.invalid": N_("Tanggal ini tidak ada. Periksa kembali hari, bulan dan tahunnya."),
    "birth_date.future": N_("Tanggal lahir tidak boleh sesudah hari ini."),
    "birth_date.implausible": N_(
        "Tanggal lahir tidak wajar: usia harus {min_age} sampai {max_age} tahun. "
        "Periksa kembali tahun lahir."
    ),
    # Address
    "rt.format": N_("RT harus 1 sampai 3 angka, contoh 003."),
    "rw.format": N_("RW harus 1 sampai 3 angka, contoh 011."),
    "postal_code.format": N_("Kode pos harus 5 angka dan tidak diawali 0, contoh 40115."),
}
