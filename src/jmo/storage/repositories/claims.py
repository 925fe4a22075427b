from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session as DbSession

from jmo.domain.claims.model import (
    AmountLine,
    Benefit,
    BranchStep,
    BranchVisit,
    Claim,
    ClaimDocument,
    ClaimEvent,
    ClaimProgram,
    ClaimReason,
    ClaimStatus,
    HeirRelationship,
    PaymentMode,
    Route,
)
from jmo.storage.crypto import FieldCipher
from jmo.storage.db import core_read
from jmo.storage.rows_jht import ClaimBranchVisitRow, ClaimDocumentRow, ClaimEventRow, ClaimRow

_BANK = "claims.bank_account"
_NOTE = "claim_events.note"
_VISIT_NOTE = "claim_branch_visits.note"
_CONTENT = "claim_documents.content"


def _lines_to_json(lines: tuple[AmountLine, ...]) -> list[Any]:
    return [{"code": line.code, "amount": line.amount, "params": line.params} for line in lines]


# Lacak Klaim reads a participant's claims with their events, documents and branch visits
# on every request: built once, run in Core (plain rows read by column name, as the ORM's
# are; storage.repositories.participants).
_CLAIMS = ClaimRow.__table__
_FOR_CLAIMANT = (
    select(_CLAIMS)
    .where(_CLAIMS.c.claimant_participant_id == bindparam("participant_id"))
    .order_by(_CLAIMS.c.submitted_at.desc(), _CLAIMS.c.number)
)
_EVENTS = (
    select(ClaimEventRow.__table__)
    .where(ClaimEventRow.claim_id.in_(bindparam("ids", expanding=True)))
    .order_by(ClaimEventRow.claim_id, ClaimEventRow.seq)
)
_DOCUMENTS = (
    select(
        ClaimDocumentRow.claim_id,
        ClaimDocumentRow.id,
        ClaimDocumentRow.document_type,
        ClaimDocumentRow.filename,
        ClaimDocumentRow.content_type,
        ClaimDocumentRow.size,
        ClaimDocumentRow.sha256,
        ClaimDocumentRow.uploaded_at,
    )
    .where(ClaimDocumentRow.claim_id.in_(bindparam("ids", expanding=True)))
    .order_by(ClaimDocumentRow.uploaded_at, ClaimDocumentRow.document_type)
)
_VISITS = (
    select(ClaimBranchVisitRow.__table__)
    .where(ClaimBranchVisitRow.claim_id.in_(bindparam("ids", expanding=True)))
    .order_by(ClaimBranchVisitRow.claim_id, ClaimBranchVisitRow.seq)
)


