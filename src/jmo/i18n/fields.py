"""How a participant's field is named and how its stored value is shown, in a language:
shared by the pages, the API and the PDF receipts (the one list of field labels)."""

from __future__ import annotations

from jmo.domain import reference
from jmo.domain.identifiers.bank import BANKS
from jmo.domain.identifiers.npwp import format_npwp, npwp_kind
from jmo.domain.identifiers.phone import format_mobile
from jmo.domain.identifiers.region import RegionDirectory
from jmo.i18n import N_, translate

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


def display_maybe_masked(field: str, value: str, regions: RegionDirectory, locale: str) -> str:
    """A value that may arrive masked (receipts, the change history): a masked one is shown
    as it is, never "formatted" (a masked phone is not a phone number any more)."""
    return value if "*" in value else display_value(field, value, regions, locale)
