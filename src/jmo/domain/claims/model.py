"""A benefit claim (JHT, JKM, JKK, JP): what was asked, what the rules computed, the
documents, where it is processed, and its timeline.

Statuses follow the fund's tracking ("Lacak Klaim"): submitted -> verified -> approved ->
paid, or rejected (with a reason) from submitted or verified. Staff move a claim through
the use cases in ``jmo.usecases.claims.staff``; the participant is told at each step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID


class ClaimProgram(StrEnum):
    JHT = "jht"
    JKM = "jkm"
    JKK = "jkk"
    JP = "jp"


class ClaimReason(StrEnum):
    # JHT (Permenaker 4/2022 Art 2-11; PP 46/2015 Art 22)
    JHT_RETIREMENT = "jht.retirement"
    JHT_RESIGNATION = "jht.resignation"
    JHT_TERMINATION = "jht.termination"
    JHT_LEAVING_INDONESIA = "jht.leaving_indonesia"
    JHT_PERMANENT_DISABILITY = "jht.permanent_disability"
    JHT_DEATH = "jht.death"
    JHT_PARTIAL_HOUSING = "jht.partial_housing"  # up to 30% after 10 years
    JHT_PARTIAL_OTHER = "jht.partial_other"  # up to 10% after 10 years
    # JKM (PP 44/2015 jo PP 82/2019)
    JKM_DEATH = "jkm.death"
    # JKK (PP 44/2015 jo PP 82/2019)
    JKK_TEMPORARY_DISABILITY = "jkk.temporary_disability"
    JKK_PARTIAL_DISABILITY = "jkk.partial_disability"
    JKK_TOTAL_DISABILITY = "jkk.total_disability"
    JKK_DEATH = "jkk.death"
    # JP (PP 45/2015)
    JP_OLD_AGE = "jp.old_age"

    @property
    def program(self) -> ClaimProgram:
        return ClaimProgram(self.value.split(".", 1)[0])

    @property
    def filed_by_heir(self) -> bool:
        """Death benefits are claimed by an heir, for the deceased participant."""
        return self in HEIR_REASONS

    @property
    def is_partial(self) -> bool:
        return self in (ClaimReason.JHT_PARTIAL_HOUSING, ClaimReason.JHT_PARTIAL_OTHER)


HEIR_REASONS = frozenset({ClaimReason.JHT_DEATH, ClaimReason.JKM_DEATH, ClaimReason.JKK_DEATH})


def reasons_of(program: ClaimProgram) -> tuple[ClaimReason, ...]:
    return tuple(r for r in ClaimReason if r.program is program)


class ClaimStatus(StrEnum):
    SUBMITTED = "submitted"
    VERIFIED = "verified"
    APPROVED = "approved"
    REJECTED = "rejected"
    PAID = "paid"

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES


OPEN_STATUSES = frozenset({ClaimStatus.SUBMITTED, ClaimStatus.VERIFIED, ClaimStatus.APPROVED})


class Route(StrEnum):
    APP = "app"  # processed from the app: documents checked by an officer, paid to the bank
    BRANCH = "branch"  # to be completed at a branch office or Lapak Asik (video interview)


class PaymentMode(StrEnum):
    LUMP_SUM = "lump_sum"
    MONTHLY = "monthly"


class RejectionReason(StrEnum):
    DOCUMENTS_INCOMPLETE = "documents_incomplete"
    DOCUMENTS_INVALID = "documents_invalid"
    NOT_ELIGIBLE = "not_eligible"
    DATA_MISMATCH = "data_mismatch"
    OTHER = "other"


class HeirRelationship(StrEnum):
    """The order of heirs for JHT, JKM and JKK lump sums (PP 46/2015 jo 60/2015;
    docs/domain-rules.md §6): who may claim is settled by the heir certificate an officer
    checks; the app records what the claimant says."""

    SPOUSE = "spouse"  # janda/duda
    CHILD = "child"
    PARENT = "parent"
    GRANDCHILD = "grandchild"
    GRANDPARENT = "grandparent"
    SIBLING = "sibling"
    PARENT_IN_LAW = "parent_in_law"
    NAMED_IN_WILL = "named_in_will"


@dataclass(frozen=True)
class AmountLine:
    """One part of a benefit, e.g. the JKM lump sum or the JHT balance. ``code`` names it
    for the pages (a label per code); ``params`` carry the figures it was computed from."""

    code: str
    amount: int
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Benefit:
    """What the rules give: the lines, the gross, the tax and the net paid."""

    payment_mode: PaymentMode
    lines: tuple[AmountLine, ...]
    gross: int
    tax: int
    tax_without_npwp: int  # shown before submitting: the tax if no valid NPWP
    tax_with_npwp: int  # and with one
    npwp_status: str
    notes: tuple[str, ...] = ()  # codes of remarks shown with the amount

    @property
    def net(self) -> int:
        return self.gross - self.tax


@dataclass(frozen=True)
class Problem:
    """A reason a claim cannot go ahead now (code + parameters for the message)."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ClaimDocument:
    id: UUID
    document_type: str
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime


