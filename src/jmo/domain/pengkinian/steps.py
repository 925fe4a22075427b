"""The wizard's steps and their order.

Steps 1-4 of the fund's guide (open the app, log in, the menu, the "Silakan Melanjutkan
Proses Pengkinian Data" pop-up) happen before a draft exists; the draft walks steps 5-11.
"""

from __future__ import annotations

from enum import StrEnum


class Step(StrEnum):
    IDENTITY = "identity"  # 5: check NIK, KPJ, name, place and date of birth -> "Sudah"
    BIOMETRIC = "biometric"  # 6: selfie matched against the reference photo
    CONTACT = "contact"  # 7: phone, email, NPWP, passport, bank account
    POPULATION = "population"  # 8: gender, mother's name, address, marital status, KK data
    ADDITIONAL = "additional"  # 9: education, blood type, religion, emergency contact
    CONFIRM = "confirm"  # 10: summary, terms consent, "Konfirmasi"
    DONE = "done"  # 11: "Pengkinian data berhasil"

    @property
    def number(self) -> int:
        """The step's number in the fund's guide (5..11)."""
        return ORDER.index(self) + 5

    @property
    def next(self) -> Step:
        i = ORDER.index(self)
        return ORDER[min(i + 1, len(ORDER) - 1)]

    @property
    def previous(self) -> Step | None:
        i = ORDER.index(self)
        return ORDER[i - 1] if i > 0 else None

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Step):
            return NotImplemented
        return ORDER.index(self) <= ORDER.index(other)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Step):
            return NotImplemented
        return ORDER.index(self) < ORDER.index(other)

    # Without these, ``>`` and ``>=`` would fall back to comparing the strings.
    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Step):
            return NotImplemented
        return ORDER.index(self) > ORDER.index(other)

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Step):
            return NotImplemented
        return ORDER.index(self) >= ORDER.index(other)


ORDER: tuple[Step, ...] = (
    Step.IDENTITY,
    Step.BIOMETRIC,
    Step.CONTACT,
    Step.POPULATION,
    Step.ADDITIONAL,
    Step.CONFIRM,
    Step.DONE,
)

# The steps whose entries become profile changes.
FORM_STEPS: tuple[Step, ...] = (Step.CONTACT, Step.POPULATION, Step.ADDITIONAL)
