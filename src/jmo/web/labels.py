"""Labels for fields, documents and reference lists, and how stored values are shown (the
field labels and ``display_value`` live in ``jmo.i18n.fields``, shared with the API and
the PDF receipts)."""

from __future__ import annotations

from jmo.domain.identifiers.bank import BANKS
from jmo.domain.identifiers.region import RegionDirectory
from jmo.i18n import N_, translate
from jmo.i18n.fields import CHOICE_LISTS, FIELD_CHOICES, FIELDS, REGION_FIELDS, display_value
from jmo.usecases.staff_reads import StaffRead

# Re-exported: the pages import them from here.
__all__ = ["CHOICE_LISTS", "DOCUMENTS", "FIELDS", "FIELD_CHOICES", "REGION_FIELDS", "display_value"]

DOCUMENTS: dict[str, str] = {
    "kartu_keluarga": N_("Kartu Keluarga (KK)"),
    "e_ktp": N_("e-KTP"),
    "company_correction_letter": N_("Surat pengantar koreksi data dari perusahaan"),
    "resignation_letter": N_(
        "Surat keterangan resign (bagi yang sudah mengundurkan diri atau tidak lagi bekerja)"
    ),
    "bank_book": N_("Buku tabungan"),
    "npwp_card": N_("Kartu NPWP"),
    "passport": N_("Paspor"),
}


def choice_options(list_name: str, locale: str) -> list[tuple[str, str]]:
    return [(c.code, translate(locale, c.label)) for c in CHOICE_LISTS[list_name]]


def bank_options() -> list[tuple[str, str]]:
    return [(b.code, f"{b.short_name} ({b.code})") for b in BANKS]


def reset_stale_regions(values: dict[str, str]) -> dict[str, str]:
    """After a higher level changes, clear the levels under it that no longer belong."""
    cleaned = dict(values)
    parent = ""
    for name in REGION_FIELDS:
        code = cleaned.get(name, "")
        if parent and code and not code.startswith(parent):
            code = ""
        if not parent and name != "province_code":
            code = ""
        cleaned[name] = code
        parent = code
    return cleaned


def region_options(
    regions: RegionDirectory, values: dict[str, str]
) -> dict[str, list[tuple[str, str]]]:
    """The four cascading lists: provinces, and the children of each chosen level."""

    def children(code: str) -> list[tuple[str, str]]:
        if not code or not regions.is_current(code):
            return []
        return [(r.code, r.name) for r in regions.children(code)]

    return {
        "provinces": [(r.code, r.name) for r in regions.provinces()],
        "regencies": children(values.get("province_code", "")),
        "districts": children(values.get("regency_code", "")),
        "villages": children(values.get("district_code", "")),
    }


# What an officer opened, as the participant's access log says it (every kind of staff
# read has its sentence: tests/api/test_staff_reads.py).
STAFF_READS: dict[StaffRead, str] = {
    StaffRead.CLAIM: N_("Petugas membuka klaim Anda"),
    StaffRead.CLAIM_DOCUMENT: N_("Petugas membuka dokumen klaim Anda"),
    StaffRead.CHANGE_REQUEST: N_("Petugas membuka permintaan perubahan data Anda"),
    StaffRead.CHANGE_REQUEST_DOCUMENT: N_("Petugas membuka dokumen permintaan perubahan data Anda"),
    StaffRead.COMPLAINT: N_("Petugas membuka pengaduan Anda"),
    StaffRead.COMPLAINT_ATTACHMENT: N_("Petugas membuka lampiran pengaduan Anda"),
    StaffRead.RISK: N_("Petugas membuka tanda risiko akun Anda"),
    StaffRead.BIOMETRIC_ATTEMPTS: N_("Petugas membuka riwayat verifikasi wajah Anda"),
    StaffRead.HISTORY: N_("Petugas membuka riwayat data Anda"),
    StaffRead.AUDIT_TRAIL: N_("Auditor membuka jejak audit data Anda"),
    StaffRead.HEIRS: N_("Petugas membuka daftar ahli waris Anda untuk klaim kematian"),
    StaffRead.PROFILE: N_("Petugas di loket kantor cabang membuka data Anda"),
    StaffRead.EMPLOYER_WORKER: N_("HR perusahaan Anda membuka data Anda"),
}
