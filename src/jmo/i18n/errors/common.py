"""Messages for errors that are not tied to one area."""

from jmo.i18n import N_

MESSAGES: dict[str, str] = {
    "validation_failed": N_("Periksa kembali isian yang ditandai."),
    "field.required": N_("Wajib diisi."),
    "field.too_long": N_("Terlalu panjang (maksimal {max} karakter)."),
    "field.choice": N_("Pilih salah satu dari daftar."),
    "field.format": N_("Format isian tidak sesuai."),
    "request.not_found": N_("Permintaan tidak ditemukan."),
    "requests.period_reversed": N_("Tanggal akhir tidak boleh sebelum tanggal awal."),
}
