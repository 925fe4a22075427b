"""Final income tax (PPh 21 final) on a lump-sum JHT, or a JP paid as a lump sum.

docs/domain-rules.md §4:

* 0% on the first Rp50,000,000 of the gross and 5% on the part above (PP 68/2009, kept
  by PP 58/2023 and PMK 168/2023; H);
* without an NPWP the withholding is 120% of that (UU PPh Art 21(5a); H);
* a NIK used as NPWP removes the surcharge only when DJP holds it as valid / integrated
  (DJP PENG-6/PJ.09/2024 point 7; M-H): status ``nik_valid``. A NIK that is not (yet)
  marked valid keeps the surcharge (``nik_unvalidated``).

Rounding: whole rupiah with integer arithmetic; the tax is computed once from the taxable
part, surcharge included, and rounded *down* (a fraction of a rupiah cannot be withheld;
rounding down never withholds more than the rule says). Worked example (§4): Rp80,000,000
-> taxable 30,000,000 -> tax 1,500,000 with NPWP (net 78,500,000) or 1,800,000 without
(net 78,200,000).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from jmo.domain.identifiers._text import strip_separators
from jmo.domain.identifiers.npwp import NpwpKind, npwp_kind

_PERCENT = 100
_BASIS_POINTS = 10_000


class NpwpStatus(StrEnum):
    """docs/domain-rules.md §1 and §4: ``npwp_status in {legacy15, nik_valid, nik_unvalidated,
    none}``. A 16-digit NPWP of the form "0" + 15 digits is the legacy number in the new
    format and counts as ``legacy15``."""

    LEGACY15 = "legacy15"
    NIK_VALID = "nik_valid"
    NIK_UNVALIDATED = "nik_unvalidated"
    NONE = "none"

    @property
    def has_valid_npwp(self) -> bool:
        return self in (NpwpStatus.LEGACY15, NpwpStatus.NIK_VALID)


def npwp_status(npwp: str | None, *, nik: str, nik_marked_valid: bool) -> NpwpStatus:
    """The status of the NPWP on a participant's profile.

    ``nik_marked_valid`` is the flag an officer records after DJP confirms the NIK as
    NPWP (this app has no DJP link yet; docs/rules.md). A 16-digit number that is not the
    person's own NIK cannot be their NIK-NPWP and is treated as not validated.
    """
    value = strip_separators(npwp or "")
    if not value:
        return NpwpStatus.NONE
    if npwp_kind(value) in (NpwpKind.LEGACY15, NpwpKind.NPWP16):
        return NpwpStatus.LEGACY15
    if value == nik and nik_marked_valid:
        return NpwpStatus.NIK_VALID
    return NpwpStatus.NIK_UNVALIDATED


@dataclass(frozen=True)
class LumpSumTaxRule:
    effective_from: date
    threshold: int  # taxed at 0% up to here
    rate_bp: int  # on the part above
    surcharge_percent: int  # of the tax, without a valid NPWP
    source: str


LUMP_SUM_TAX_RULES: tuple[LumpSumTaxRule, ...] = (
    LumpSumTaxRule(
        date(2009, 1, 1),
        50_000_000,
        500,
        120,
        "PP 68/2009 (kept by PP 58/2023, PMK 168/2023); UU PPh Art 21(5a)",
    ),
)


def tax_rule(on: date) -> LumpSumTaxRule:
    found = [r for r in LUMP_SUM_TAX_RULES if r.effective_from <= on]
    if not found:
        raise ValueError(f"no lump-sum tax rule in force on {on}")
    return found[-1]


@dataclass(frozen=True)
class TaxBreakdown:
    gross: int
    threshold: int
    taxable: int  # the part above the threshold
    rate_bp: int
    surcharged: bool
    tax: int
    npwp_status: NpwpStatus

    @property
    def net(self) -> int:
        return self.gross - self.tax


def lump_sum_tax(gross: int, status: NpwpStatus, *, on: date) -> TaxBreakdown:
    if gross < 0:
        raise ValueError("gross must not be negative")
    rule = tax_rule(on)
    taxable = max(0, gross - rule.threshold)
    surcharged = not status.has_valid_npwp
    numerator = taxable * rule.rate_bp * (rule.surcharge_percent if surcharged else _PERCENT)
    tax = numerator // (_BASIS_POINTS * _PERCENT)
    return TaxBreakdown(
        gross=gross,
        threshold=rule.threshold,
        taxable=taxable,
        rate_bp=rule.rate_bp,
        surcharged=surcharged,
        tax=tax,
        npwp_status=status,
    )
