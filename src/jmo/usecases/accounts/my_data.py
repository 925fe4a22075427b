"""The participant's right of access (UU 27/2022 Art 7 and 32): everything held about
them as JSON, and who touched their data.

The export a password alone opens is masked by the same rule as Pengkinian Data before the
selfie (``domain/pengkinian/disclosure.py``, issue 8 item 12): a stolen password must not
hand over the NIK, the bank account or the mother's name. The full export is one click
further: a single-use link mailed to the account's address (``usecases.accounts.full_export``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from jmo.domain.audit import AuditEntry
from jmo.domain.claims.model import Claim
from jmo.domain.complaints import Complaint
from jmo.domain.heirs import in_order
from jmo.domain.identifiers.bank import mask_bank_account
from jmo.domain.identifiers.nik import mask_nik
from jmo.domain.participant import FieldChange, Identity, Profile
from jmo.domain.pengkinian.disclosure import mask_identity, mask_profile, mask_value
from jmo.usecases.access import access_own_participant
from jmo.usecases.accounts.sessions import Authenticated
from jmo.usecases.auditing import audit, participant_subjects
from jmo.usecases.ports.unit_of_work import UnitOfWork
from jmo.usecases.staff_reads import STAFF_READ_ACTION

EXPORT_FORMAT = "jmo.my-data/1"


def _subjects(uow: UnitOfWork, auth: Authenticated) -> list[tuple[str, str]]:
    participant_id = auth.actor.participant_id
    subjects = [("account", str(auth.account.id))]
    if participant_id is not None:
        subjects += [s for s in participant_subjects(uow, participant_id) if s not in subjects]
    return subjects


def access_log(uow: UnitOfWork, auth: Authenticated) -> list[AuditEntry]:
    """Every recorded action on the person's account and data, newest first."""
    with uow:
        return list(reversed(uow.audit.for_subjects(_subjects(uow, auth))))


def _shown(
    full: bool,
) -> tuple[
    Callable[[Identity], Identity],
    Callable[[Profile], Profile],
    Callable[[FieldChange], dict[str, Any]],
]:
    if full:
        return (lambda i: i), (lambda p: p), asdict
    return (
        mask_identity,
        mask_profile,
        lambda c: {
            "field": c.field,
            "old": mask_value(c.field, c.old),
            "new": mask_value(c.field, c.new),
        },
    )


def export_my_data(
    uow: UnitOfWork, auth: Authenticated, *, now: datetime, full: bool = False
) -> dict[str, Any]:
    """Everything held about the person; masked unless ``full`` (which only the mailed
    single-use link asks for)."""
    with uow:
        data = build_export(uow, auth, now=now, full=full)
        uow.commit()
        return data


def build_export(
    uow: UnitOfWork, auth: Authenticated, *, now: datetime, full: bool
) -> dict[str, Any]:
    """The export inside an open unit of work (the caller commits)."""
    show_identity, show_profile, show_change = _shown(full)
    participant = access_own_participant(uow, auth.actor)
    requests = uow.change_requests.for_participant(participant.id)
    attempts = uow.biometric_attempts.for_participant(participant.id, now - timedelta(days=3650))
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "exported_at": now.isoformat(),
        "masked": not full,
        "account": {
            "email": auth.account.email,
            "created_at": auth.account.created_at,
            "last_login_at": auth.account.last_login_at,
            "password_changed_at": auth.account.password_changed_at,
            # the proven phone is a recovery contact: masked like the profile's (item 12)
            "phone": auth.account.phone if full else mask_value("phone", auth.account.phone),
            "terms_version": auth.account.terms_version,
            "terms_accepted_at": auth.account.terms_accepted_at,
        },
        "identity": asdict(show_identity(participant.identity)),
        "profile": show_profile(participant.profile).as_dict(),
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
                "changes": [show_change(c) for c in r.changes],
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
        # every request's readable id (Riwayat & Lacak) and the record it names
        "requests": [
            {
                "request_id": str(ref.request_id),
                "kind": ref.kind.value,
                "item_id": str(ref.item_id),
                "created_at": ref.created_at,
            }
            for ref in uow.request_ids.for_participant(participant.id)
        ],
        "history": [
            {
                "version": v.version,
                "recorded_at": v.recorded_at,
                "change_request_id": v.change_request_id,
                "profile": show_profile(v.profile).as_dict(),
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
        # issue 12: the heirs the person recorded, in the rule's order; the NIK masked
        # like the person's own unless the export is the full one
        "heirs": [
            {
                "relationship": h.relationship.value,
                "full_name": h.full_name,
                "nik": h.nik if full else mask_nik(h.nik),
                "recorded_at": h.created_at,
            }
            for h in in_order(uow.heirs.for_participant(participant.id))
        ],
        # issue 9 item 7: the claims and complaints are the person's data too
        "claims": [_claim(c) for c in uow.claims.for_claimant(participant.id)],
        "complaints": [
            _complaint(whole)
            for c in uow.complaints.for_participant(participant.id)
            if (whole := uow.complaints.get(c.id)) is not None  # with its messages
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
        full=full,
    )
    return data


def _claim(claim: Claim) -> dict[str, Any]:
    return {
        "number": claim.number,
        "program": claim.program.value,
        "reason": claim.reason.value,
        "status": claim.status.value,
        "route": claim.route.value,
        "member_kpj": claim.member_kpj,
        "submitted_at": claim.submitted_at,
        "event_date": claim.event_date,
        "heir_relationship": claim.heir_relationship.value if claim.heir_relationship else None,
        "benefit": asdict(claim.benefit),
        "details": claim.details,
        # the account as on the claim page: enough to recognise it
        "bank": {
            "bank_code": claim.bank_code,
            "account": mask_bank_account(claim.bank_account),
            "holder": claim.bank_account_holder,
        },
        # what was sent, not the files (like the reference photo)
        "documents": [
            {
                "type": d.document_type,
                "filename": d.filename,
                "size": d.size,
                "uploaded_at": d.uploaded_at,
            }
            for d in claim.documents
        ],
        "events": [
            {
                "status": e.status.value,
                "at": e.at,
                "by": e.actor_role,
                "reason": e.reason,
                "note": e.note,
                "payment_reference": e.payment_reference,
            }
            for e in claim.events
        ],
    }


def _complaint(complaint: Complaint) -> dict[str, Any]:
    return {
        "id": str(complaint.id),
        "category": complaint.category,
        "description": complaint.description,
        "status": complaint.status.value,
        "created_at": complaint.created_at,
        "due_at": complaint.due_at,
        "resolved_at": complaint.resolved_at,
        "closed_at": complaint.closed_at,
        "rating": complaint.rating,
        "rating_comment": complaint.rating_comment,
        "messages": [
            {
                "at": m.created_at,
                "by": m.author_role.value,
                "body": m.body,
                "status_to": m.status_to.value if m.status_to else None,
            }
            for m in complaint.messages
        ],
        "attachments": [
            {"filename": a.filename, "content_type": a.content_type, "size": a.size}
            for a in complaint.attachments
        ],
    }


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
