from __future__ import annotations

import json
from datetime import date, datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from jmo.domain.backoffice.employer import Employer, EmployerUpload, Letter, Worker
from jmo.storage.crypto import FieldCipher
from jmo.storage.repositories.jht_ledger import drop_summary
from jmo.storage.rows import EmployerRow, EmploymentRow, ParticipantRow
from jmo.storage.rows_employer import EmployerLetterRow, EmployerUploadRow

LETTER_CONTEXT = "employer_letters.content"


class SqlEmployers:
    def __init__(self, session: DbSession, cipher: FieldCipher) -> None:
        self._s = session
        self._c = cipher

    def get_by_npp(self, npp: str) -> Employer | None:
        row = self._s.scalar(select(EmployerRow).where(EmployerRow.npp == npp))
        return Employer(npp=row.npp, name=row.name) if row else None

    def add(self, employer: Employer, at: datetime) -> None:
        self._s.add(EmployerRow(npp=employer.npp, name=employer.name, created_at=at))
        self._s.flush()

    # --- the employer portal ---
    def workers(self, npp: str, limit: int, kpj_prefix: str = "") -> list[Worker]:
        digits = "".join(ch for ch in kpj_prefix if ch.isdigit())
        rows = self._s.execute(
            select(
                ParticipantRow.id,
                ParticipantRow.kpj,
                ParticipantRow.full_name,
                ParticipantRow.updated_at,
                EmploymentRow.start_date,
                EmploymentRow.end_date,
            )
            .join(EmploymentRow, EmploymentRow.participant_id == ParticipantRow.id)
            .join(EmployerRow, EmployerRow.id == EmploymentRow.employer_id)
            .where(EmployerRow.npp == npp, ParticipantRow.kpj.startswith(digits))
            .order_by(
                EmploymentRow.end_date.is_not(None),
                ParticipantRow.full_name,
                EmploymentRow.start_date.desc(),
            )
            .limit(limit)
        ).all()
        seen: set[UUID] = set()
        found: list[Worker] = []
        for pid, kpj, name, updated, start, end in rows:
            if pid in seen:  # the latest employment there is the one shown
                continue
            seen.add(pid)
            found.append(Worker(pid, kpj, name, start, end, updated))
        return found

    def end_employment(self, participant_id: UUID, npp: str, end_date: date) -> bool:
        row = self._s.scalar(
            select(EmploymentRow)
            .join(EmployerRow, EmployerRow.id == EmploymentRow.employer_id)
            .where(
                EmploymentRow.participant_id == participant_id,
                EmployerRow.npp == npp,
                EmploymentRow.end_date.is_(None),
            )
            .order_by(EmploymentRow.start_date.desc())
            .limit(1)
            .with_for_update()
        )
        if row is None:
            return False
        row.end_date = end_date
        drop_summary(self._s, participant_id)  # the balance's periods changed
        self._s.flush()
        return True

    def upload_by_hash(self, npp: str, content_hash: str) -> EmployerUpload | None:
        row = self._s.scalar(
            select(EmployerUploadRow).where(
                EmployerUploadRow.npp == npp, EmployerUploadRow.content_hash == content_hash
            )
        )
        if row is None:
            return None
        return EmployerUpload(
            row.id,
            row.npp,
            row.content_hash,
            row.uploaded_by,
            row.uploaded_at,
            row.rows,
            row.applied,
            row.queued,
        )

    def add_upload(self, upload: EmployerUpload) -> None:
        self._s.add(
            EmployerUploadRow(
                id=upload.id,
                npp=upload.npp,
                content_hash=upload.content_hash,
                uploaded_by=upload.uploaded_by,
                uploaded_at=upload.uploaded_at,
                rows=upload.rows,
                applied=upload.applied,
                queued=upload.queued,
            )
        )
        self._s.flush()  # a second upload of the same file fails here, before any change

    def add_letter(self, letter: Letter, token: str, change_request_id: UUID | None) -> None:
        content = {
            "company": letter.company,
            "kpj": letter.kpj,
            "worker_name": letter.worker_name,
            "values": letter.values,
            "participant_id": str(letter.participant_id),
        }
        self._s.add(
            EmployerLetterRow(
                id=letter.id,
                npp=letter.npp,
                participant_id=letter.participant_id,
                change_request_id=change_request_id,
                content_enc=self._c.encrypt(json.dumps(content), context=LETTER_CONTEXT),
                token=token,
                issued_by=letter.issued_by,
                issued_at=letter.issued_at,
            )
        )
        self._s.flush()

    def letter_for_request(self, request_id: UUID) -> tuple[Letter, str] | None:
        row = self._s.scalar(
            select(EmployerLetterRow)
            .where(EmployerLetterRow.change_request_id == request_id)
            .order_by(EmployerLetterRow.issued_at.desc())
            .limit(1)
        )
        return self._letter(row) if row is not None else None

    def letter(self, letter_id: UUID) -> tuple[Letter, str] | None:
        row = self._s.get(EmployerLetterRow, letter_id)
        return self._letter(row) if row is not None else None

    def _letter(self, row: EmployerLetterRow) -> tuple[Letter, str]:
        content = json.loads(self._c.decrypt(row.content_enc, context=LETTER_CONTEXT) or "{}")
        letter = Letter(
            id=row.id,
            npp=row.npp,
            company=content["company"],
            participant_id=row.participant_id,
            kpj=content["kpj"],
            worker_name=content["worker_name"],
            values=dict(content["values"]),
            issued_by=row.issued_by,
            issued_at=row.issued_at,
        )
        return letter, row.token
