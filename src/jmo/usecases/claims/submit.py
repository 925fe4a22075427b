"""Before submitting, the quote (eligibility, gross, tax with and without NPWP, net, the
route and the documents); then the submission itself, once.

A claim needs current data (Pengkinian Data done) and a bank account verified in that
update; death benefits are filed by an heir, who names the deceased by KPJ and NIK.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jmo.domain.accounts import Actor
from jmo.domain.claims.documents import missing_documents, required_documents
from jmo.domain.claims.facts import ClaimInput
from jmo.domain.claims.forms import parse_claim_input
from jmo.domain.claims.model import (
    Claim,
    ClaimDocument,
    ClaimProgram,
    ClaimReason,
    ClaimStatus,
    Problem,
    claim_number,
)
from jmo.domain.claims.rules import Assessment, assess
from jmo.domain.claims.tracking import submitted_event
from jmo.domain.errors import (
    CollectErrors,
    Conflict,
    FieldError,
    PermissionDenied,
    ValidationFailed,
)
from jmo.domain.money import format_rupiah
from jmo.domain.participant import Participant
from jmo.domain.requests.ids import RequestKind
from jmo.domain.tax.benefit_tax import NpwpStatus
from jmo.domain.uploads import CheckedFile
from jmo.usecases.access import access_current_participant
from jmo.usecases.accounts.claim_lock import require_claims_unlocked
from jmo.usecases.auditing import audit
from jmo.usecases.claims.context import (
    BankAccount,
    claimant_npwp_status,
    member_facts,
    verified_bank_account,
)
from jmo.usecases.claims.notify import notify_claimant
from jmo.usecases.participants.risk import payout_hold
from jmo.usecases.ports.files import AttachmentInspector
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import BenefitServices, Policy

# Paid once in a member's lifetime: a second claim after payment is refused.
ONCE_ONLY = frozenset(
    {
        ClaimReason.JKM_DEATH,
        ClaimReason.JKK_DEATH,
        ClaimReason.JHT_DEATH,
        ClaimReason.JP_OLD_AGE,
    }
)
_MONEY_PARAMS = frozenset({"max", "limit", "amount", "balance"})


def display_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters as a message shows them: rupiah (dates stay dates: the message writes
    them in the reader's language, ``jmo.i18n.long_date``)."""
    shown: dict[str, Any] = {}
    for key, value in params.items():
        if key in _MONEY_PARAMS and isinstance(value, int):
            shown[key] = format_rupiah(value)
        else:
            shown[key] = value
    return shown


@dataclass(frozen=True)
class ClaimQuote:
    program: ClaimProgram
    input: ClaimInput
    assessment: Assessment
    problems: tuple[Problem, ...]  # the rules' and the app's (open claim, bank, paid)
    member_kpj: str
    member_name: str
    bank: BankAccount | None
    npwp_status: NpwpStatus
    # a new bank account: the claim may be filed, but not paid before this (issue 9 item 2)
    payout_hold_until: datetime | None = None
    # "bank" (the account is new) or "contact" (a new phone or email): what the page says
    payout_hold_reason: str | None = None

    @property
    def eligible(self) -> bool:
        return not self.problems

    @property
    def filed_by_heir(self) -> bool:
        return self.input.reason.filed_by_heir

    @property
    def amounts_visible(self) -> bool:
        """An heir sees amounts computed from the deceased's records only after an officer
        verified the documents; the fixed JKM amounts are public anyway."""
        return not self.filed_by_heir or self.program is ClaimProgram.JKM


def _member(uow: UnitOfWork, claimant: Participant, inp: ClaimInput) -> Participant:
    if not inp.reason.filed_by_heir:
        return claimant
    member = uow.participants.get_by_kpj(inp.deceased_kpj or "")
    if member is None or member.identity.nik != inp.deceased_nik:
        # the same answer for an unknown KPJ and a NIK that does not match it
        raise ValidationFailed(
            [
                FieldError("deceased_kpj", "claim.member_not_found"),
                FieldError("deceased_nik", "claim.member_not_found"),
            ]
        )
    if member.identity.nik == claimant.identity.nik:
        raise ValidationFailed.single("deceased_kpj", "claim.heir_is_member")
    return member


