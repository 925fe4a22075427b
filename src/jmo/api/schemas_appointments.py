"""Appointments at a branch office in the JSON API (the same use cases as /janji-temu and
/petugas/janji-temu). Times are UTC; ``local`` is the time at the office with its zone."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, Field

from jmo.api.input_fields import stated
from jmo.api.schemas_claims import ClaimOut
from jmo.api.schemas_jht import CodeLabel
from jmo.domain.backoffice.appointments import PURPOSE, Appointment
from jmo.domain.backoffice.branches import BranchOffice, get_branch
from jmo.domain.time import to_local
from jmo.i18n import translate
from jmo.i18n.appointments import BRING, PURPOSES, STATUSES
from jmo.usecases.appointments.booking import BookingOptions
from jmo.usecases.claims.desk import ClaimDesk


def _label(table: dict[str, str], code: str, locale: str) -> CodeLabel:
    return CodeLabel(code=code, label=translate(locale, table.get(code, code)))


def _local(at: datetime, province: str) -> str:
    local = to_local(at, province)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


class OfficeOut(BaseModel):
    code: str
    name: str
    city: str

    @classmethod
    def of(cls, branch: BranchOffice) -> OfficeOut:
        return cls(code=branch.code, name=branch.name, city=branch.city)


class SlotOut(BaseModel):
    starts_at: datetime
    local: str
    free: int


class BookingOptionsOut(BaseModel):
    purpose: CodeLabel
    reference: str
    branch: OfficeOut
    branches: list[OfficeOut]
    days: list[date]
    day: date
    slots: list[SlotOut]
    bring: list[CodeLabel]
    capacity: int

    @classmethod
    def of(cls, options: BookingOptions, locale: str) -> BookingOptionsOut:
        province = options.branch.office_province
        return cls(
            purpose=_label(PURPOSES, options.purpose.value, locale),
            reference=options.reference,
            branch=OfficeOut.of(options.branch),
            branches=[OfficeOut.of(b) for b in options.branches],
            days=options.days,
            day=options.day,
            slots=[
                SlotOut(starts_at=s.starts_at, local=_local(s.starts_at, province), free=s.free)
                for s in options.slots
            ],
            bring=[_label(BRING, item, locale) for item in options.bring],
            capacity=options.capacity,
        )


class AppointmentOut(BaseModel):
    id: UUID
    code: str
    purpose: CodeLabel
    reference: str
    branch: OfficeOut
    starts_at: datetime
    local: str
    status: CodeLabel
    bring: list[CodeLabel]
    subject_id: UUID | None = None  # the claim or request the visit is for

    @classmethod
    def of(cls, a: Appointment, locale: str) -> AppointmentOut:
        branch = get_branch(a.branch_code)
        assert branch is not None
        return cls(
            id=a.id,
            code=a.code,
            purpose=_label(PURPOSES, a.purpose.value, locale),
            reference=a.reference,
            branch=OfficeOut.of(branch),
            starts_at=a.starts_at,
            local=_local(a.starts_at, a.office_province),
            status=_label(STATUSES, a.status.value, locale),
            bring=[_label(BRING, item, locale) for item in a.bring],
            subject_id=a.subject_id,
        )


class BookIn(BaseModel):
    purpose: str = Field(
        max_length=PURPOSE.max_length,
        description="klaim | koreksi_identitas | foto_referensi | selfie_gagal | lupa_akun",
        json_schema_extra=stated(PURPOSE),  # checked by the use case (every field at once)
    )
    reference: str = Field(default="", max_length=40)
    branch: str = Field(max_length=10, description="a branch office code (GET .../options)")
    starts_at: str = Field(max_length=40, description="a slot's starts_at from the options")


class RescheduleIn(BaseModel):
    branch: str = Field(default="", max_length=10)
    starts_at: str = Field(max_length=40)


class MarkIn(BaseModel):
    status: str = Field(max_length=20, description="arrived | done | no_show")


class ClaimStepByOut(BaseModel):
    status: str
    at: datetime
    by: str  # the staff member's email (the participant for "submitted")


class StaffClaimOut(ClaimOut):
    """The claim as the officer sees it before moving it: the bank cooling-off (known
    when verifying, not at payment), whether four eyes applies and who did each step,
    and the appointments booked for it."""

    payout_hold_until: datetime | None
    second_person_required: bool
    steps_by: list[ClaimStepByOut]
    appointments: list[AppointmentOut]

    @classmethod
    def of_desk(cls, desk: ClaimDesk, locale: str) -> StaffClaimOut:
        base = ClaimOut.of(desk.claim, locale, staff=True)
        return cls(
            **base.model_dump(),
            payout_hold_until=desk.hold_until,
            second_person_required=desk.four_eyes,
            steps_by=[
                ClaimStepByOut(
                    status=e.status.value,
                    at=e.at,
                    by=desk.names.get(e.actor_account_id, e.actor_role or "")
                    if e.actor_account_id
                    else e.actor_role or "",
                )
                for e in desk.claim.events
            ],
            appointments=[AppointmentOut.of(a, locale) for a in desk.appointments],
        )
