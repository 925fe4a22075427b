from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session as DbSession

from jmo.domain.backoffice.corrections import CorrectionEvent, EventKind, RequestDocument
from jmo.domain.participant import FieldChange
from jmo.domain.pengkinian.change_request import (
    OPEN_STATUSES,
    BiometricSummary,
    ChangeKind,
    ChangeRequest,
    ChangeStatus,
    Channel,
    Consent,
    DocumentType,
)
from jmo.storage.crypto import FieldCipher
from jmo.storage.db import core_read
from jmo.storage.rows import ChangeRequestRow, ConsentRow
from jmo.storage.rows_backoffice import ChangeRequestDocumentRow, ChangeRequestEventRow

_CHANGES = "change_requests.changes"
_NOTE = "change_requests.note"
_EVENT = "change_request_events.message"


# Asked by every balance read (an open request to merge KPJ numbers): built once and run in
# Core, plain rows (storage.repositories.participants).
_REQUESTS = ChangeRequestRow.__table__
_LATEST_OPEN = (
    select(_REQUESTS)
    .where(
        _REQUESTS.c.participant_id == bindparam("participant_id"),
        _REQUESTS.c.kind == bindparam("kind"),
        _REQUESTS.c.status.in_([s.value for s in OPEN_STATUSES]),
    )
    .order_by(_REQUESTS.c.submitted_at.desc())
    .limit(1)
)
# The home page and `me` list the person's requests on every read.
_FOR_PARTICIPANT = (
    select(_REQUESTS)
    .where(_REQUESTS.c.participant_id == bindparam("participant_id"))
    .order_by(_REQUESTS.c.submitted_at.desc())
)