def _app_problems(
    uow: UnitOfWork, member: Participant, inp: ClaimInput, bank: BankAccount | None
) -> list[Problem]:
    problems: list[Problem] = []
    if bank is None:
        problems.append(Problem("claim.bank_not_verified"))
    program = inp.reason.program
    for claim in uow.claims.for_member(member.id):
        if claim.program is program and claim.is_open:
            problems.append(Problem("claim.already_open", {"number": claim.number}))
        if (
            claim.status is ClaimStatus.PAID
            and claim.reason is inp.reason
            and inp.reason in ONCE_ONLY
        ):
            problems.append(Problem("claim.already_paid", {"number": claim.number}))
    return problems


def _quote(
    uow: UnitOfWork,
    claimant: Participant,
    program: ClaimProgram,
    inp: ClaimInput,
    *,
    benefits: BenefitServices,
    now: datetime,
) -> ClaimQuote:
    member = _member(uow, claimant, inp)
    bank = verified_bank_account(uow, claimant)
    hold = payout_hold(
        uow,
        claimant.id,
        cooling_off_days=benefits.bank_cooling_off_days,
        contact_days=benefits.contact_cooling_off_days,
        now=now,
    )
    npwp = claimant_npwp_status(uow, claimant)
    facts, _ = member_facts(uow, member, yields_table=benefits.yields, now=now)
    assessment = assess(inp, facts, npwp=npwp, self_service_limit=benefits.self_service_limit)
    problems = (*_app_problems(uow, member, inp, bank), *assessment.problems)
    return ClaimQuote(
        program=program,
        input=inp,
        assessment=assessment,
        problems=tuple(Problem(p.code, display_params(p.params)) for p in problems),
        member_kpj=member.identity.kpj,
        member_name=member.identity.full_name,
        bank=bank,
        npwp_status=npwp,
        payout_hold_until=hold.until if hold else None,
        payout_hold_reason=hold.reason if hold else None,
    )


def quote_claim(
    uow: UnitOfWork,
    actor: Actor,
    program: ClaimProgram,
    raw: Mapping[str, str],
    *,
    benefits: BenefitServices,
    now: datetime,
) -> ClaimQuote:
    """What the claim would be, before submitting. Posts the member's missing ledger
    months first (the only write)."""
    with uow:
        claimant = access_current_participant(uow, actor)
        inp = parse_claim_input(program, raw, today=now.date())
        quote = _quote(uow, claimant, program, inp, benefits=benefits, now=now)
        uow.commit()
        return quote


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


def check_claim_documents(
    reason: ClaimReason,
    uploads: Mapping[str, Upload],
    *,
    inspector: AttachmentInspector,
    policy: Policy,
) -> dict[str, CheckedFile]:
    """Every required document present and passing the one upload check (the type from
    the content, images re-encoded without their metadata, PDFs without scripts or
    actions); all problems at once, each on its document's field."""
    errors = CollectErrors()
    for document in missing_documents(reason, uploads.keys()):
        errors.add(document.value, "claim.document_missing")
    checked: dict[str, CheckedFile] = {}
    for document in required_documents(reason):
        upload = uploads.get(document.value)
        if upload is None:
            continue
        found = errors.run(
            document.value,
            inspector.inspect,
            upload.filename,
            upload.data,
            field=document.value,
            max_bytes=policy.max_upload_bytes,
        )
        if found is not None:
            checked[document.value] = found
    errors.raise_if_any()
    return checked


def submit_claim(
    uow: UnitOfWork,
    actor: Actor,
    program: ClaimProgram,
    raw: Mapping[str, str],
    uploads: Mapping[str, Upload],
    *,
    benefits: BenefitServices,
    notices: NoticeComposer,
    inspector: AttachmentInspector,
    policy: Policy,
    now: datetime,
    idempotency_key: str | None = None,
) -> Claim:
    """File the claim with its documents. Refused while the same claim is open; a double
    submit (same idempotency key) answers with the claim already filed."""
    try:
        return _submit(
            uow,
            actor,
            program,
            raw,
            uploads,
            policy=policy,
            benefits=benefits,
            notices=notices,
            inspector=inspector,
            now=now,
            idempotency_key=idempotency_key,
        )
    except Conflict as exc:
        if exc.code != "record.duplicate":
            raise
        # Two submits at once: the unique rules let one through. Answer with it.
        with uow:
            claimant = access_current_participant(uow, actor)
            if idempotency_key:
                done = uow.claims.by_idempotency_key(claimant.id, idempotency_key)
                if done is not None:
                    return done
            number = next(
                (
                    c.number
                    for c in uow.claims.for_claimant(claimant.id)
                    if c.program is program and c.is_open
                ),
                "",
            )
        raise Conflict("claim.already_open", number=number) from exc


