"""A reference photo enrolled at the branch counter, for a participant who has none (joko
in the demo: selfies have nothing to be compared with). The officer sees the e-KTP, takes
the photo with the counter's camera or uploads one; the face engine checks it with the
capture rules (one face, large, sharp, evenly lit) and re-encodes it. Nothing is set yet:
a supervisor who is not this officer approves it (``approvals.approve_counter_request``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from jmo.domain.accounts import Actor
from jmo.domain.backoffice.corrections import EventKind, RequestDocument
from jmo.domain.backoffice.counter import parse_documents_seen, require_originals
from jmo.domain.backoffice.permissions import Action
from jmo.domain.errors import CollectErrors, Conflict, DomainError, ValidationFailed
from jmo.domain.pengkinian.change_request import ChangeKind, ChangeRequest, ChangeStatus, Channel
from jmo.usecases.access import access_participant_as_staff
from jmo.usecases.backoffice.approvals import PHOTO_DOCUMENT, pack_reference
from jmo.usecases.backoffice.counter import at_counter
from jmo.usecases.backoffice.worked_requests import record_event
from jmo.usecases.ports.faces import FaceVerifier
from jmo.usecases.ports.files import FileStore
from jmo.usecases.ports.unit_of_work import UnitOfWork

SOURCES = ("camera", "upload")
FIELD = "photo"


def prepare_reference_photo(
    uow: UnitOfWork,
    actor: Actor,
    participant_id: UUID,
    *,
    image: bytes,
    source: str,
    documents_seen: Iterable[str],
    faces: FaceVerifier,
    files: FileStore,
    now: datetime,
) -> ChangeRequest:
    actor = at_counter(actor)
    with uow:
        participant = access_participant_as_staff(
            uow, actor, participant_id, Action.REFERENCE_PHOTO_PREPARE
        )
        if uow.participants.has_reference_face(participant.id):
            raise Conflict("reference_photo.exists")
        if uow.change_requests.latest_open(participant.id, ChangeKind.REFERENCE_PHOTO):
            raise Conflict("reference_photo.pending")
    errors = CollectErrors()
    try:
        seen = parse_documents_seen(documents_seen)
        require_originals(seen, (), errors)
    except ValidationFailed as exc:
        errors.errors.extend(exc.errors)
        seen = ()
    if source not in SOURCES:
        errors.add("source", "field.choice")
    enrollment = None
    if not image:
        errors.add(FIELD, "field.required")
    else:
        try:
            # the capture rules of a selfie: a counter photo is taken for this purpose
            enrollment = faces.enroll(image, check_quality=True)
        except DomainError as exc:
            errors.add(FIELD, exc.code, **exc.params)
    errors.raise_if_any()
    assert enrollment is not None
    key = files.put(pack_reference(enrollment))  # the re-encoded photo, not the upload
    try:
        with uow:
            participant = access_participant_as_staff(
                uow, actor, participant_id, Action.REFERENCE_PHOTO_PREPARE
            )
            if uow.change_requests.latest_open(participant.id, ChangeKind.REFERENCE_PHOTO):
                raise Conflict("reference_photo.pending")
            request = ChangeRequest(
                id=uuid.uuid4(),
                participant_id=participant.id,
                kind=ChangeKind.REFERENCE_PHOTO,
                channel=Channel.BRANCH,
                status=ChangeStatus.AWAITING_APPROVAL,
                changes=(),
                base_version=participant.version,
                submitted_by=actor.account_id,
                submitted_at=now,
                prepared_by=actor.account_id,
                prepared_at=now,
                documents_seen=seen,
                note=source,
            )
            uow.change_requests.add(request)
            uow.change_requests.add_document(
                RequestDocument(
                    id=uuid.uuid4(),
                    request_id=request.id,
                    document_type=PHOTO_DOCUMENT,
                    filename="foto-rujukan.jpg",
                    content_type="image/jpeg",
                    size=len(enrollment.photo_jpeg),
                    uploaded_at=now,
                ),
                key,
                actor.account_id,
            )
            record_event(uow, actor, request, EventKind.PREPARED, now)
            uow.commit()
            return request
    except Exception:
        files.delete(key)
        raise
