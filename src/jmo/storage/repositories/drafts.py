from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session as DbSession

from jmo.domain.biometric import LivenessChallenge
from jmo.domain.pengkinian.draft import DraftStatus, PengkinianDraft
from jmo.domain.pengkinian.steps import Step
from jmo.domain.pengkinian.verification import ContactCheck
from jmo.storage.crypto import FieldCipher
from jmo.storage.db import core_read
from jmo.storage.rows import DraftRow

_CONTEXT = "pengkinian_drafts.entries"


# Asked by the home page and `me` on every read: built once, run in Core (plain rows read
# by column name, as the ORM row is; storage.repositories.participants).
_DRAFTS = DraftRow.__table__
_OPEN_FOR = select(_DRAFTS).where(
    _DRAFTS.c.participant_id == bindparam("participant_id"),
    _DRAFTS.c.status == DraftStatus.OPEN.value,
)


class SqlDrafts:
    def __init__(self, session: DbSession, cipher: FieldCipher) -> None:
        self._s = session
        self._c = cipher

    def _to_domain(self, row: DraftRow | Any) -> PengkinianDraft:
        # An abandoned draft's entries were wiped by retention (empty string).
        stored = json.loads(
            (self._c.decrypt(row.entries_enc, context=_CONTEXT) if row.entries_enc else None)
            or "{}"
        )
        # {"entries": ..., "verifications": ...}; older rows hold the entries alone.
        entries = stored.get("entries", stored) if "verifications" in stored else stored
        verifications = {
            channel: ContactCheck.from_json(check)
            for channel, check in stored.get("verifications", {}).items()
        }
        challenge = stored.get("liveness_challenge")
        return PengkinianDraft(
            id=row.id,
            participant_id=row.participant_id,
            base_version=row.base_version,
            reached=Step(row.reached),
            entries=entries,
            verifications=verifications,
            liveness_challenge=LivenessChallenge.from_dict(challenge) if challenge else None,
            codes_sent=int(stored.get("codes_sent", 0)),
            completed=set(row.completed),
            identity_confirmed_at=row.identity_confirmed_at,
            biometric_attempt_id=row.biometric_attempt_id,
            biometric_passed_at=row.biometric_passed_at,
            status=DraftStatus(row.status),
            change_request_id=row.change_request_id,
            created_at=row.created_at,
            updated_at=row.updated_at,
            version=row.version,
        )

    def _write(self, row: DraftRow, d: PengkinianDraft) -> None:
        row.participant_id = d.participant_id
        row.base_version = d.base_version
        row.reached = d.reached.value
        stored = {
            "entries": d.entries,
            "verifications": {k: v.to_json() for k, v in d.verifications.items()},
            "liveness_challenge": d.liveness_challenge.to_dict() if d.liveness_challenge else None,
            "codes_sent": d.codes_sent,
        }
        row.entries_enc = (
            self._c.encrypt(json.dumps(stored, sort_keys=True), context=_CONTEXT) or ""
        )
        row.completed = sorted(d.completed)
        row.identity_confirmed_at = d.identity_confirmed_at
        row.biometric_attempt_id = d.biometric_attempt_id
        row.biometric_passed_at = d.biometric_passed_at
        row.status = d.status.value
        row.change_request_id = d.change_request_id
        if d.created_at is not None:
            row.created_at = d.created_at
        if d.updated_at is not None:
            row.updated_at = d.updated_at

    def open_for(self, participant_id: UUID) -> PengkinianDraft | None:
        row = core_read(self._s, _OPEN_FOR, {"participant_id": participant_id}).first()
        return self._to_domain(row) if row else None

    def latest_for(self, participant_id: UUID) -> PengkinianDraft | None:
        row = self._s.scalar(
            select(DraftRow)
            .where(DraftRow.participant_id == participant_id)
            .order_by(DraftRow.updated_at.desc())
            .limit(1)
        )
        return self._to_domain(row) if row else None

    def add(self, draft: PengkinianDraft) -> None:
        row = DraftRow(id=draft.id, version=draft.version)
        self._write(row, draft)
        self._s.add(row)
        self._s.flush()

    def save(self, draft: PengkinianDraft) -> None:
        """Versioned write: a save based on an older read (another device) conflicts."""
        row = self._s.get(DraftRow, draft.id)
        if row is None:
            raise LookupError("draft vanished")
        self._write(row, draft)
        draft.version = row.version + 1
        row.version = draft.version
        self._s.flush()
