"""Messages of `jmo import` (jmo.domain.bulk_import and the set rules of
jmo.storage.bulk_import.checks), written to the reject file."""

from jmo.i18n import N_

MESSAGES: dict[str, str] = {
    "import.header": N_("Baris judul harus persis: {expected}."),
    "import.columns": N_("Baris ini berisi {got} kolom, seharusnya {expected}."),
    "import.rupiah": N_("Jumlah rupiah harus bilangan bulat tanpa tanda, titik atau koma."),
    "import.month": N_("Bulan iuran harus ditulis TTTT-BB, contoh 2024-05."),
    "import.month_not_closed": N_("Bulan iuran belum berakhir."),
    "import.program": N_("Program harus jht atau jp."),
    "import.program_not_started": N_("Program ini belum berjalan pada bulan tersebut."),
    "import.gender": N_("Jenis kelamin harus L atau P."),
    "import.future": N_("Tanggal tidak boleh di masa depan."),
    "import.end_before_start": N_("Tanggal berakhir sebelum tanggal mulai."),
    "import.duplicate": N_("Baris ini mengulang baris {first} (kunci yang sama)."),
    "import.unknown_participant": N_("KPJ ini tidak ada di participants.csv maupun di basis data."),
    "import.unknown_employer": N_("NPP ini tidak ada di employers.csv maupun di basis data."),
    "import.no_employment": N_(
        "Tidak ada masa kerja KPJ ini pada perusahaan ini yang mencakup bulan tersebut."
    ),
}
