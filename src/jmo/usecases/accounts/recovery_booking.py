"""Lupa akun's dead end (issue 12): identity proven by KPJ, NIK and birth date, but no
face pass is possible (no reference photo, or the tries are used up). The person books a
branch appointment for ``lupa_akun`` without signing in: the participant is the one the
flow's token names, never anything the browser sends. The booking rules are the
appointment use case's; there is no notice (the stored contacts are the lost ones), the
page shows the code to keep."""

from __future__ import annotations

import random
from datetime import datetime
from uuid import UUID

from jmo.domain.backoffice import appointments as rules
from jmo.domain.backoffice.appointments import Appointment, Purpose
from jmo.domain.errors import NotFound, PermissionDenied
from jmo.domain.onboarding import Purpose as Flow
from jmo.domain.participant import Participant
from jmo.usecases.accounts.onboarding import load
from jmo.usecases.appointments.booking import (
    BookingOptions,
    book_for,
    options_for,
    seat_conflicts,
)
from jmo.usecases.face_check import status_of
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.services import Policy

PURPOSE = Purpose.ACCOUNT_RECOVERY


def _stuck(uow: UnitOfWork, token: str, policy: Policy, now: datetime) -> Participant:
    """The participant of an open Lupa akun flow that cannot pass the face check;
    refused while the face step can still be tried (or has passed)."""
    item = load(uow, token, Flow.RECOVER, now)
    if item.face_passed_at is None:
        if uow.participants.reference_face(item.participant_id) is None:
            return _participant(uow, item.participant_id)
        if status_of(uow, item.participant_id, policy, now).refusal is not None:
            return _participant(uow, item.participant_id)
    raise PermissionDenied("recovery.face_possible")


def _participant(uow: UnitOfWork, participant_id: UUID) -> Participant:
    participant = uow.participants.get(participant_id)
    if participant is None:
        raise NotFound("onboarding")
    return participant


def recovery_booking_options(
    uow: UnitOfWork,
    *,
    token: str,
    branch_code: str | None,
    day: str | None,
    capacity: int,
    policy: Policy,
    now: datetime,
) -> tuple[BookingOptions, Appointment | None]:
    """The booking page: offices, days, slots, what to bring, and the booking already
    made on this flow (shown again instead of a second one)."""
    with uow:
        participant = _stuck(uow, token, policy, now)
        booked = uow.appointments.open_for(participant.id, PURPOSE, "")
        options = options_for(uow, participant, PURPOSE, "", branch_code, day, capacity, now)
        return options, booked


def book_recovery_appointment(
    uow: UnitOfWork,
    *,
    token: str,
    branch_code: str | None,
    starts_at: str | None,
    capacity: int,
    rng: random.Random,
    policy: Policy,
    now: datetime,
) -> Appointment:
    branch = rules.branch_or_error(branch_code)
    at = rules.parse_slot(branch, starts_at, now)
    with seat_conflicts(), uow:
        participant = _stuck(uow, token, policy, now)
        appointment = book_for(
            uow, participant, None, PURPOSE, "", branch, at, capacity=capacity, rng=rng, now=now
        )
        uow.commit()
        return appointment
