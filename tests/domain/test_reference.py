from __future__ import annotations

import pytest

from jmo.domain import reference as ref
from jmo.domain.errors import DomainError
from jmo.domain.reference import Choice, Gender, parse_choice

ALL_LISTS = {
    "genders": ref.GENDERS,
    "religions": ref.RELIGIONS,
    "marital_statuses": ref.MARITAL_STATUSES,
    "ktp_marital_statuses": ref.KTP_MARITAL_STATUSES,
    "education_levels": ref.EDUCATION_LEVELS,
    "blood_types": ref.BLOOD_TYPES,
    "family_relationships": ref.FAMILY_RELATIONSHIPS,
    "emergency_contact_relationships": ref.EMERGENCY_CONTACT_RELATIONSHIPS,
    "citizenships": ref.CITIZENSHIPS,
}


@pytest.mark.parametrize("options", ALL_LISTS.values(), ids=ALL_LISTS.keys())
def test_every_spelling_names_exactly_one_option(options: tuple[Choice, ...]) -> None:
    seen: dict[str, str] = {}
    for option in options:
        for text in (option.code, option.label, option.siak, *option.aliases):
            if text is None:
                continue
            key = " ".join(text.split()).casefold()
            assert seen.setdefault(key, option.code) == option.code, (text, seen[key])
            assert parse_choice(options, text, "f") == option.code


@pytest.mark.parametrize(
    ("name", "size"),
    [
        ("religions", 7),
        ("marital_statuses", 6),
        ("ktp_marital_statuses", 4),
        ("education_levels", 10),
        ("blood_types", 13),
        ("family_relationships", 11),
        ("citizenships", 2),
    ],
)
def test_list_sizes_match_the_kk_and_siak(name: str, size: int) -> None:
    assert len(ALL_LISTS[name]) == size


@pytest.mark.parametrize(
    ("options", "raw", "code"),
    [
        (ref.RELIGIONS, "Katholik", "KATOLIK"),
        (ref.RELIGIONS, "KATOLIK", "KATOLIK"),
        (ref.RELIGIONS, "Budha", "BUDDHA"),
        (ref.RELIGIONS, "Kong Hu Cu", "KHONGHUCU"),
        (ref.RELIGIONS, "  kong   hu cu ", "KHONGHUCU"),
        (ref.RELIGIONS, "Kepercayaan terhadap Tuhan YME", "KEPERCAYAAN"),
        (ref.RELIGIONS, "3", "KATOLIK"),  # SIAK number
        (ref.MARITAL_STATUSES, "Cerai Mati Tercatat", "CERAI_MATI"),
        (ref.MARITAL_STATUSES, "kawin belum tercatat", "KAWIN_BELUM_TERCATAT"),
        (ref.EDUCATION_LEVELS, "Tidak Tamat SD", "BELUM_TAMAT_SD"),
        (ref.EDUCATION_LEVELS, "SMA", "SLTA"),
        (ref.EDUCATION_LEVELS, "S1", "DIPLOMA_IV_S1"),
        (ref.BLOOD_TYPES, "AB+", "AB+"),
        (ref.BLOOD_TYPES, "A−", "A-"),  # the Unicode minus people paste
        (ref.BLOOD_TYPES, "o-", "O-"),
        (ref.FAMILY_RELATIONSHIPS, "Isteri", "ISTRI"),
        (ref.EMERGENCY_CONTACT_RELATIONSHIPS, "Teman", "TEMAN_REKAN"),
        (ref.EMERGENCY_CONTACT_RELATIONSHIPS, "Kakak", "SAUDARA_KANDUNG"),
        (ref.CITIZENSHIPS, "wni", "WNI"),
    ],
)
def test_maps_aliases_to_canonical_codes(options: tuple[Choice, ...], raw: str, code: str) -> None:
    assert parse_choice(options, raw, "field") == code


@pytest.mark.parametrize(
    ("raw", "code"), [(None, "field.required"), ("", "field.required"), ("Jedi", "field.choice")]
)
def test_rejects_unknown_or_missing_choice(raw: str | None, code: str) -> None:
    with pytest.raises(DomainError) as caught:
        parse_choice(ref.RELIGIONS, raw, "religion")
    assert (caught.value.code, caught.value.field) == (code, "religion")


def test_labels_are_the_canonical_indonesian_wording() -> None:
    assert ref.label_of(ref.RELIGIONS, "BUDDHA") == "Buddha"
    assert ref.label_of(ref.EDUCATION_LEVELS, "DIPLOMA_III") == "Akademi/Diploma III/S. Muda"
    with pytest.raises(KeyError):
        ref.label_of(ref.RELIGIONS, "NOPE")


def test_gender_codes_and_labels() -> None:
    assert (Gender.MALE.value, Gender.FEMALE.value) == ("L", "P")
    assert (Gender.MALE.label, Gender.FEMALE.label) == ("Laki-laki", "Perempuan")
    assert ref.parse_gender("perempuan") is Gender.FEMALE
    assert ref.parse_gender("L") is Gender.MALE
    assert ref.parse_gender("Pria") is Gender.MALE


def test_every_siak_marital_status_has_a_ktp_display_value() -> None:
    ktp_codes = {choice.code for choice in ref.KTP_MARITAL_STATUSES}
    for choice in ref.MARITAL_STATUSES:
        assert ref.ktp_marital_status(choice.code) in ktp_codes
    assert ref.ktp_marital_status("KAWIN_BELUM_TERCATAT") == "KAWIN"
    assert ref.ktp_marital_status("KAWIN") == "KAWIN"
    with pytest.raises(KeyError):
        ref.ktp_marital_status("NOPE")


def test_education_levels_are_in_order() -> None:
    assert [c.siak for c in ref.EDUCATION_LEVELS] == [str(n) for n in range(1, 11)]
    codes = [c.code for c in ref.EDUCATION_LEVELS]
    assert codes.index("TAMAT_SD") < codes.index("SLTA") < codes.index("STRATA_III")


def test_emergency_contacts_reuse_shdk_codes() -> None:
    shdk = {c.code: c.label for c in ref.FAMILY_RELATIONSHIPS}
    extra = {"SAUDARA_KANDUNG", "TEMAN_REKAN"}
    for choice in ref.EMERGENCY_CONTACT_RELATIONSHIPS:
        assert choice.code in extra or shdk[choice.code] == choice.label
