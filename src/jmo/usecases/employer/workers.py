"""A company's workers: the list (masked names, not a read of anyone's data), one worker's
page (recorded in their "who accessed my data"), resignations and new workers."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.backoffice import employer as rules
from jmo.domain.backoffice.employer import Employer, Worker
from jmo.domain.backoffice.permissions import Action
from jmo.domain.bulk_import import (
    EmploymentIn,
    ParticipantIn,
    RowRejected,
    check_employment,
    check_participant,
)
from jmo.domain.errors import DomainError, FieldError, NotFound, ValidationFailed
from jmo.domain.identifiers.generate import generate_kpj
from jmo.domain.identifiers.region import RegionDirectory
from jmo.domain.participant import Employment, Participant, Profile
from jmo.domain.pengkinian.change_request import ChangeKind, ChangeRequest
from jmo.usecases.access import access_worker_as_employer, require_employer_action
from jmo.usecases.auditing import audit
from jmo.usecases.notifications.queue import notify_participant
from jmo.usecases.participants.enrol import NewParticipant, register_participant
from jmo.usecases.ports.notices import NoticeComposer
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.staff_reads import StaffRead, record_staff_read

LIST_LIMIT = 500


@dataclass(frozen=True)
class WorkerLine:
    participant_id: UUID
    kpj: str
    masked_name: str
    current: bool
    end_date: str | None
    updated_at: datetime | None


def company_of(uow: UnitOfWork, actor: Actor, action: Action) -> Employer:
    npp = require_employer_action(actor, action)
    employer = uow.employers.get_by_npp(npp)
    if employer is None:  # an HR account of a company the fund does not know
        raise NotFound("employer")
    return employer


def own_company(uow: UnitOfWork, actor: Actor, action: Action) -> Employer:
    """For the pages that show no worker (the upload form, the template, the new-worker
    form): the role and the company are still checked here, not at the edge."""
    with uow:
        return company_of(uow, actor, action)


def list_workers(
    uow: UnitOfWork, actor: Actor, *, search: str = ""
) -> tuple[Employer, list[WorkerLine]]:
    """Everyone employed at the company (current first). Names are masked: the list is
    where HR picks a worker, not a read of anyone's data (opening one is, and is recorded)."""
    with uow:
        employer = company_of(uow, actor, Action.EMPLOYER_WORKERS_READ)
        workers: list[Worker] = uow.employers.workers(
            employer.npp, LIST_LIMIT, kpj_prefix="".join(search.split())[:11]
        )
    lines = [
        WorkerLine(
            w.participant_id,
            w.kpj,
            rules.mask_name(w.full_name),
            w.end_date is None,
            w.end_date.isoformat() if w.end_date else None,
            w.updated_at,
        )
        for w in workers
    ]
    return employer, lines


@dataclass(frozen=True)
class WorkerView:
    employer: Employer
    participant: Participant
    employment: Employment  # the latest at this company
    # The worker's own open identity correction ("Data tidak sesuai"), for the letter.
    open_request: ChangeRequest | None


def _employment_here(uow: UnitOfWork, participant_id: UUID, npp: str) -> Employment:
    here = [e for e in uow.participants.employments(participant_id) if e.employer_npp == npp]
    if not here:
        raise NotFound("worker")
    return max(here, key=lambda e: e.start_date)


def open_worker(
    uow: UnitOfWork, actor: Actor, participant_id: UUID, *, now: datetime
) -> WorkerView:
    with uow:
        employer = company_of(uow, actor, Action.EMPLOYER_WORKERS_READ)
        participant = access_worker_as_employer(
            uow, actor, participant_id, Action.EMPLOYER_WORKERS_READ
        )
        view = WorkerView(
            employer,
            participant,
            _employment_here(uow, participant.id, employer.npp),
            uow.change_requests.latest_open(participant.id, ChangeKind.IDENTITY_CORRECTION),
        )
        record_staff_read(uow, actor, StaffRead.EMPLOYER_WORKER, [participant.id], at=now)
        uow.commit()
        return view


