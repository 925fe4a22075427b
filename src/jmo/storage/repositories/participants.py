from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session as DbSession

from jmo.domain.biometric import ReferenceFace
from jmo.domain.participant import Employment, HistoryVersion, Identity, Participant, Profile
from jmo.storage.crypto import FieldCipher
from jmo.storage.db import core_read
from jmo.storage.repositories.jht_ledger import drop_summary
from jmo.storage.rows import (
    EmployerRow,
    EmploymentRow,
    HistoryRow,
    ParticipantRow,
    ReferenceFaceRow,
)

NIK_CONTEXT = "participants.nik"


def profile_to_json(profile: Profile) -> str:
    return json.dumps(profile.as_dict(), sort_keys=True)


def profile_from_json(text: str) -> Profile:
    data = json.loads(text)
    known = set(Profile.field_names())
    return Profile(**{k: v for k, v in data.items() if k in known})


# The reads every participant request makes, built once and executed in Core: plain rows
# (read by column name as the ORM row is), no ORM entities or identity map (issue 10).
_PARTICIPANTS = ParticipantRow.__table__
_BY_ID = select(_PARTICIPANTS).where(_PARTICIPANTS.c.id == bindparam("id"))
_SAME_PERSON = select(_PARTICIPANTS).where(
    _PARTICIPANTS.c.nik_index
    == select(_PARTICIPANTS.c.nik_index)
    .where(_PARTICIPANTS.c.id == bindparam("id"))
    .scalar_subquery()
)

# The card and the balance read the employment history on every request.
_EMPLOYMENTS = (
    select(
        EmploymentRow.start_date,
        EmploymentRow.end_date,
        EmploymentRow.monthly_wage,
        EmployerRow.npp,
        EmployerRow.name,
    )
    .join(EmployerRow, EmployerRow.id == EmploymentRow.employer_id)
    .where(EmploymentRow.participant_id == bindparam("participant_id"))
    .order_by(EmploymentRow.start_date)
)

# Not the photo and descriptor themselves (tens of kilobytes, encrypted): only whether they exist.
_FACES = ReferenceFaceRow.__table__
_HAS_REFERENCE_FACE = select(_FACES.c.participant_id).where(
    _FACES.c.participant_id == bindparam("id")
)


