"""Labels for fields, documents and reference lists, and how stored values are shown."""

from __future__ import annotations

from jmo.domain import reference
from jmo.domain.identifiers.bank import BANKS
from jmo.domain.identifiers.npwp import format_npwp, npwp_kind
from jmo.domain.identifiers.phone import format_mobile
from jmo.domain.identifiers.region import RegionDirectory
from jmo.i18n import N_, translate
from jmo.usecases.staff_reads import StaffRead

FIELDS: dict[str, str] = {
    "nik": N_("NIK"),
    "kpj": N_("Nomor Kartu Peserta (KPJ)"),
    "full_name": N_("Nama Lengkap"),
    "birth_place": N_("Tempat Lahir"),
    "birth_date": N_("Tanggal Lahir"),
    "phone": N_("Nomor HP"),
    "email": N_("Email"),
    "npwp": N_("NPWP"),
    "passport": N_("Nomor Paspor"),
    "bank_code": N_("Nama Bank"),
    "bank_account": N_("Nomor Rekening"),
    "bank_account_holder": N_("Nama Pemilik Rekening"),
    "gender": N_("Jenis Kelamin"),
    "mother_name": N_("Nama Ibu Kandung"),
    "kk_number": N_("Nomor Kartu Keluarga (KK)"),
    "family_relationship": N_("Status Hubungan dalam Keluarga"),
    "citizenship": N_("Kewarganegaraan"),
    "marital_status": N_("Status Perkawinan"),
    "address_street": N_("Alamat"),
    "address_rt": N_("RT"),
    "address_rw": N_("RW"),
    "province_code": N_("Provinsi"),
    "regency_code": N_("Kabupaten/Kota"),
    "district_code": N_("Kecamatan"),
    "village_code": N_("Kelurahan/Desa"),
    "postal_code": N_("Kode Pos"),
    "education": N_("Pendidikan Terakhir"),
    "blood_type": N_("Golongan Darah"),
    "religion": N_("Agama"),
    "emergency_name": N_("Nama Kontak Darurat"),
    "emergency_phone": N_("Nomor HP Kontak Darurat"),
    "emergency_relationship": N_("Hubungan Kontak Darurat"),
}

DOCUMENTS: dict[str, str] = {
    "kartu_keluarga": N_("Kartu Keluarga (KK)"),
    "e_ktp": N_("e-KTP"),
    "company_correction_letter": N_("Surat pengantar koreksi data dari perusahaan"),
    "resignation_letter": N_(
        "Surat keterangan resign (bagi yang sudah mengundurkan diri atau tidak lagi bekerja)"
    ),
}

CHOICE_LISTS = reference.LISTS

# Which list a stored field's code belongs to, for showing it.
FIELD_CHOICES: dict[str, str] = {
    "gender": "genders",
    "religion": "religions",
    "marital_status": "marital_statuses",
    "education": "educations",
    "blood_type": "blood_types",
    "family_relationship": "family_relationships",
    "emergency_relationship": "emergency_relationships",
    "citizenship": "citizenships",
}

REGION_FIELDS = ("province_code", "regency_code", "district_code", "village_code")


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


def display_value(field: str, value: str | None, regions: RegionDirectory, locale: str) -> str:
    if value is None or value == "":
        return "-"
    if field in FIELD_CHOICES:
        for choice in CHOICE_LISTS[FIELD_CHOICES[field]]:
            if choice.code == value:
                return translate(locale, choice.label)
        return value
    if field in REGION_FIELDS:
        region = regions.get(value)
        return region.name if region else value
    if field == "bank_code":
        bank = next((b for b in BANKS if b.code == value), None)
        return bank.short_name if bank else value
    if field in ("phone", "emergency_phone"):
        return format_mobile(value)
    if field == "npwp" and npwp_kind(value) is not None:
        return format_npwp(value)
    return value


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
}
