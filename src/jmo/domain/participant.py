"""The participant (peserta): identity held by the fund, and the data the person keeps current.

Two groups of fields:

* identity (NIK, KPJ, name, place and date of birth) is read-only in the app: it is
  corrected at a branch office or through the employer, with documents (step 5);
* the profile (contact, bank, population and additional data) is what Pengkinian Data
  updates (steps 7-9). Every change goes through a change request with a field-level diff.

The profile is a flat set of named string fields on purpose: the diff, the history, the
per-field change policy that comes later and the API all speak in those names.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from typing import ClassVar
from uuid import UUID

from jmo.domain.identifiers.bank import mask_bank_account


@dataclass(frozen=True)
class Identity:
    nik: str
    kpj: str
    full_name: str
    birth_place: str
    birth_date: date


@dataclass(frozen=True)
class Profile:
    """What Pengkinian Data reads and writes. ``None`` means not given."""

    # step 7: contact, tax, passport, bank
    phone: str | None = None  # E.164
    email: str | None = None
    npwp: str | None = None  # digits only
    passport: str | None = None
    bank_code: str | None = None
    bank_account: str | None = None
    bank_account_holder: str | None = None
    # step 8: population data (as on the Kartu Keluarga)
    gender: str | None = None
    mother_name: str | None = None
    kk_number: str | None = None
    family_relationship: str | None = None
    citizenship: str | None = None
    marital_status: str | None = None
    address_street: str | None = None
    address_rt: str | None = None
    address_rw: str | None = None
    province_code: str | None = None
    regency_code: str | None = None
    district_code: str | None = None
    village_code: str | None = None
    postal_code: str | None = None
    # step 9: additional data and emergency contact
    education: str | None = None
    blood_type: str | None = None
    religion: str | None = None
    emergency_name: str | None = None
    emergency_phone: str | None = None
    emergency_relationship: str | None = None

    # Fields whose values are sensitive personal data (UU 27/2022 Art 4: financial data,
    # and the data that answers account-recovery questions). They are encrypted at rest,
    # masked on screens that do not need the full value, and never logged.
    SENSITIVE: ClassVar[frozenset[str]] = frozenset(
        {
            "bank_account",
            "passport",
            "mother_name",
            "kk_number",
            "emergency_name",
            "emergency_phone",
            "npwp",
        }
    )

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def as_dict(self) -> dict[str, str | None]:
        return {name: getattr(self, name) for name in self.field_names()}

    def with_changes(self, changes: dict[str, str | None]) -> Profile:
        unknown = set(changes) - set(self.field_names())
        if unknown:
            raise KeyError(f"unknown profile fields: {sorted(unknown)}")
        return replace(self, **changes)


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str | None
    new: str | None


def mask_for_staff(field: str, value: str | None) -> str | None:
    """What a staff screen shows of a profile value: a sensitive one only by its last four
    characters (as a bank shows an account number); the full value is for the actions
    that need it (paying a claim)."""
    if value is None or field not in Profile.SENSITIVE:
        return value
    return mask_bank_account(value)


def masked_for_staff(changes: tuple[FieldChange, ...]) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(c.field, mask_for_staff(c.field, c.old), mask_for_staff(c.field, c.new))
        for c in changes
    )


def diff_profiles(old: Profile, new: Profile) -> tuple[FieldChange, ...]:
    """The field-level diff old -> new, in the profile's field order."""
    before, after = old.as_dict(), new.as_dict()
    return tuple(
        FieldChange(name, before[name], after[name])
        for name in Profile.field_names()
        if before[name] != after[name]
    )


@dataclass
class Participant:
    id: UUID
    identity: Identity
    profile: Profile
    version: int = 1
    pengkinian_completed_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def data_is_current(self) -> bool:
        """Services other than Pengkinian Data unlock once a data update was completed."""
        return self.pengkinian_completed_at is not None

    def apply_profile(self, new_profile: Profile, at: datetime) -> tuple[FieldChange, ...]:
        changes = diff_profiles(self.profile, new_profile)
        self.profile = new_profile
        self.version += 1
        self.updated_at = at
        return changes


@dataclass(frozen=True)
class Employment:
    employer_npp: str
    employer_name: str
    start_date: date
    end_date: date | None
    monthly_wage: int  # rupiah


@dataclass(frozen=True)
class HistoryVersion:
    participant_id: UUID
    version: int
    profile: Profile
    change_request_id: UUID | None
    recorded_at: datetime
