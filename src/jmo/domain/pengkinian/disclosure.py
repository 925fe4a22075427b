"""What Pengkinian Data shows before the selfie has passed (issue 8 item 12).

The password alone must not hand over the numbers that open other doors: the NIK and the
KK number (loans, SIM cards), the NPWP (for a person, the NIK), the passport, the bank
account, the mother's maiden name (a bank's security question, so hidden fully, length
included), the emergency contact (often that same mother) and the phone and email (SIM
swap, recovery). Until the selfie of the open draft has passed, and again once that pass
has expired (``PengkinianDraft.shows_sensitive_values``), each is shown masked as below,
enough for the owner to recognise; afterwards the steps that edit them show them in full.
The API and the pages both read the masked values from the same view
(``usecases.pengkinian.views``); nothing else decides.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from jmo.domain.identifiers.bank import mask_bank_account
from jmo.domain.identifiers.email import mask_email
from jmo.domain.identifiers.nik import mask_nik
from jmo.domain.participant import Identity, Profile

HIDDEN = "******"  # fixed length: the length of a name says something too


def _hidden(value: str) -> str:
    return HIDDEN if value else ""


def _keep_ends(start: int, end: int) -> Callable[[str], str]:
    def mask(value: str) -> str:
        if len(value) <= start + end:
            return "*" * len(value)
        return value[:start] + "*" * (len(value) - start - end) + value[len(value) - end :]

    return mask


# field -> how it is shown before the pass. Identity fields other than the NIK (KPJ, name,
# place and date of birth) stay readable: step 5 asks the person to check them.
MASKED_BEFORE_FACE_PASS: Mapping[str, Callable[[str], str]] = {
    "nik": mask_nik,
    "kk_number": _keep_ends(4, 2),
    "npwp": _keep_ends(0, 3),
    "passport": _keep_ends(1, 2),
    "bank_account": mask_bank_account,
    "mother_name": _hidden,
    "emergency_name": _hidden,
    "emergency_phone": _keep_ends(4, 3),
    "phone": _keep_ends(4, 3),
    "email": mask_email,
}


def mask_value(field: str, value: str | None) -> str | None:
    if not value or field not in MASKED_BEFORE_FACE_PASS:
        return value
    return MASKED_BEFORE_FACE_PASS[field](value)


def mask_values(values: Mapping[str, str]) -> dict[str, str]:
    return {name: mask_value(name, value) or "" for name, value in values.items()}


def mask_identity(identity: Identity) -> Identity:
    return replace(identity, nik=MASKED_BEFORE_FACE_PASS["nik"](identity.nik))


def mask_profile(profile: Profile) -> Profile:
    return profile.with_changes(
        {name: mask_value(name, value) for name, value in profile.as_dict().items()}
    )
