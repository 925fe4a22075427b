"""Money is whole rupiah in an ``int``. Never a float (rounding of shares and tax is
specified per rule, with integer arithmetic; see docs/domain-rules.md §4)."""

from __future__ import annotations

from typing import NewType

Rupiah = NewType("Rupiah", int)


def rupiah(amount: int) -> Rupiah:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError("rupiah amounts are integers")
    return Rupiah(amount)


def percent_of(amount: int, numerator: int, denominator: int = 100) -> Rupiah:
    """``amount * numerator / denominator`` rounded half up to the rupiah, in integers."""
    if amount < 0:
        raise ValueError("amount must not be negative")
    return Rupiah((amount * numerator * 2 + denominator) // (denominator * 2))


def format_rupiah(amount: int) -> str:
    """Rp1.234.567 (Indonesian thousands separator)."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")
