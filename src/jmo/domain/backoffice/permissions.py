"""What each staff role may do: the permission table (role x action), as data.

The use cases check it (``jmo.usecases.access.require_action``), so the pages, the API and
the CLI share it. docs/back-office.md prints it; tests/web/test_staff_matrix.py holds every
staff route to it.
"""

from __future__ import annotations

from enum import StrEnum

from jmo.domain.accounts import Role


class Action(StrEnum):
    QUEUE_VIEW = "queue.view"
    WORK_ASSIGN = "work.assign"
    PARTICIPANT_READ = "participant.read"
    HISTORY_READ = "participant.history"
    CHANGE_REQUEST_READ = "change_request.read"
    CHANGE_REQUEST_ASK_DOCUMENTS = "change_request.ask_documents"
    CHANGE_REQUEST_PREPARE = "change_request.prepare"
    CHANGE_REQUEST_REJECT = "change_request.reject"
    CHANGE_REQUEST_APPROVE = "change_request.approve"
    CLAIM_READ = "claim.read"
    CLAIM_MOVE = "claim.move"  # verify, approve, reject, pay, branch steps, NPWP status
    COMPLAINT_READ = "complaint.read"
    COMPLAINT_ANSWER = "complaint.answer"
    CARD_REVOKE = "card.revoke"
    BIOMETRIC_READ = "biometric.read"
    BIOMETRIC_REVIEW = "biometric.review"
    STAFF_MANAGE = "staff.manage"
    LEDGER_POST = "ledger.post"
    FREEZE_LIFT = "freeze.lift"  # "Bukan saya": after checking the person at the branch
    APPOINTMENT_READ = "appointment.read"  # the day's appointments of the branch
    APPOINTMENT_MARK = "appointment.mark"  # arrived, done, no-show
    AUDIT_READ = "audit.read"  # the audit page and ``jmo audit export`` (itself recorded)
    # At the branch counter, the person present with originals (docs/back-office.md):
    PARTICIPANT_UPDATE = "participant.update"  # walk-in Pengkinian Data
    REFERENCE_PHOTO_PREPARE = "reference_photo.prepare"  # a supervisor approves it
    # The employer portal (/perusahaan): HR of one company, on that company's workers only.
    EMPLOYER_WORKERS_READ = "employer.workers_read"
    EMPLOYER_CORRECT = "employer.correct"  # one worker's data, or a CSV of many
    EMPLOYER_RESIGN = "employer.resign"  # the end date of a worker's employment
    EMPLOYER_REGISTER = "employer.register"  # a new worker of the company
    EMPLOYER_LETTER = "employer.letter"  # the signed "surat pengantar koreksi data"


READS = frozenset(
    {
        Action.QUEUE_VIEW,
        Action.PARTICIPANT_READ,
        Action.HISTORY_READ,
        Action.CHANGE_REQUEST_READ,
        Action.CLAIM_READ,
        Action.COMPLAINT_READ,
        Action.BIOMETRIC_READ,
        Action.APPOINTMENT_READ,
    }
)
_OFFICER = READS | {
    Action.WORK_ASSIGN,
    Action.FREEZE_LIFT,
    Action.CHANGE_REQUEST_ASK_DOCUMENTS,
    Action.CHANGE_REQUEST_PREPARE,
    Action.CHANGE_REQUEST_REJECT,
    Action.CLAIM_MOVE,
    Action.COMPLAINT_ANSWER,
    Action.CARD_REVOKE,
    Action.BIOMETRIC_REVIEW,
    Action.APPOINTMENT_MARK,
    Action.PARTICIPANT_UPDATE,
    Action.REFERENCE_PHOTO_PREPARE,
}

PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.OFFICER: frozenset(_OFFICER),
    # A supervisor does what an officer does, and gives the second pair of eyes: an
    # identity correction, a reference photo enrolled at the counter, a flagged bank change.
    # Supervisors also read the audit trail: they answer for their branch's staff.
    Role.SUPERVISOR: frozenset(_OFFICER | {Action.CHANGE_REQUEST_APPROVE, Action.AUDIT_READ}),
    Role.AUDITOR: frozenset(READS | {Action.AUDIT_READ}),  # read-only, every read recorded
    # The admin manages staff accounts and runs the operator jobs, not casework.
    Role.ADMIN: frozenset({Action.STAFF_MANAGE, Action.LEDGER_POST, Action.HISTORY_READ}),
    # Employer HR: its own company's workers (the scope is checked by
    # ``jmo.usecases.access.require_employer_action``); none of the staff's casework.
    Role.EMPLOYER_HR: frozenset(
        {
            Action.EMPLOYER_WORKERS_READ,
            Action.EMPLOYER_CORRECT,
            Action.EMPLOYER_RESIGN,
            Action.EMPLOYER_REGISTER,
            Action.EMPLOYER_LETTER,
        }
    ),
}
EMPLOYER_ACTIONS = PERMISSIONS[Role.EMPLOYER_HR]


def allowed(role: Role, action: Action) -> bool:
    return action in PERMISSIONS.get(role, frozenset())
