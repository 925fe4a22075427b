"""Reference lists for the forms: gender, religion, marital status, education, blood type,
family relationship, emergency-contact relationship and citizenship.

Each list is a tuple of ``Choice`` with a stable ``code`` (what we store and what the API
sends), the canonical Indonesian ``label`` (what the KK/KTP and the fund's screens say),
the numeric ``siak`` code used in SIAK/KK data where there is one, and ``aliases``: other
spellings found in older data, mapped to the canonical value. Sources: docs/domain-rules.md
section 6 (Permendagri 118/2017 KK form; UU 24/2013; MK decision 97/PUU-XIV/2016).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from jmo.domain.errors import DomainError


@dataclass(frozen=True, slots=True)
class Choice:
    code: str
    label: str
    siak: str | None = None
    aliases: tuple[str, ...] = ()


_SPACES = re.compile(r"\s+")
# Unicode minus and dashes are typed for blood types (A−) and in pasted KK data.
_DASHES = str.maketrans({"−": "-", "–": "-", "—": "-"})


def _key(text: str) -> str:
    return _SPACES.sub(" ", text.translate(_DASHES)).strip().casefold()


@lru_cache(maxsize=64)
def _index(options: tuple[Choice, ...]) -> dict[str, str]:
    index: dict[str, str] = {}
    for option in options:
        for text in (option.code, option.label, option.siak, *option.aliases):
            if text is not None:
                index[_key(text)] = option.code
    return index


def parse_choice(options: Sequence[Choice], raw: str | None, field: str) -> str:
    """The ``code`` of the option that ``raw`` names (code, label, SIAK number or alias,
    ignoring case and spacing). Raises ``field.required`` or ``field.choice``."""
    if raw is None or not raw.strip():
        raise DomainError("field.required", field=field)
    code = _index(tuple(options)).get(_key(raw))
    if code is None:
        raise DomainError("field.choice", field=field)
    return code


def label_of(options: Sequence[Choice], code: str) -> str:
    """The canonical label of a stored code; ``KeyError`` if the code is not in the list."""
    for option in options:
        if option.code == code:
            return option.label
    raise KeyError(code)


# --- Gender (jenis kelamin). KTP/KK letters L and P; the NIK encodes it too (nik.py). ---


class Gender(StrEnum):
    MALE = "L"
    FEMALE = "P"

    @property
    def label(self) -> str:
        return "Laki-laki" if self is Gender.MALE else "Perempuan"


GENDERS: tuple[Choice, ...] = (
    Choice(Gender.MALE.value, "Laki-laki", "1", ("Laki laki", "Lelaki", "Pria")),
    Choice(Gender.FEMALE.value, "Perempuan", "2", ("Wanita",)),
)


def parse_gender(raw: str | None, field: str = "gender") -> Gender:
    return Gender(parse_choice(GENDERS, raw, field))


# --- Religion (agama/kepercayaan): 6 religions plus "Kepercayaan terhadap Tuhan YME"
# since MK decision 97/PUU-XIV/2016 (docs/domain-rules.md section 6, H). SIAK numbers 1-7 as in
# SIAK-style code bases (M). Aliases: spellings seen in stored data.
RELIGIONS: tuple[Choice, ...] = (
    Choice("ISLAM", "Islam", "1"),
    Choice("KRISTEN", "Kristen", "2", ("Kristen Protestan", "Protestan")),
    Choice("KATOLIK", "Katolik", "3", ("Katholik", "Kristen Katolik", "Katolik Roma")),
    Choice("HINDU", "Hindu", "4"),
    Choice("BUDDHA", "Buddha", "5", ("Budha", "Budda")),
    Choice("KHONGHUCU", "Khonghucu", "6", ("Kong Hu Cu", "Konghucu", "Khong Hu Cu", "Konghuchu")),
    Choice(
        "KEPERCAYAAN",
        "Kepercayaan terhadap Tuhan Yang Maha Esa",
        "7",
        ("Kepercayaan", "Penghayat Kepercayaan", "Kepercayaan Terhadap Tuhan YME"),
    ),
)

# --- Marital status (status perkawinan), the 6 SIAK/KK values (Permendagri 118/2017; M-H).
# Some data splits "Cerai Mati" into tercatat / belum tercatat: both map to CERAI_MATI, the
# only death-divorce value SIAK has.
MARITAL_STATUSES: tuple[Choice, ...] = (
    Choice("BELUM_KAWIN", "Belum Kawin", "1"),
    Choice("KAWIN_TERCATAT", "Kawin Tercatat", "2"),
    Choice("KAWIN_BELUM_TERCATAT", "Kawin Belum Tercatat", "3"),
    Choice("CERAI_HIDUP_TERCATAT", "Cerai Hidup Tercatat", "4"),
    Choice("CERAI_HIDUP_BELUM_TERCATAT", "Cerai Hidup Belum Tercatat", "5"),
    Choice("CERAI_MATI", "Cerai Mati", "6", ("Cerai Mati Tercatat", "Cerai Mati Belum Tercatat")),
)

# The KTP prints only four values; a KTP reading cannot tell tercatat from belum tercatat,
# so it is parsed against this list and stored as such, never guessed into the six.
KTP_MARITAL_STATUSES: tuple[Choice, ...] = (
    Choice("BELUM_KAWIN", "Belum Kawin"),
    Choice("KAWIN", "Kawin"),
    Choice("CERAI_HIDUP", "Cerai Hidup"),
    Choice("CERAI_MATI", "Cerai Mati"),
)

KTP_MARITAL_STATUS_OF: Mapping[str, str] = {
    "BELUM_KAWIN": "BELUM_KAWIN",
    "KAWIN_TERCATAT": "KAWIN",
    "KAWIN_BELUM_TERCATAT": "KAWIN",
    "CERAI_HIDUP_TERCATAT": "CERAI_HIDUP",
    "CERAI_HIDUP_BELUM_TERCATAT": "CERAI_HIDUP",
    "CERAI_MATI": "CERAI_MATI",
}


def ktp_marital_status(code: str) -> str:
    """The 4-value KTP display code of a stored 6-value SIAK code (or of a KTP code)."""
    if code in KTP_MARITAL_STATUS_OF:
        return KTP_MARITAL_STATUS_OF[code]
    label_of(KTP_MARITAL_STATUSES, code)  # raises KeyError for unknown codes
    return code


# --- Education (pendidikan terakhir, KK), in order, so ``EDUCATION_LEVELS.index`` compares
# levels (docs/domain-rules.md section 6, M-H). "Tidak Tamat SD" is the older wording of 2.
EDUCATION_LEVELS: tuple[Choice, ...] = (
    Choice("TIDAK_BELUM_SEKOLAH", "Tidak/Belum Sekolah", "1", ("Tidak Sekolah", "Belum Sekolah")),
    Choice(
        "BELUM_TAMAT_SD",
        "Belum Tamat SD/Sederajat",
        "2",
        ("Tidak Tamat SD", "Tidak/Belum Tamat SD", "Tidak Tamat SD/Sederajat"),
    ),
    Choice("TAMAT_SD", "Tamat SD/Sederajat", "3", ("SD", "Tamat SD")),
    Choice("SLTP", "SLTP/Sederajat", "4", ("SMP", "SLTP", "SMP/Sederajat", "MTs")),
    Choice("SLTA", "SLTA/Sederajat", "5", ("SMA", "SMK", "SLTA", "SMA/Sederajat", "MA")),
    Choice("DIPLOMA_I_II", "Diploma I/II", "6", ("D1", "D2", "Diploma I", "Diploma II")),
    Choice(
        "DIPLOMA_III",
        "Akademi/Diploma III/S. Muda",
        "7",
        ("D3", "Diploma III", "Akademi/Diploma III/Sarjana Muda"),
    ),
    Choice("DIPLOMA_IV_S1", "Diploma IV/Strata I", "8", ("D4", "S1", "Diploma IV", "Strata I")),
    Choice("STRATA_II", "Strata II", "9", ("S2",)),
    Choice("STRATA_III", "Strata III", "10", ("S3",)),
)

# --- Blood type (golongan darah), the 13 KK/SIAK values since Permendagri 118/2017 (M).
BLOOD_TYPES: tuple[Choice, ...] = (
    Choice("A", "A", "1"),
    Choice("B", "B", "2"),
    Choice("AB", "AB", "3"),
    Choice("O", "O", "4"),
    Choice("A+", "A+", "5"),
    Choice("A-", "A-", "6"),
    Choice("B+", "B+", "7"),
    Choice("B-", "B-", "8"),
    Choice("AB+", "AB+", "9"),
    Choice("AB-", "AB-", "10"),
    Choice("O+", "O+", "11"),
    Choice("O-", "O-", "12"),
    Choice("TIDAK_TAHU", "Tidak Tahu", "13", ("Tidak Diketahui",)),
)

# --- Relationship in the family (status hubungan dalam keluarga, SHDK) on the KK (M).
FAMILY_RELATIONSHIPS: tuple[Choice, ...] = (
    Choice("KEPALA_KELUARGA", "Kepala Keluarga", "1"),
    Choice("SUAMI", "Suami", "2"),
    Choice("ISTRI", "Istri", "3", ("Isteri",)),
    Choice("ANAK", "Anak", "4"),
    Choice("MENANTU", "Menantu", "5"),
    Choice("CUCU", "Cucu", "6"),
    Choice("ORANG_TUA", "Orang Tua", "7", ("Orangtua",)),
    Choice("MERTUA", "Mertua", "8"),
    Choice("FAMILI_LAIN", "Famili Lain", "9"),
    Choice("PEMBANTU", "Pembantu", "10"),
    Choice("LAINNYA", "Lainnya", "11"),
)

# --- Emergency contact relationship. Not regulated: the SHDK relatives, plus siblings
# (on a KK they are only "Famili Lain"), friends/colleagues and "Lainnya" (docs/domain-rules.md
# section 6). Codes reuse the SHDK codes where the meaning is the same.
EMERGENCY_CONTACT_RELATIONSHIPS: tuple[Choice, ...] = (
    Choice("SUAMI", "Suami"),
    Choice("ISTRI", "Istri", aliases=("Isteri",)),
    Choice("ANAK", "Anak"),
    Choice("ORANG_TUA", "Orang Tua", aliases=("Orangtua", "Ayah", "Ibu")),
    Choice("SAUDARA_KANDUNG", "Saudara Kandung", aliases=("Kakak", "Adik", "Saudara")),
    Choice("MERTUA", "Mertua"),
    Choice("MENANTU", "Menantu"),
    Choice("CUCU", "Cucu"),
    Choice("FAMILI_LAIN", "Famili Lain", aliases=("Kerabat",)),
    Choice("TEMAN_REKAN", "Teman/Rekan", aliases=("Teman", "Rekan", "Rekan Kerja")),
    Choice("LAINNYA", "Lainnya"),
)

# --- Citizenship (kewarganegaraan), as on the KTP/KK.
CITIZENSHIPS: tuple[Choice, ...] = (
    Choice("WNI", "Warga Negara Indonesia", "1", ("Indonesia",)),
    Choice("WNA", "Warga Negara Asing", "2", ("Asing",)),
)


# The lists by the names the pages and the API use for them.
LISTS: Mapping[str, tuple[Choice, ...]] = {
    "genders": GENDERS,
    "religions": RELIGIONS,
    "marital_statuses": MARITAL_STATUSES,
    "educations": EDUCATION_LEVELS,
    "blood_types": BLOOD_TYPES,
    "family_relationships": FAMILY_RELATIONSHIPS,
    "emergency_relationships": EMERGENCY_CONTACT_RELATIONSHIPS,
    "citizenships": CITIZENSHIPS,
}
