"""The participant's right of access (UU 27/2022 Art 7 and 32): everything held about
them as JSON, and who touched their data."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from jmo.domain.audit import AuditEntry
from jmo.usecases.access import access_own_participant
from jmo.usecases.accounts.sessions import Authenticated
from jmo.usecases.auditing import audit
from jmo.usecases.ports import UnitOfWork
from jmo.usecases.staff_reads import STAFF_READ_ACTION

EXPORT_FORMAT = "jmo.my-data/1"


def _subjects(uow: UnitOfWork, auth: Authenticated) -> list[tuple[str, str]]:
    participant_id = auth.actor.participant_id
    subjects = [("account", str(auth.account.id))]
    if participant_id is not None:
        subjects.append(("participant", str(participant_id)))
        subjects += [
            ("change_request", str(r.id))
            for r in uow.change_requests.for_participant(participant_id)
        ]
    return subjects


def access_log(uow: UnitOfWork, auth: Authenticated) -> list[AuditEntry]:
    """Every recorded action on the person's account and data, newest first."""
    with uow:
        return list(reversed(uow.audit.for_subjects(_subjects(uow, auth))))


def export_my_data(uow: UnitOfWork, auth: Authenticated, *, now: datetime) -> dict[str, Any]:
    with uow:
        participant = access_own_participant(uow, auth.actor)
        requests = uow.change_requests.for_participant(participant.id)
        attempts = uow.biometric_attempts.for_participant(
            participant.id, now - timedelta(days=3650)
        )
        data: dict[str, Any] = {
            "format": EXPORT_FORMAT,
            "exported_at": now.isoformat(),
            "account": {
                "email": auth.account.email,
                "created_at": auth.account.created_at,
                "last_login_at": auth.account.last_login_at,
                "password_changed_at": auth.account.password_changed_at,
                "phone": auth.account.phone,
                "terms_version": auth.account.terms_version,
                "terms_accepted_at": auth.account.terms_accepted_at,
            },
            "identity": asdict(participant.identity),
            "profile": participant.profile.as_dict(),
            "data_is_current": participant.data_is_current,
            "pengkinian_completed_at": participant.pengkinian_completed_at,
            "employments": [asdict(e) for e in uow.participants.employments(participant.id)],
            "reference_photo": _reference(uow, participant.id),
            "change_requests": [
                {
                    "id": str(r.id),
                    "kind": r.kind.value,
                    "channel": r.channel.value,
                    "status": r.status.value,
                    "submitted_at": r.submitted_at,
                    "applied_at": r.applied_at,
                    "changes": [asdict(c) for c in r.changes],
                    "consent": asdict(r.consent) if r.consent else None,
                    "biometric": {
                        "attempt_id": str(r.biometric.attempt_id),
                        "decision": r.biometric.decision,
                        "model": r.biometric.model,
                    }
                    if r.biometric
                    else None,
                    "reported_fields": list(r.reported_fields),
                    "documents_required": [d.value for d in r.documents_required],
                    "note": r.note,
                }
                for r in requests
            ],
            "history": [
                {
                    "version": v.version,
                    "recorded_at": v.recorded_at,
                    "change_request_id": v.change_request_id,
                    "profile": v.profile.as_dict(),
                }
                for v in uow.participants.history(participant.id)
            ],
            # Decisions and reasons; the scores stay with the officers (a score returned
            # on demand is an oracle to tune a forged face against; issue 8 item 2). The
            # person can ask a branch office for them, like the reference photo.
            "biometric_attempts": [a.as_participant_sees_it() for a in attempts],
            "devices": [
                {
                    "kind": s.kind,
                    "created_at": s.created_at,
                    "last_seen_at": s.last_seen_at,
                    "client_ip": s.client_ip,
                    "user_agent": s.user_agent,
                }
                for s in uow.sessions.active_for(auth.account.id, now)
            ],
            "access_log": [
                {
                    "at": e.at,
                    "action": e.action,
                    "by": e.actor_role or "system",
                    "channel": e.channel,
                    "client_ip": e.client_ip,
                    "what": e.details.get("what") if e.action == STAFF_READ_ACTION else None,
                }
                for e in reversed(uow.audit.for_subjects(_subjects(uow, auth)))
            ],
        }
        audit(
            uow,
            auth.actor,
            "participant.data_exported",
            subject_type="participant",
            subject_id=participant.id,
            at=now,
        )
        uow.commit()
        return data


def _reference(uow: UnitOfWork, participant_id: Any) -> dict[str, Any] | None:
    face = uow.participants.reference_face(participant_id)
    if face is None:
        return None
    # The photo itself is not put in a JSON file that may be mailed around; the person can
    # ask a branch office for it. What is held is described.
    return {
        "enrolled_at": face.enrolled_at,
        "source": face.source,
        "model": face.model,
        "photo_bytes": len(face.photo_jpeg),
        "descriptor_bytes": len(face.descriptor),
    }