class SqlParticipants:
    def __init__(self, session: DbSession, cipher: FieldCipher) -> None:
        self._s = session
        self._c = cipher

    # --- mapping ---
    def _to_domain(self, row: ParticipantRow | Any) -> Participant:
        values: dict[str, str | None] = {}
        for name in Profile.field_names():
            if name in Profile.SENSITIVE:
                values[name] = self._c.decrypt(
                    getattr(row, f"{name}_enc"), context=f"participants.{name}"
                )
            else:
                values[name] = getattr(row, name)
        nik = self._c.decrypt(row.nik_enc, context=NIK_CONTEXT)
        assert nik is not None
        return Participant(
            id=row.id,
            identity=Identity(
                nik=nik,
                kpj=row.kpj,
                full_name=row.full_name,
                birth_place=row.birth_place,
                birth_date=row.birth_date,
            ),
            profile=Profile(**values),
            version=row.version,
            pengkinian_completed_at=row.pengkinian_completed_at,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    def _write(self, row: ParticipantRow, p: Participant) -> None:
        row.kpj = p.identity.kpj
        row.nik_enc = self._c.encrypt(p.identity.nik, context=NIK_CONTEXT) or ""
        row.nik_index = self._c.blind_index(p.identity.nik, context=NIK_CONTEXT)
        row.full_name = p.identity.full_name
        row.birth_place = p.identity.birth_place
        row.birth_date = p.identity.birth_date
        for name, value in p.profile.as_dict().items():
            if name in Profile.SENSITIVE:
                setattr(row, f"{name}_enc", self._c.encrypt(value, context=f"participants.{name}"))
            else:
                setattr(row, name, value)
        row.version = p.version
        row.pengkinian_completed_at = p.pengkinian_completed_at
        if p.updated_at is not None:
            row.updated_at = p.updated_at

    # --- queries ---
    def get(self, participant_id: UUID) -> Participant | None:
        row = core_read(self._s, _BY_ID, {"id": participant_id}).first()
        return self._to_domain(row) if row else None

    def get_by_kpj(self, kpj: str) -> Participant | None:
        row = self._s.scalar(select(ParticipantRow).where(ParticipantRow.kpj == kpj))
        return self._to_domain(row) if row else None

    def find_by_nik(self, nik: str) -> list[Participant]:
        index = self._c.blind_index(nik, context=NIK_CONTEXT)
        rows = self._s.scalars(select(ParticipantRow).where(ParticipantRow.nik_index == index))
        return [self._to_domain(r) for r in rows]

    def same_person(self, participant_id: UUID) -> list[Participant]:
        """This record and every other under its NIK, in one query (by the blind index)."""
        rows = core_read(self._s, _SAME_PERSON, {"id": participant_id})
        return [self._to_domain(r) for r in rows]

    def count(self) -> int:
        return int(self._s.scalar(select(func.count()).select_from(ParticipantRow)) or 0)

    def search_by_name(self, text: str, limit: int) -> list[Participant]:
        """Names containing ``text``, any case (the officer's search box)."""
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self._s.scalars(
            select(ParticipantRow)
            .where(func.lower(ParticipantRow.full_name).like(f"%{escaped.lower()}%", escape="\\"))
            .order_by(ParticipantRow.full_name)
            .limit(limit)
        )
        return [self._to_domain(r) for r in rows]

    # --- writes ---
    def add(self, participant: Participant) -> None:
        if participant.created_at is None or participant.updated_at is None:
            raise ValueError("a new participant needs created_at and updated_at")
        row = ParticipantRow(id=participant.id, created_at=participant.created_at)
        self._write(row, participant)
        self._s.add(row)
        self._s.flush()

    def save(self, participant: Participant) -> None:
        row = self._s.get(ParticipantRow, participant.id)
        if row is None:
            raise LookupError("participant vanished")
        self._write(row, participant)
        self._s.flush()  # the versioned UPDATE runs here: a lost race raises StaleDataError

    # --- employment ---
    def employments(self, participant_id: UUID) -> list[Employment]:
        rows = core_read(self._s, _EMPLOYMENTS, {"participant_id": participant_id})
        return [
            Employment(
                employer_npp=row.npp,
                employer_name=row.name,
                start_date=row.start_date,
                end_date=row.end_date,
                monthly_wage=row.monthly_wage,
            )
            for row in rows
        ]

    def add_employment(self, participant_id: UUID, employment: Employment) -> None:
        employer = self._s.scalar(
            select(EmployerRow).where(EmployerRow.npp == employment.employer_npp)
        )
        if employer is None:
            raise LookupError(f"no employer with NPP {employment.employer_npp}")
        drop_summary(self._s, participant_id)
        self._s.add(
            EmploymentRow(
                participant_id=participant_id,
                employer_id=employer.id,
                start_date=employment.start_date,
                end_date=employment.end_date,
                monthly_wage=employment.monthly_wage,
            )
        )
        self._s.flush()

    # --- reference face ---
    def reference_face(self, participant_id: UUID) -> ReferenceFace | None:
        row = self._s.get(ReferenceFaceRow, participant_id)
        if row is None:
            return None
        return ReferenceFace(
            participant_id=row.participant_id,
            descriptor=self._c.decrypt_bytes(
                row.descriptor_enc, context="reference_faces.descriptor"
            ),
            photo_jpeg=self._c.decrypt_bytes(row.photo_enc, context="reference_faces.photo"),
            model=row.model,
            enrolled_at=row.enrolled_at,
            source=row.source,
        )

    def has_reference_face(self, participant_id: UUID) -> bool:
        found = core_read(self._s, _HAS_REFERENCE_FACE, {"id": participant_id})
        return found.first() is not None

    def set_reference_face(self, face: ReferenceFace) -> None:
        row = self._s.get(ReferenceFaceRow, face.participant_id)
        if row is None:
            row = ReferenceFaceRow(participant_id=face.participant_id)
            self._s.add(row)
        row.descriptor_enc = self._c.encrypt_bytes(
            face.descriptor, context="reference_faces.descriptor"
        )
        row.photo_enc = self._c.encrypt_bytes(face.photo_jpeg, context="reference_faces.photo")
        row.model = face.model
        row.source = face.source
        row.enrolled_at = face.enrolled_at
        self._s.flush()

    # --- history ---
    def add_history(self, version: HistoryVersion) -> None:
        self._s.add(
            HistoryRow(
                participant_id=version.participant_id,
                version=version.version,
                profile_enc=self._c.encrypt(
                    profile_to_json(version.profile), context="participant_history.profile"
                ),
                change_request_id=version.change_request_id,
                recorded_at=version.recorded_at,
            )
        )
        self._s.flush()

    def history(self, participant_id: UUID) -> list[HistoryVersion]:
        rows = self._s.scalars(
            select(HistoryRow)
            .where(HistoryRow.participant_id == participant_id)
            .order_by(HistoryRow.version)
        )
        out = []
        for row in rows:
            text = self._c.decrypt(row.profile_enc, context="participant_history.profile")
            out.append(
                HistoryVersion(
                    participant_id=row.participant_id,
                    version=row.version,
                    profile=profile_from_json(text or "{}"),
                    change_request_id=row.change_request_id,
                    recorded_at=row.recorded_at,
                )
            )
        return out