class SqlChangeRequests:
    def __init__(self, session: DbSession, cipher: FieldCipher) -> None:
        self._s = session
        self._c = cipher

    def _to_domain(self, row: ChangeRequestRow | Any) -> ChangeRequest:
        changes = json.loads(self._c.decrypt(row.changes_enc, context=_CHANGES) or "[]")
        consent = None
        if row.consent_purpose and row.consent_terms_version and row.consent_accepted_at:
            consent = Consent(
                purpose=row.consent_purpose,
                terms_version=row.consent_terms_version,
                accepted_at=row.consent_accepted_at,
                channel=Channel(row.channel),
            )
        biometric = None
        if row.biometric_attempt_id and row.biometric_decision:
            biometric = BiometricSummary(
                attempt_id=row.biometric_attempt_id,
                decision=row.biometric_decision,
                distance=row.biometric_distance,
                model=row.biometric_model or "",
            )
        return ChangeRequest(
            id=row.id,
            participant_id=row.participant_id,
            kind=ChangeKind(row.kind),
            channel=Channel(row.channel),
            status=ChangeStatus(row.status),
            changes=tuple(FieldChange(c["field"], c["old"], c["new"]) for c in changes),
            base_version=row.base_version,
            submitted_by=row.submitted_by,
            submitted_at=row.submitted_at,
            applied_at=row.applied_at,
            consent=consent,
            biometric=biometric,
            idempotency_key=row.idempotency_key,
            note=self._c.decrypt(row.note_enc, context=_NOTE) or "",
            reported_fields=tuple(row.reported_fields),
            documents_required=tuple(DocumentType(d) for d in row.documents_required),
            prepared_by=row.prepared_by,
            prepared_at=row.prepared_at,
            decided_by=row.decided_by,
            decided_at=row.decided_at,
            documents_seen=tuple(DocumentType(d) for d in row.documents_seen or ()),
        )

    def get(self, request_id: UUID) -> ChangeRequest | None:
        row = self._s.get(ChangeRequestRow, request_id)
        return self._to_domain(row) if row else None

    def by_idempotency_key(self, participant_id: UUID, key: str) -> ChangeRequest | None:
        row = self._s.scalar(
            select(ChangeRequestRow).where(
                ChangeRequestRow.participant_id == participant_id,
                ChangeRequestRow.idempotency_key == key,
            )
        )
        return self._to_domain(row) if row else None

    def for_participant(self, participant_id: UUID) -> list[ChangeRequest]:
        rows = core_read(self._s, _FOR_PARTICIPANT, {"participant_id": participant_id})
        return [self._to_domain(r) for r in rows]

    def latest_open(self, participant_id: UUID, kind: ChangeKind) -> ChangeRequest | None:
        found = core_read(
            self._s, _LATEST_OPEN, {"participant_id": participant_id, "kind": kind.value}
        )
        row = found.first()
        return self._to_domain(row) if row is not None else None

    def open_of_kind(self, kind: ChangeKind, limit: int) -> list[ChangeRequest]:
        """The work queue's requests of a kind still waiting, oldest first."""
        rows = self._s.scalars(
            select(ChangeRequestRow)
            .where(
                ChangeRequestRow.kind == kind.value,
                ChangeRequestRow.status.in_([s.value for s in OPEN_STATUSES]),
            )
            .order_by(ChangeRequestRow.submitted_at)
            .limit(limit)
        )
        return [self._to_domain(r) for r in rows]

    def save(self, request: ChangeRequest) -> None:
        """The back office's moves: status, the prepared diff, who prepared and decided;
        and a field the participant adds to an open request (the field policy)."""
        row = self._s.get(ChangeRequestRow, request.id)
        if row is None:
            raise LookupError("change request vanished")
        changes = [{"field": c.field, "old": c.old, "new": c.new} for c in request.changes]
        row.status = request.status.value
        row.changes_enc = self._c.encrypt(json.dumps(changes), context=_CHANGES) or ""
        row.changed_fields = list(request.changed_fields)
        row.reported_fields = list(request.reported_fields)
        row.documents_required = [d.value for d in request.documents_required]
        row.applied_at = request.applied_at
        row.prepared_by = request.prepared_by
        row.prepared_at = request.prepared_at
        row.decided_by = request.decided_by
        row.decided_at = request.decided_at
        self._s.flush()

    # --- documents and timeline (back office) ---
    def add_document(self, document: RequestDocument, storage_key: str, by: UUID) -> None:
        self._s.add(
            ChangeRequestDocumentRow(
                id=document.id,
                change_request_id=document.request_id,
                document_type=document.document_type,
                filename=document.filename,
                content_type=document.content_type,
                size=document.size,
                storage_key=storage_key,
                uploaded_by=by,
                uploaded_at=document.uploaded_at,
            )
        )
        self._s.flush()

    def documents(self, request_id: UUID) -> list[RequestDocument]:
        rows = self._s.scalars(
            select(ChangeRequestDocumentRow)
            .where(ChangeRequestDocumentRow.change_request_id == request_id)
            .order_by(ChangeRequestDocumentRow.uploaded_at, ChangeRequestDocumentRow.id)
        )
        return [
            RequestDocument(
                id=r.id,
                request_id=r.change_request_id,
                document_type=r.document_type,
                filename=r.filename,
                content_type=r.content_type,
                size=r.size,
                uploaded_at=r.uploaded_at,
            )
            for r in rows
        ]

    def document_key(self, request_id: UUID, document_id: UUID) -> str | None:
        row = self._s.get(ChangeRequestDocumentRow, document_id)
        if row is None or row.change_request_id != request_id:
            return None
        return row.storage_key

    def add_event(self, event: CorrectionEvent) -> None:
        last = self._s.scalar(
            select(func.max(ChangeRequestEventRow.seq)).where(
                ChangeRequestEventRow.change_request_id == event.request_id
            )
        )
        self._s.add(
            ChangeRequestEventRow(
                id=event.id,
                change_request_id=event.request_id,
                seq=(last or 0) + 1,
                at=event.at,
                kind=event.kind.value,
                by_account=event.by_account,
                by_role=event.by_role,
                message_enc=self._c.encrypt(event.message or None, context=_EVENT),
            )
        )
        self._s.flush()

    def events(self, request_id: UUID) -> list[CorrectionEvent]:
        rows = self._s.scalars(
            select(ChangeRequestEventRow)
            .where(ChangeRequestEventRow.change_request_id == request_id)
            .order_by(ChangeRequestEventRow.seq)
        )
        return [
            CorrectionEvent(
                id=r.id,
                request_id=r.change_request_id,
                at=r.at,
                kind=EventKind(r.kind),
                by_account=r.by_account,
                by_role=r.by_role,
                message=self._c.decrypt(r.message_enc, context=_EVENT) or "",
            )
            for r in rows
        ]

    def add(self, request: ChangeRequest) -> None:
        changes = [{"field": c.field, "old": c.old, "new": c.new} for c in request.changes]
        self._s.add(
            ChangeRequestRow(
                id=request.id,
                participant_id=request.participant_id,
                kind=request.kind.value,
                channel=request.channel.value,
                status=request.status.value,
                changes_enc=self._c.encrypt(json.dumps(changes), context=_CHANGES),
                changed_fields=list(request.changed_fields),
                base_version=request.base_version,
                submitted_by=request.submitted_by,
                submitted_at=request.submitted_at,
                applied_at=request.applied_at,
                consent_purpose=request.consent.purpose if request.consent else None,
                consent_terms_version=request.consent.terms_version if request.consent else None,
                consent_accepted_at=request.consent.accepted_at if request.consent else None,
                biometric_attempt_id=request.biometric.attempt_id if request.biometric else None,
                biometric_decision=request.biometric.decision if request.biometric else None,
                biometric_distance=request.biometric.distance if request.biometric else None,
                biometric_model=request.biometric.model if request.biometric else None,
                idempotency_key=request.idempotency_key,
                note_enc=self._c.encrypt(request.note or None, context=_NOTE),
                reported_fields=list(request.reported_fields),
                documents_required=[d.value for d in request.documents_required],
                documents_seen=[d.value for d in request.documents_seen],
                prepared_by=request.prepared_by,
                prepared_at=request.prepared_at,
            )
        )
        if request.consent is not None:
            self._s.flush()  # the consent row refers to the request
            self._s.add(
                ConsentRow(
                    participant_id=request.participant_id,
                    purpose=request.consent.purpose,
                    terms_version=request.consent.terms_version,
                    accepted_at=request.consent.accepted_at,
                    channel=request.consent.channel.value,
                    change_request_id=request.id,
                )
            )
        self._s.flush()
