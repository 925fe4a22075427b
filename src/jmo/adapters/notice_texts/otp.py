"""One-time codes. The SMS says what the code is for and that nobody should ask for it."""

from jmo.i18n import N_

TEMPLATES: dict[str, tuple[str, str]] = {
    "otp.phone": (
        N_("Kode verifikasi JMO"),
        N_(
            "Kode verifikasi nomor HP JMO Anda: {code}. Berlaku 10 menit. JANGAN berikan kode "
            "ini kepada siapa pun, termasuk yang mengaku petugas BPJS Ketenagakerjaan."
        ),
    ),
    "otp.email": (
        N_("Kode verifikasi email JMO"),
        N_(
            "Kode verifikasi email JMO Anda: {code}. Berlaku 10 menit. JANGAN berikan kode ini "
            "kepada siapa pun, termasuk yang mengaku petugas BPJS Ketenagakerjaan."
        ),
    ),
}