def _submit(
    uow: UnitOfWork,
    actor: Actor,
    program: ClaimProgram,
    raw: Mapping[str, str],
    uploads: Mapping[str, Upload],
    *,
    policy: Policy,
    benefits: BenefitServices,
    notices: NoticeComposer,
    inspector: AttachmentInspector,
    now: datetime,
    idempotency_key: str | None,
) -> Claim:
    with uow:
        claimant = access_current_participant(uow, actor)
        if idempotency_key:
            done = uow.claims.by_idempotency_key(claimant.id, idempotency_key)
            if done is not None:
                return done
        require_claims_unlocked(uow, claimant.id, now)  # the participant's claim lock
        inp = parse_claim_input(program, raw, today=now.date())
        files = check_claim_documents(inp.reason, uploads, inspector=inspector, policy=policy)
        quote = _quote(uow, claimant, program, inp, benefits=benefits, now=now)
        if quote.bank is None:
            raise PermissionDenied("claim.bank_not_verified")
        open_claim = next((p for p in quote.problems if p.code == "claim.already_open"), None)
        if open_claim is not None:
            raise Conflict("claim.already_open", **open_claim.params)
        if quote.problems:
            raise ValidationFailed(FieldError("reason", p.code, p.params) for p in quote.problems)

        claim_id = uuid.uuid4()
        documents = []
        contents: dict[uuid.UUID, bytes] = {}
        for document_type, file in files.items():
            doc_id = uuid.uuid4()
            contents[doc_id] = file.data  # as checked: images re-encoded
            documents.append(
                ClaimDocument(
                    id=doc_id,
                    document_type=document_type,
                    filename=file.filename,
                    content_type=file.content_type,
                    size=len(file.data),
                    sha256=file.sha256,
                    uploaded_at=now,
                )
            )
        assessment = quote.assessment
        member = _member(uow, claimant, inp)
        details: dict[str, Any] = dict(inp.details())
        if assessment.route_params:
            details["route"] = dict(assessment.route_params)
        claim = Claim(
            id=claim_id,
            number=claim_number(program, now.date(), claim_id),
            program=program,
            reason=inp.reason,
            status=ClaimStatus.SUBMITTED,
            route=assessment.route,
            route_reason=assessment.route_reason,
            member_participant_id=member.id,
            member_kpj=member.identity.kpj,
            claimant_participant_id=claimant.id,
            claimant_account_id=actor.account_id,
            benefit=assessment.benefit,
            bank_code=quote.bank.bank_code,
            bank_account=quote.bank.account,
            bank_account_holder=quote.bank.holder,
            submitted_at=now,
            updated_at=now,
            event_date=inp.event_date,
            heir_relationship=inp.heir_relationship,
            details=details,
            documents=tuple(documents),
            idempotency_key=idempotency_key,
        )
        claim.events.append(submitted_event(claim))
        uow.claims.add(claim, contents)
        uow.request_ids.assign(
            RequestKind.CLAIM, claim.id, claim.claimant_participant_id, claim.submitted_at
        )
        audit(
            uow,
            actor,
            "claim.submitted",
            subject_type="claim",
            subject_id=claim.id,
            at=now,
            number=claim.number,
            reason=claim.reason.value,
            route=claim.route.value,
            gross=claim.benefit.gross,
            tax=claim.benefit.tax,
            net=claim.benefit.net,
            documents=[d.document_type for d in documents],
            member_participant_id=str(member.id),
            filed_by_heir=claim.filed_by_heir,
        )
        notify_claimant(uow, notices, claimant, claim, now=now)
        uow.commit()
        return claim