@dataclass(frozen=True)
class ClaimEvent:
    status: ClaimStatus
    at: datetime
    actor_account_id: UUID | None
    actor_role: str | None
    reason: str | None = None  # RejectionReason for rejections
    note: str = ""
    gross: int | None = None  # amounts at payment
    tax: int | None = None
    payment_reference: str = ""


class BranchStep(StrEnum):
    """What happened at the branch office for a claim routed there (docs/domain-rules.md §3:
    above the self-service limit the claim is completed at a branch or Lapak Asik)."""

    DOCUMENTS_SEEN = "documents_seen"  # an officer saw the original documents at the counter
    APPOINTMENT_DONE = "appointment_done"  # the appointment took place (video or at a branch)


@dataclass(frozen=True)
class BranchVisit:
    """A branch step recorded by an officer of that branch."""

    step: BranchStep
    at: datetime
    branch_code: str
    officer_account_id: UUID
    note: str = ""


@dataclass
class Claim:
    id: UUID
    number: str
    program: ClaimProgram
    reason: ClaimReason
    status: ClaimStatus
    route: Route
    route_reason: str | None  # a message code when the route is the branch
    member_participant_id: UUID  # whose benefit it is
    member_kpj: str
    claimant_participant_id: UUID  # who filed: the member, or an heir
    claimant_account_id: UUID
    benefit: Benefit
    bank_code: str
    bank_account: str
    bank_account_holder: str
    submitted_at: datetime
    updated_at: datetime
    event_date: date | None = None  # resignation, death or accident date
    heir_relationship: HeirRelationship | None = None
    details: dict[str, Any] = field(default_factory=dict)  # the figures the person entered
    documents: tuple[ClaimDocument, ...] = ()
    events: list[ClaimEvent] = field(default_factory=list)
    branch_visits: list[BranchVisit] = field(default_factory=list)
    idempotency_key: str | None = None
    version: int = 1

    @property
    def is_open(self) -> bool:
        return self.status.is_open

    @property
    def filed_by_heir(self) -> bool:
        return self.claimant_participant_id != self.member_participant_id

    @property
    def payout_account_needed(self) -> bool:
        """Staff see the bank account in full only while the claim waits for payment (the
        transfer needs it); otherwise the last four digits."""
        return self.status is ClaimStatus.APPROVED

    @property
    def amounts_visible_to_claimant(self) -> bool:
        """An heir's claim computes from the deceased's records (balance, wage); the
        amounts are shown to the claimant only once an officer verified the documents, so
        knowing someone's KPJ and NIK does not reveal their balance. The JKM amounts are
        fixed by regulation and reveal nothing, so they are always shown."""
        if not self.filed_by_heir or self.program is ClaimProgram.JKM:
            return True
        return self.status not in (
            ClaimStatus.SUBMITTED,
            ClaimStatus.REJECTED,
        )


def claim_number(program: ClaimProgram, submitted_on: date, claim_id: UUID) -> str:
    """What people read out on the phone: programme, date, six hex digits of the id."""
    return f"{program.value.upper()}-{submitted_on:%Y%m%d}-{claim_id.hex[:6].upper()}"


CLAIM_NUMBER_PATTERN = re.compile(r"\b(?:JHT|JKM|JKK|JP)-\d{8}-[0-9A-F]{6}\b")
