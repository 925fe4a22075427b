"""Signs that an account may have been taken over, for staff and for payouts.

The attack that matters most: someone takes over an account and changes the bank account
that savings are paid to. A changed bank account therefore waits a cooling-off period
before a claim may pay to it (docs/domain-rules.md §5, "Changing the payout bank account":
re-verification, notice to the old contacts, a hold on claims right after a change).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from jmo.domain.participant import Profile

BANK_FIELDS = ("bank_code", "bank_account", "bank_account_holder")
CONTACT_FIELDS = ("phone", "email")


@dataclass(frozen=True)
class RiskFlag:
    code: str  # "bank.recently_changed", "contact.recently_changed"
    since: datetime
    until: datetime | None = None


def last_change(
    versions: Sequence[tuple[datetime, Profile]], fields: Sequence[str]
) -> datetime | None:
    """When any of ``fields`` last changed, from the profile versions in order."""
    changed_at = None
    for (_, before), (at, after) in itertools.pairwise(versions):
        if any(getattr(before, f) != getattr(after, f) for f in fields):
            changed_at = at
    return changed_at


@dataclass(frozen=True)
class PayoutHold:
    """A claim may not be paid before ``until``: ``fields`` changed too recently."""

    until: datetime
    fields: tuple[str, ...]

    @property
    def reason(self) -> str:
        """ "bank" when the payout account itself is new, else "contact"."""
        return "bank" if changes_bank_account(self.fields) else "contact"


def payout_hold(
    versions: Sequence[tuple[datetime, Profile]],
    holds: Mapping[str, timedelta],
    now: datetime,
) -> PayoutHold | None:
    """The hold running at ``now``, from the last change of each held field plus its hold
    (the waits are the field policy's, ``jmo.domain.pengkinian.policy.money_holds``). The
    one rule the payout, the claim pages, the data update and the officer's ``claim show``
    all read (issue 9 item 2, issue 12)."""
    running: dict[str, datetime] = {}
    for name, hold in holds.items():
        changed = last_change(versions, (name,))
        if changed is not None and now < changed + hold:
            running[name] = changed + hold
    if not running:
        return None
    return PayoutHold(max(running.values()), tuple(running))


def changes_bank_account(fields: Iterable[str]) -> bool:
    """Whether changing these profile fields starts the payout hold (and the notice to the
    old contacts): any of ``BANK_FIELDS``."""
    return any(name in BANK_FIELDS for name in fields)


def risk_flags(
    versions: Sequence[tuple[datetime, Profile]],
    *,
    now: datetime,
    cooling_off: timedelta,
    recent: timedelta = timedelta(days=30),
    contact_hold: timedelta | None = None,
) -> list[RiskFlag]:
    """``cooling_off`` and ``contact_hold``: the payout waits after a new bank account and
    a new phone or email (the field policy's), shown as each flag's ``until``."""
    flags: list[RiskFlag] = []
    bank = last_change(versions, BANK_FIELDS)
    if bank is not None and now < bank + max(cooling_off, recent):
        flags.append(RiskFlag("bank.recently_changed", bank, bank + cooling_off))
    contact = last_change(versions, CONTACT_FIELDS)
    if contact is not None and now < contact + recent:
        until = contact + contact_hold if contact_hold else None
        flags.append(RiskFlag("contact.recently_changed", contact, until))
    return flags


def bank_change_needs_second_person(flags: Sequence[RiskFlag], changed: Iterable[str]) -> bool:
    """A new payout account asked for while the risk rules flag the participant (their bank
    account or contacts changed within the recent window: the usual order of a takeover is
    the phone first, then the bank) is not applied at once: an officer checks it and a
    supervisor who is not that officer approves it (four eyes)."""
    return changes_bank_account(changed) and bool(flags)
