"""Registering participants and their reference photo (branch office, CLI, demo)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from jmo.domain.accounts import Actor
from jmo.domain.backoffice.employer import Employer
from jmo.domain.biometric import ReferenceFace
from jmo.domain.errors import Conflict, NotFound
from jmo.domain.identifiers.kpj import parse_kpj
from jmo.domain.identifiers.names import parse_person_name
from jmo.domain.identifiers.nik import check_nik_consistent, parse_nik
from jmo.domain.identifiers.region import RegionDirectory
from jmo.domain.participant import Employment, HistoryVersion, Identity, Participant, Profile
from jmo.domain.reference import Gender
from jmo.usecases.auditing import audit
from jmo.usecases.ports.faces import FaceVerifier
from jmo.usecases.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class NewParticipant:
    nik: str
    kpj: str
    full_name: str
    birth_place: str
    birth_date: date
    profile: Profile
    employments: tuple[Employment, ...] = ()


def register_participant(
    uow: UnitOfWork,
    actor: Actor | None,
    new: NewParticipant,
    *,
    regions: RegionDirectory,
    now: datetime,
) -> Participant:
    """Registration as the fund's own records hold it; the identifiers are checked
    against each other (NIK region, birth date and sex, docs/domain-rules.md §1)."""
    kpj = parse_kpj(new.kpj)
    nik = parse_nik(new.nik, regions, today=now.date(), birth_date=new.birth_date)
    if new.profile.gender:
        check_nik_consistent(nik, birth_date=new.birth_date, gender=Gender(new.profile.gender))
    participant = Participant(
        id=uuid.uuid4(),
        identity=Identity(
            nik=nik.value,
            kpj=kpj,
            full_name=parse_person_name(new.full_name, field="full_name"),
            birth_place=new.birth_place.strip(),
            birth_date=new.birth_date,
        ),
        profile=new.profile,
        version=1,
        created_at=now,
        updated_at=now,
    )
    with uow:
        if uow.participants.get_by_kpj(kpj) is not None:
            raise Conflict("kpj.taken", field="kpj")
        uow.participants.add(participant)
        for employment in new.employments:
            if uow.employers.get_by_npp(employment.employer_npp) is None:
                uow.employers.add(Employer(employment.employer_npp, employment.employer_name), now)
            uow.participants.add_employment(participant.id, employment)
        uow.participants.add_history(
            HistoryVersion(participant.id, 1, participant.profile, None, now)
        )
        audit(
            uow,
            actor,
            "participant.registered",
            subject_type="participant",
            subject_id=participant.id,
            at=now,
            channel=actor.channel if actor else "cli",
        )
        uow.commit()
    return participant


def enroll_reference_photo(
    uow: UnitOfWork,
    actor: Actor | None,
    faces: FaceVerifier,
    *,
    kpj: str,
    image: bytes,
    source: str,
    now: datetime,
) -> ReferenceFace:
    """Set the photo selfies are matched against. Stored once: descriptor and photo,
    encrypted at rest."""
    enrollment = faces.enroll(image)  # raises a clear DomainError for unusable photos
    with uow:
        participant = uow.participants.get_by_kpj(parse_kpj(kpj))
        if participant is None:
            raise NotFound("participant")
        face = ReferenceFace(
            participant_id=participant.id,
            descriptor=enrollment.descriptor,
            photo_jpeg=enrollment.photo_jpeg,
            model=enrollment.model,
            enrolled_at=now,
            source=source,
        )
        uow.participants.set_reference_face(face)
        audit(
            uow,
            actor,
            "participant.reference_photo_enrolled",
            subject_type="participant",
            subject_id=participant.id,
            at=now,
            channel=actor.channel if actor else "cli",
            source=source,
            model=enrollment.model,
        )
        uow.commit()
        return face