def resign_worker(
    uow: UnitOfWork,
    actor: Actor,
    participant_id: UUID,
    *,
    end_date: str,
    notices: NoticeComposer,
    now: datetime,
) -> Employment:
    """The last day of work at the company (it opens JHT for a worker who resigned, one
    month after, docs/domain-rules.md §3): the worker is told and sees it in their log."""
    with uow:
        employer = company_of(uow, actor, Action.EMPLOYER_RESIGN)
        participant = access_worker_as_employer(uow, actor, participant_id, Action.EMPLOYER_RESIGN)
        employment = _employment_here(uow, participant.id, employer.npp)
        if employment.end_date is not None:
            raise ValidationFailed.single("end_date", "employer.already_ended")
        try:
            end = rules.parse_end_date(end_date, start=employment.start_date, today=now.date())
        except DomainError as exc:
            raise ValidationFailed.single("end_date", exc.code, **exc.params) from exc
        if not uow.employers.end_employment(participant.id, employer.npp, end):
            raise ValidationFailed.single("end_date", "employer.already_ended")
        audit(
            uow,
            actor,
            "employer.resignation_recorded",
            subject_type="participant",
            subject_id=participant.id,
            at=now,
            npp=employer.npp,
            end_date=end.isoformat(),
        )
        notify_participant(
            uow,
            notices,
            participant,
            kind="employer.resignation_recorded",
            event_key=f"{employer.npp}:{end.isoformat()}",
            now=now,
            params={"name": participant.identity.full_name, "company": employer.name},
        )
        uow.commit()
        return Employment(
            employer.npp, employer.name, employment.start_date, end, employment.monthly_wage
        )


# The fields of the "new worker" form: the migration's participant and employment rows
# (jmo.domain.bulk_import), so a worker registered here passes the rules a loaded one does.
NEW_WORKER_FIELDS = (
    "nik",
    "full_name",
    "birth_place",
    "birth_date",
    "gender",
    "npwp",
    "start_date",
    "monthly_wage",
)
_KPJ_PLACEHOLDER = "10000000000"  # checked later: the fund issues the KPJ


def register_worker(
    uow: UnitOfWork,
    actor: Actor,
    form: Mapping[str, str],
    *,
    regions: RegionDirectory,
    notices: NoticeComposer,
    now: datetime,
) -> Participant:
    """A new worker of the company: someone the fund knows (by NIK) gains an employment
    here; anyone else is registered as a participant with a new KPJ."""
    v = {name: (form.get(name) or "").strip() for name in NEW_WORKER_FIELDS}
    errors: list[FieldError] = []
    person: ParticipantIn | None = None
    job: EmploymentIn | None = None
    try:
        person = check_participant(
            [
                _KPJ_PLACEHOLDER,
                v["nik"],
                v["full_name"],
                v["birth_place"],
                v["birth_date"],
                v["gender"],
                v["npwp"],
            ],
            regions=regions,
            today=now.date(),
        )
    except RowRejected as exc:
        errors.extend(exc.errors)
    with uow:
        employer = company_of(uow, actor, Action.EMPLOYER_REGISTER)
    try:
        job = check_employment(
            [_KPJ_PLACEHOLDER, employer.npp, v["start_date"], "", v["monthly_wage"]],
            today=now.date(),
        )
    except RowRejected as exc:
        errors.extend(exc.errors)
    if errors or person is None or job is None:
        raise ValidationFailed(errors)
    employment = Employment(employer.npp, employer.name, job.start_date, None, job.monthly_wage)
    with uow:
        known = uow.participants.find_by_nik(person.nik)
        if known:
            participant = max(known, key=lambda p: p.created_at or now)
            if any(
                e.employer_npp == employer.npp and e.end_date is None
                for e in uow.participants.employments(participant.id)
            ):
                raise ValidationFailed.single("nik", "employer.already_a_worker")
            uow.participants.add_employment(participant.id, employment)
            audit(
                uow,
                actor,
                "employer.worker_registered",
                subject_type="participant",
                subject_id=participant.id,
                at=now,
                npp=employer.npp,
            )
            notify_participant(
                uow,
                notices,
                participant,
                kind="employer.worker_registered",
                event_key=f"{employer.npp}:{job.start_date.isoformat()}",
                now=now,
                params={"name": participant.identity.full_name, "company": employer.name},
            )
            uow.commit()
            return participant
        kpj = _free_kpj(uow)
    return register_participant(
        uow,
        actor,
        NewParticipant(
            nik=person.nik,
            kpj=kpj,
            full_name=person.full_name,
            birth_place=person.birth_place,
            birth_date=person.birth_date,
            profile=Profile(gender=person.gender, npwp=person.npwp, citizenship="WNI"),
            employments=(employment,),
        ),
        regions=regions,
        now=now,
    )


def _free_kpj(uow: UnitOfWork) -> str:
    rng = random.SystemRandom()
    while True:
        kpj = generate_kpj(rng)
        if uow.participants.get_by_kpj(kpj) is None:
            return kpj
