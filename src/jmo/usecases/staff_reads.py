"""Staff reading a participant's data: every read is recorded, and the participant sees it
in "who accessed my data" (``GET /api/v1/me/access-log``, /akun/riwayat-akses). UU 27/2022
gives the person the right to know who processed their data; docs/security.md promises it.

Every staff use case that returns a participant's data calls ``record_staff_read`` in the
same transaction as the read, and commits. Work queues (lists of claims or complaints to
pick from) show no personal data and are not recorded; opening one item is.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from jmo.domain.accounts import Actor, Role
from jmo.usecases.access import require_staff
from jmo.usecases.auditing import audit
from jmo.usecases.ports.unit_of_work import UnitOfWork

STAFF_READ_ACTION = "participant.viewed"


class StaffRead(StrEnum):
    """What an officer opened (shown to the participant with a sentence per kind)."""

    CLAIM = "claim"
    CLAIM_DOCUMENT = "claim_document"
    CHANGE_REQUEST = "change_request"
    CHANGE_REQUEST_DOCUMENT = "change_request_document"
    COMPLAINT = "complaint"
    COMPLAINT_ATTACHMENT = "complaint_attachment"
    RISK = "risk"
    BIOMETRIC_ATTEMPTS = "biometric_attempts"
    HISTORY = "history"
    AUDIT_TRAIL = "audit_trail"
    HEIRS = "heirs"
    PROFILE = "profile"  # the branch counter's page of one participant
    EMPLOYER_WORKER = "employer_worker"  # HR of the participant's company opened their page


def record_staff_read(
    uow: UnitOfWork,
    actor: Actor,
    what: StaffRead,
    participants: Iterable[UUID | None],
    *,
    at: datetime,
    **refs: Any,
) -> None:
    """One audit entry per participant whose data was read (a claim filed by an heir is
    the heir's and the deceased member's), on the participant as subject so that it is in
    their access log. ``refs`` name the record (a claim number, a document type), never
    its content. The caller commits. Employer HR's reads (scoped to its company by the
    caller) are recorded the same way."""
    if actor.role is not Role.EMPLOYER_HR:
        require_staff(actor)
    for participant_id in dict.fromkeys(p for p in participants if p is not None):
        audit(
            uow,
            actor,
            STAFF_READ_ACTION,
            subject_type="participant",
            subject_id=participant_id,
            at=at,
            what=what.value,
            **refs,
        )