class SqlClaims:
    def __init__(self, session: DbSession, cipher: FieldCipher) -> None:
        self._s = session
        self._c = cipher

    # --- mapping ---
    def _to_domain(self, row: ClaimRow) -> Claim:
        return self._many([row])[0]

    def _many(self, rows: Sequence[ClaimRow | Any]) -> list[Claim]:
        """Claims with their events, documents and branch visits: three queries for any
        number of claims (a work queue of 200 is four queries, not 601)."""
        ids = [row.id for row in rows]
        if not ids:
            return []
        events: dict[UUID, list[Any]] = defaultdict(list)
        for event in core_read(self._s, _EVENTS, {"ids": ids}):
            events[event.claim_id].append(event)
        documents: dict[UUID, list[Any]] = defaultdict(list)
        for document in core_read(self._s, _DOCUMENTS, {"ids": ids}):
            documents[document.claim_id].append(document)
        visits: dict[UUID, list[Any]] = defaultdict(list)
        for visit in core_read(self._s, _VISITS, {"ids": ids}):
            visits[visit.claim_id].append(visit)
        return [self._build(row, events[row.id], documents[row.id], visits[row.id]) for row in rows]

    def _build(
        self,
        row: ClaimRow | Any,
        events: list[Any],
        documents: list[Any],
        visits: list[Any],
    ) -> Claim:
        return Claim(
            id=row.id,
            number=row.number,
            program=ClaimProgram(row.program),
            reason=ClaimReason(row.reason),
            status=ClaimStatus(row.status),
            route=Route(row.route),
            route_reason=row.route_reason,
            member_participant_id=row.member_participant_id,
            member_kpj=row.member_kpj,
            claimant_participant_id=row.claimant_participant_id,
            claimant_account_id=row.claimant_account_id,
            benefit=Benefit(
                payment_mode=PaymentMode(row.payment_mode),
                lines=tuple(
                    AmountLine(line["code"], int(line["amount"]), dict(line.get("params") or {}))
                    for line in row.lines
                ),
                gross=row.gross,
                tax=row.tax,
                tax_without_npwp=row.tax_without_npwp,
                tax_with_npwp=row.tax_with_npwp,
                npwp_status=row.npwp_status,
                notes=tuple(row.notes),
            ),
            bank_code=row.bank_code,
            bank_account=self._c.decrypt(row.bank_account_enc, context=_BANK) or "",
            bank_account_holder=row.bank_account_holder,
            submitted_at=row.submitted_at,
            updated_at=row.updated_at,
            event_date=row.event_date,
            heir_relationship=HeirRelationship(row.heir_relationship)
            if row.heir_relationship
            else None,
            details=dict(row.details),
            documents=tuple(
                ClaimDocument(
                    id=d.id,
                    document_type=d.document_type,
                    filename=d.filename,
                    content_type=d.content_type,
                    size=d.size,
                    sha256=d.sha256,
                    uploaded_at=d.uploaded_at,
                )
                for d in documents
            ),
            events=[
                ClaimEvent(
                    status=ClaimStatus(e.status),
                    at=e.at,
                    actor_account_id=e.actor_account_id,
                    actor_role=e.actor_role,
                    reason=e.reason,
                    note=self._c.decrypt(e.note_enc, context=_NOTE) or "",
                    gross=e.gross,
                    tax=e.tax,
                    payment_reference=e.payment_reference,
                )
                for e in events
            ],
            branch_visits=[
                BranchVisit(
                    step=BranchStep(v.step),
                    at=v.at,
                    branch_code=v.branch_code,
                    officer_account_id=v.officer_account_id,
                    note=self._c.decrypt(v.note_enc, context=_VISIT_NOTE) or "",
                )
                for v in visits
            ],
            idempotency_key=row.idempotency_key,
            version=row.version,
        )

    def _event_row(self, claim_id: UUID, seq: int, event: ClaimEvent) -> ClaimEventRow:
        return ClaimEventRow(
            claim_id=claim_id,
            seq=seq,
            status=event.status.value,
            at=event.at,
            actor_account_id=event.actor_account_id,
            actor_role=event.actor_role,
            reason=event.reason,
            note_enc=self._c.encrypt(event.note or None, context=_NOTE),
            gross=event.gross,
            tax=event.tax,
            payment_reference=event.payment_reference,
        )

    # --- queries ---
    def get(self, claim_id: UUID) -> Claim | None:
        row = self._s.get(ClaimRow, claim_id)
        return self._to_domain(row) if row else None

    def get_by_number(self, number: str) -> Claim | None:
        row = self._s.scalar(select(ClaimRow).where(ClaimRow.number == number.strip().upper()))
        return self._to_domain(row) if row else None

    def for_claimant(self, participant_id: UUID) -> list[Claim]:
        rows = core_read(self._s, _FOR_CLAIMANT, {"participant_id": participant_id}).all()
        return self._many(rows)

    def for_member(self, participant_id: UUID) -> list[Claim]:
        rows = self._s.scalars(
            select(ClaimRow)
            .where(ClaimRow.member_participant_id == participant_id)
            .order_by(ClaimRow.submitted_at.desc(), ClaimRow.number)
        )
        return self._many(list(rows))

    def by_idempotency_key(self, claimant_id: UUID, key: str) -> Claim | None:
        row = self._s.scalar(
            select(ClaimRow).where(
                ClaimRow.claimant_participant_id == claimant_id,
                ClaimRow.idempotency_key == key,
            )
        )
        return self._to_domain(row) if row else None

    def listing(self, status: ClaimStatus | None, limit: int) -> list[Claim]:
        query = select(ClaimRow).order_by(ClaimRow.submitted_at, ClaimRow.number).limit(limit)
        if status is not None:
            query = query.where(ClaimRow.status == status.value)
        return self._many(list(self._s.scalars(query)))

    def document(self, claim_id: UUID, document_id: UUID) -> tuple[str, str, bytes] | None:
        row = self._s.get(ClaimDocumentRow, document_id)
        if row is None or row.claim_id != claim_id:
            return None
        content = self._c.decrypt_bytes(row.content_enc, context=_CONTENT)
        return row.filename, row.content_type, content

    # --- writes ---
    def add(self, claim: Claim, contents: dict[UUID, bytes]) -> None:
        b = claim.benefit
        self._s.add(
            ClaimRow(
                id=claim.id,
                number=claim.number,
                program=claim.program.value,
                reason=claim.reason.value,
                status=claim.status.value,
                route=claim.route.value,
                route_reason=claim.route_reason,
                member_participant_id=claim.member_participant_id,
                member_kpj=claim.member_kpj,
                claimant_participant_id=claim.claimant_participant_id,
                claimant_account_id=claim.claimant_account_id,
                heir_relationship=claim.heir_relationship.value
                if claim.heir_relationship
                else None,
                event_date=claim.event_date,
                details=dict(claim.details),
                payment_mode=b.payment_mode.value,
                gross=b.gross,
                tax=b.tax,
                tax_with_npwp=b.tax_with_npwp,
                tax_without_npwp=b.tax_without_npwp,
                npwp_status=b.npwp_status,
                lines=_lines_to_json(b.lines),
                notes=list(b.notes),
                bank_code=claim.bank_code,
                bank_account_enc=self._c.encrypt(claim.bank_account, context=_BANK) or "",
                bank_account_holder=claim.bank_account_holder,
                submitted_at=claim.submitted_at,
                updated_at=claim.updated_at,
                idempotency_key=claim.idempotency_key,
                version=claim.version,
            )
        )
        self._s.flush()  # the unique rules (one open claim, idempotency) answer here
        for seq, event in enumerate(claim.events, start=1):
            self._s.add(self._event_row(claim.id, seq, event))
        for document in claim.documents:
            self._s.add(
                ClaimDocumentRow(
                    id=document.id,
                    claim_id=claim.id,
                    document_type=document.document_type,
                    filename=document.filename,
                    content_type=document.content_type,
                    size=document.size,
                    sha256=document.sha256,
                    content_enc=self._c.encrypt_bytes(contents[document.id], context=_CONTENT),
                    uploaded_at=document.uploaded_at,
                )
            )
        self._s.flush()

    def save(self, claim: Claim) -> None:
        row = self._s.get(ClaimRow, claim.id)
        if row is None:
            raise LookupError("claim vanished")
        stored = self._s.scalar(
            select(ClaimEventRow.seq)
            .where(ClaimEventRow.claim_id == claim.id)
            .order_by(ClaimEventRow.seq.desc())
            .limit(1)
        )
        row.status = claim.status.value
        row.updated_at = claim.updated_at
        row.gross = claim.benefit.gross
        row.tax = claim.benefit.tax
        row.version = claim.version + 1
        for seq, event in enumerate(claim.events, start=1):
            if seq > (stored or 0):
                self._s.add(self._event_row(claim.id, seq, event))
        visits = self._s.scalar(
            select(func.count()).where(ClaimBranchVisitRow.claim_id == claim.id)
        )
        for seq, visit in enumerate(claim.branch_visits, start=1):
            if seq > (visits or 0):
                self._s.add(
                    ClaimBranchVisitRow(
                        claim_id=claim.id,
                        seq=seq,
                        step=visit.step.value,
                        branch_code=visit.branch_code,
                        officer_account_id=visit.officer_account_id,
                        at=visit.at,
                        note_enc=self._c.encrypt(visit.note or None, context=_VISIT_NOTE),
                    )
                )
        self._s.flush()  # the versioned UPDATE: a lost race raises StaleDataError
        claim.version += 1
