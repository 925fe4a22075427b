"""What staff do with claims: list, read, verify, approve, reject (with a reason), pay.

Each move is one use case the officer portal will call as well as the staff API and
`jmo claim`: the role is checked here (``require_staff``), the transition by the domain
(``jmo.domain.claims.tracking``), and every move writes the timeline event, an audit entry
and the notices to the claimant in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.backoffice.permissions import Action
from jmo.domain.claims.model import (
    Claim,
    ClaimReason,
    ClaimStatus,
    PaymentMode,
    RejectionReason,
)
from jmo.domain.claims.tracking import (
    can_move,
    move,
    require_branch_step,
    require_second_person,
)
from jmo.domain.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from jmo.domain.jht.ledger import plan_payout
from jmo.domain.jht.tables import Program
from jmo.domain.tax.benefit_tax import NpwpStatus, lump_sum_tax
from jmo.usecases.access import (
    access_claim_as_staff,
    access_participant_as_staff,
    participants_in_scope,
    require_action,
    require_staff,
)
from jmo.usecases.accounts.claim_lock import require_claims_unlocked
from jmo.usecases.accounts.not_me import require_not_frozen
from jmo.usecases.auditing import audit
from jmo.usecases.claims.notify import notify_claimant
from jmo.usecases.jht.posting import post_missing
from jmo.usecases.participants.risk import payout_hold, payout_hold_until
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import BenefitServices
from jmo.usecases.staff_reads import StaffRead, record_staff_read

MAX_LIST = 200


def list_claims(
    uow: UnitOfWork, actor: Actor, *, status: ClaimStatus | None = None, limit: int = 50
) -> list[Claim]:
    """The work queue, oldest first. The edges show it as a list to pick from (number,
    programme, reason, status, route, dates: no one's name, KPJ, bank or amounts), so
    listing is not a read of anyone's data; opening a claim is, and is recorded."""
    require_action(actor, Action.QUEUE_VIEW)
    with uow:
        found = uow.claims.listing(status, min(max(limit, 1), MAX_LIST))
        mine = participants_in_scope(uow, actor, (c.claimant_participant_id for c in found))
        return [c for c in found if c.claimant_participant_id in mine]


def _record_claim_read(
    uow: UnitOfWork, actor: Actor, claim: Claim, what: StaffRead, now: datetime, **refs: str
) -> None:
    extra: dict[str, str | bool] = dict(refs)
    if claim.payout_account_needed:
        extra["full_bank_account"] = True
    record_staff_read(
        uow,
        actor,
        what,
        [claim.claimant_participant_id, claim.member_participant_id],
        at=now,
        number=claim.number,
        **extra,
    )


def get_claim_for_staff(uow: UnitOfWork, actor: Actor, claim_id: UUID, *, now: datetime) -> Claim:
    """An officer opens a claim: recorded for the claimant (and the member, for an heir's
    claim)."""
    require_staff(actor)
    with uow:
        claim = access_claim_as_staff(uow, actor, claim_id)
        _record_claim_read(uow, actor, claim, StaffRead.CLAIM, now)
        uow.commit()
        return claim


def claim_id_by_number(uow: UnitOfWork, actor: Actor, number: str) -> UUID:
    """The id behind the number people read out (the CLI's moves; nothing is shown)."""
    require_staff(actor)
    with uow:
        claim = uow.claims.get_by_number(number)
        if claim is None:
            raise NotFound("claim")
        return claim.id


def find_claim(uow: UnitOfWork, actor: Actor, number: str, *, now: datetime) -> Claim:
    """By the number people read out (``jmo claim show``): recorded like any opening."""
    return get_claim_for_staff(uow, actor, claim_id_by_number(uow, actor, number), now=now)


@dataclass(frozen=True)
class DocumentFile:
    filename: str
    content_type: str
    data: bytes


def read_claim_document(
    uow: UnitOfWork, actor: Actor, claim_id: UUID, document_id: UUID, *, now: datetime
) -> DocumentFile:
    """An officer opens an uploaded document (identity papers): recorded."""
    require_staff(actor)
    with uow:
        claim = access_claim_as_staff(uow, actor, claim_id)
        found = uow.claims.document(claim.id, document_id)
        if found is None:
            raise NotFound("claim_document")
        kind = next(d.document_type for d in claim.documents if d.id == document_id)
        _record_claim_read(uow, actor, claim, StaffRead.CLAIM_DOCUMENT, now, document=kind)
        uow.commit()
        return DocumentFile(*found)


def _transition(
    uow: UnitOfWork,
    actor: Actor,
    claim_id: UUID,
    to: ClaimStatus,
    *,
    notices: NoticeComposer,
    now: datetime,
    reason: RejectionReason | None = None,
    note: str = "",
    benefits: BenefitServices | None = None,
    payment_reference: str = "",
) -> Claim:
    require_staff(actor)
    with uow:
        claim = access_claim_as_staff(uow, actor, claim_id, Action.CLAIM_MOVE)
        gross = tax = None
        if to is ClaimStatus.APPROVED and can_move(claim, to):
            assert benefits is not None
            # Four eyes: above the amount, whoever verified never approves.
            require_second_person(claim, actor.account_id, above=benefits.claim_four_eyes_above)
        if to is ClaimStatus.PAID:
            assert benefits is not None
            # "Bukan saya" (issue 12): no payout while the member's account is frozen.
            require_not_frozen(uow, claim.member_participant_id)
            require_not_frozen(uow, claim.claimant_participant_id)
            require_claims_unlocked(uow, claim.member_participant_id, now)
            if can_move(claim, to):  # an illegal move is refused as such by move() below
                require_branch_step(claim)  # before anything leaves the ledger
                _require_cooled_off(uow, claim, benefits, now)
            claim = _pay_out_of_ledger(uow, claim, benefits=benefits, now=now)
            gross, tax = claim.benefit.gross, claim.benefit.tax
        move(
            claim,
            to,
            at=now,
            actor_account_id=actor.account_id,
            actor_role=actor.role.value,
            reason=reason,
            note=note,
            gross=gross,
            tax=tax,
            payment_reference=payment_reference,
        )
        uow.claims.save(claim)
        audit(
            uow,
            actor,
            f"claim.{to.value}",
            subject_type="claim",
            subject_id=claim.id,
            at=now,
            number=claim.number,
            reason=reason.value if reason else None,
            gross=claim.benefit.gross,
            tax=claim.benefit.tax,
            net=claim.benefit.net,
            payment_reference=payment_reference or None,
        )
        claimant = uow.participants.get(claim.claimant_participant_id)
        if claimant is not None:
            notify_claimant(
                uow, notices, claimant, claim, now=now, reason=reason.value if reason else None
            )
        uow.commit()
        return claim


def _require_cooled_off(
    uow: UnitOfWork, claim: Claim, benefits: BenefitServices, now: datetime
) -> None:
    """A bank account, phone or email changed recently may be the work of someone who took
    over the account: no payout until the field policy's wait has passed (the real owner
    was told at the old phone and email meanwhile)."""
    hold = payout_hold(
        uow,
        claim.claimant_participant_id,
        cooling_off_days=benefits.bank_cooling_off_days,
        contact_days=benefits.contact_cooling_off_days,
        now=now,
    )
    if hold is not None:
        code = "claim.bank_cooling_off" if hold.reason == "bank" else "claim.contact_cooling_off"
        raise Conflict(code, until=hold.until.date().isoformat())


def claim_payout_hold(
    uow: UnitOfWork, actor: Actor, claim: Claim, *, benefits: BenefitServices, now: datetime
) -> datetime | None:
    """For the officer (``claim show``): until when this claim may not be paid because the
    claimant's bank account, phone or email changed recently (the field policy's waits;
    issue 9 item 2: known before payment day)."""
    require_staff(actor)
    with uow:
        return payout_hold_until(
            uow,
            claim.claimant_participant_id,
            cooling_off_days=benefits.bank_cooling_off_days,
            contact_days=benefits.contact_cooling_off_days,
            now=now,
        )


_LEDGER_PROGRAM = {
    ClaimReason.JHT_RETIREMENT: Program.JHT,
    ClaimReason.JHT_RESIGNATION: Program.JHT,
    ClaimReason.JHT_TERMINATION: Program.JHT,
    ClaimReason.JHT_LEAVING_INDONESIA: Program.JHT,
    ClaimReason.JHT_PERMANENT_DISABILITY: Program.JHT,
    ClaimReason.JHT_DEATH: Program.JHT,
    ClaimReason.JHT_PARTIAL_HOUSING: Program.JHT,
    ClaimReason.JHT_PARTIAL_OTHER: Program.JHT,
    ClaimReason.JP_OLD_AGE: Program.JP,
}


def _pay_out_of_ledger(
    uow: UnitOfWork, claim: Claim, *, benefits: BenefitServices, now: datetime
) -> Claim:
    """A JHT claim, or a JP lump sum, is paid out of the member's account: this year's
    yield pro rata, then the withdrawal. A full claim pays the balance as it is on the
    day of payment (it may have grown since the quote); the tax is computed again on it."""
    program = _LEDGER_PROGRAM.get(claim.reason)
    if program is None or claim.benefit.payment_mode is PaymentMode.MONTHLY:
        return claim
    member = uow.participants.get(claim.member_participant_id)
    if member is None:
        raise NotFound("participant")
    entries, _ = post_missing(uow, member, yields=benefits.yields, now=now)
    amount = claim.benefit.gross if claim.reason.is_partial else None
    try:
        payout = plan_payout(
            entries,
            program,
            reference=claim.number,
            pay_date=now.date(),
            yields=benefits.yields,
            amount=amount,
        )
    except ValueError as exc:
        raise ValidationFailed.single("reason", "claim.balance_changed") from exc
    uow.jht_ledger.add(member.id, payout.entries, now)
    if claim.reason.is_partial:
        return claim
    gross = payout.withdrawn
    tax = lump_sum_tax(gross, NpwpStatus(claim.benefit.npwp_status), on=now.date()).tax
    paid = {
        "jht.balance": gross,
        "jp.lump_sum": gross,
        "jht.posted_balance": gross - payout.pro_rata_yield,
        "jht.yield_this_year": payout.pro_rata_yield,
    }
    lines = tuple(
        replace(line, amount=paid[line.code]) if line.code in paid else line
        for line in claim.benefit.lines
    )
    benefit = replace(claim.benefit, gross=gross, tax=tax, lines=lines)
    return replace(claim, benefit=benefit, events=list(claim.events))


def verify_claim(
    uow: UnitOfWork,
    actor: Actor,
    claim_id: UUID,
    *,
    notices: NoticeComposer,
    now: datetime,
    note: str = "",
) -> Claim:
    """The documents are complete and authentic."""
    return _transition(
        uow, actor, claim_id, ClaimStatus.VERIFIED, notices=notices, now=now, note=note
    )


def approve_claim(
    uow: UnitOfWork,
    actor: Actor,
    claim_id: UUID,
    *,
    benefits: BenefitServices,
    notices: NoticeComposer,
    now: datetime,
    note: str = "",
) -> Claim:
    """Above ``benefits.claim_four_eyes_above`` the approver is not who verified (403
    ``four_eyes.same_person``)."""
    return _transition(
        uow,
        actor,
        claim_id,
        ClaimStatus.APPROVED,
        notices=notices,
        now=now,
        note=note,
        benefits=benefits,
    )


def reject_claim(
    uow: UnitOfWork,
    actor: Actor,
    claim_id: UUID,
    *,
    reason: RejectionReason,
    notices: NoticeComposer,
    now: datetime,
    note: str = "",
) -> Claim:
    return _transition(
        uow,
        actor,
        claim_id,
        ClaimStatus.REJECTED,
        notices=notices,
        now=now,
        reason=reason,
        note=note,
    )


def pay_claim(
    uow: UnitOfWork,
    actor: Actor,
    claim_id: UUID,
    *,
    benefits: BenefitServices,
    notices: NoticeComposer,
    now: datetime,
    payment_reference: str = "",
) -> Claim:
    """Paid to the bank account on the claim (for a monthly JP: the first payment)."""
    return _transition(
        uow,
        actor,
        claim_id,
        ClaimStatus.PAID,
        notices=notices,
        now=now,
        benefits=benefits,
        payment_reference=payment_reference,
    )


def record_npwp_validation(
    uow: UnitOfWork,
    actor: Actor,
    *,
    kpj: str,
    nik_valid: bool,
    source: str,
    now: datetime,
) -> None:
    """An officer records DJP's answer on a participant's NIK-as-NPWP (until a DJP link
    exists). ``nik_valid`` removes the 20% surcharge on their claim tax."""
    require_action(actor, Action.CLAIM_MOVE)
    with uow:
        participant = uow.participants.get_by_kpj(kpj)
        if participant is None:
            raise NotFound("participant")
        access_participant_as_staff(uow, actor, participant.id, Action.CLAIM_MOVE)
        uow.npwp_validations.record(
            participant.id,
            nik_valid=nik_valid,
            source=source.strip()[:100] or "officer",
            at=now,
            recorded_by=actor.account_id,
        )
        audit(
            uow,
            actor,
            "tax.npwp_validation_recorded",
            subject_type="participant",
            subject_id=participant.id,
            at=now,
            nik_valid=nik_valid,
        )
        uow.commit()


__all__ = [
    "DocumentFile",
    "approve_claim",
    "claim_id_by_number",
    "find_claim",
    "get_claim_for_staff",
    "list_claims",
    "pay_claim",
    "read_claim_document",
    "record_npwp_validation",
    "reject_claim",
    "staff_actor",
    "verify_claim",
]


def staff_actor(uow: UnitOfWork, email: str, *, channel: str = "cli") -> Actor:
    """The actor for an officer working from the command line (``jmo claim --as``): the
    account must exist and hold a staff role."""
    with uow:
        account = uow.accounts.get_by_email(email.strip().lower())
    if account is None:
        raise NotFound("account")
    actor = Actor(
        account.id, account.role, account.participant_id, channel, branch_code=account.branch_code
    )
    require_staff(actor)
    if account.disabled_at is not None:
        raise PermissionDenied("auth.account_disabled")
    return actor
