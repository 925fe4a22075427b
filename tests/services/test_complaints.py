"""Pengaduan on the real database: tickets, the SLA, every status transition (legal and
illegal, by role), the thread, attachments at rest, the rating, access, and notices."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from jmo.domain.accounts import Actor
from jmo.domain.complaints import CATEGORIES_BY_CODE, TRANSITIONS, ComplaintStatus
from jmo.domain.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from jmo.domain.notices import carries_sensitive_number
from jmo.domain.time import FixedClock
from jmo.storage.rows import OutboxRow
from jmo.usecases.complaints.tickets import (
    Upload,
    change_complaint_status,
    close_complaint,
    post_message,
    post_staff_message,
    reopen_complaint,
    submit_complaint,
)
from jmo.usecases.complaints.views import (
    get_complaint,
    get_complaint_for_staff,
    my_complaints,
    read_attachment,
    read_attachment_for_staff,
    staff_queue,
)
from jmo.usecases.services import Services
from tests.cast import actor_of, enrol_member
from tests.services.helpers import current_member, jpeg, officer, pdf, tools

S = ComplaintStatus


def _submit(services: Services, actor: Actor, **kwargs: object):  # type: ignore[no-untyped-def]
    values = {
        "category": "klaim",
        "description": "Klaim JHT saya belum cair padahal sudah 10 hari kerja.",
        "uploads": [],
        **kwargs,
    }
    return submit_complaint(
        services.uow(),
        actor,
        tools=tools(services),
        now=services.clock.now(),
        **values,  # type: ignore[arg-type]
    )


def _move(services: Services, actor: Actor, complaint_id, to: S, body: str = "Sudah kami cek."):  # type: ignore[no-untyped-def]
    return change_complaint_status(
        services.uow(),
        actor,
        complaint_id,
        to=to.value,
        body=body,
        tools=tools(services),
        now=services.clock.now(),
    )


def test_a_ticket_gets_its_sla_from_the_category_and_a_notice(
    db: object, services: Services, engine: object
) -> None:
    member, actor = current_member(services)
    complaint = _submit(
        services, actor, category="akun", description="Saya tidak bisa login sejak kemarin."
    )
    assert complaint.status is S.NEW
    assert (
        complaint.due_at - complaint.created_at
        == CATEGORIES_BY_CODE["akun"].sla
        == timedelta(hours=24)
    )
    assert complaint.reference.startswith("ADU-")
    with services.uow() as uow:
        notices = [n for n in uow.outbox.latest(10) if n.kind == "complaint.received"]
    (notice,) = notices
    assert notice.recipient == member.email and complaint.reference in notice.body
    assert "26 November 2026, 10.00 WIB" in notice.body  # 24 hours after 10:00 WIB
    assert not carries_sensitive_number(notice.body)


def test_form_errors_are_reported_together(db: object, services: Services) -> None:
    _, actor = current_member(services)
    with pytest.raises(ValidationFailed) as raised:
        _submit(services, actor, category="nope", description="pendek")
    assert {(e.field, e.code) for e in raised.value.errors} == {
        ("category", "field.choice"),
        ("description", "complaint.too_short"),
    }


def test_locked_before_the_data_update(db: object, services: Services) -> None:
    member = enrol_member(services)
    with pytest.raises(PermissionDenied):
        _submit(services, actor_of(services, member))


def test_the_same_idempotency_key_makes_one_ticket(db: object, services: Services) -> None:
    _, actor = current_member(services)
    first = _submit(services, actor, idempotency_key="form-1")
    again = _submit(services, actor, idempotency_key="form-1")
    assert again.id == first.id
    assert len(my_complaints(services.uow(), actor, now=services.clock.now())) == 1


def test_attachments_are_stored_encrypted_and_reachable_only_through_access(
    db: object, services: Services, settings: object
) -> None:
    _, budi = current_member(services)
    _, siti = current_member(services, key="siti", full_name="Siti Aminah", face="budi")
    photo = jpeg()
    complaint = _submit(
        services,
        budi,
        uploads=[Upload("bukti.jpg", photo), Upload("surat.pdf", pdf())],
    )
    assert [a.content_type for a in complaint.attachments] == ["image/jpeg", "application/pdf"]
    letter = complaint.attachments[1]
    files_dir = Path(settings.files_dir)  # type: ignore[attr-defined]
    stored = files_dir / letter.storage_key[:2] / letter.storage_key
    assert stored.exists() and b"%PDF" not in stored.read_bytes()  # encrypted at rest
    got = read_attachment(services.uow(), budi, complaint.id, letter.id, files=services.files)
    assert got.data == pdf()
    _, staff = officer(services)
    assert read_attachment_for_staff(
        services.uow(),
        staff,
        complaint.id,
        letter.id,
        files=services.files,
        now=services.clock.now(),
    ).data
    with pytest.raises(PermissionDenied) as refused:  # staff have their own door
        read_attachment(services.uow(), staff, complaint.id, letter.id, files=services.files)
    assert refused.value.code == "auth.participant_only"
    for who, cid, aid in (
        (siti, complaint.id, letter.id),  # another participant
        (budi, complaint.id, complaint.id),  # not an attachment of this ticket
    ):
        with pytest.raises(NotFound):
            read_attachment(services.uow(), who, cid, aid, files=services.files)
    with pytest.raises(NotFound) as other:
        get_complaint(services.uow(), siti, complaint.id, now=services.clock.now())
    with pytest.raises(NotFound) as missing:
        get_complaint(services.uow(), siti, letter.id, now=services.clock.now())
    assert other.value.code == missing.value.code == "complaint.not_found"


def test_a_bad_file_refuses_the_whole_ticket_and_leaves_nothing_on_disk(
    db: object, services: Services, settings: object
) -> None:
    _, actor = current_member(services)
    files_dir = Path(settings.files_dir)  # type: ignore[attr-defined]
    before = set(files_dir.rglob("*")) if files_dir.exists() else set()
    with pytest.raises(ValidationFailed):
        _submit(services, actor, uploads=[Upload("ok.jpg", jpeg()), Upload("x.pdf", b"MZ...")])
    after = set(files_dir.rglob("*")) if files_dir.exists() else set()
    assert after == before
    assert my_complaints(services.uow(), actor, now=services.clock.now()) == []


def test_the_whole_life_of_a_ticket_with_the_sla_paused_while_waiting(
    db: object, services: Services, clock: FixedClock
) -> None:
    _, participant = current_member(services)
    _, staff = officer(services)
    complaint = _submit(services, participant)
    due = complaint.due_at
    assert [s.complaint.id for s in staff_queue(services.uow(), staff, now=clock.now())] == [
        complaint.id
    ]
    with pytest.raises(PermissionDenied):
        staff_queue(services.uow(), participant, now=clock.now())

    # an officer's first reply takes the ticket in progress
    post_staff_message(
        services.uow(),
        staff,
        complaint.id,
        body="Kami periksa.",
        uploads=[],
        tools=tools(services),
        now=clock.now(),
    )
    assert (
        get_complaint(services.uow(), participant, complaint.id, now=clock.now()).complaint.status
        is S.IN_PROGRESS
    )

    clock.advance(timedelta(hours=2))
    _move(services, staff, complaint.id, S.WAITING, "Mohon kirim foto buku tabungan.")
    clock.advance(timedelta(hours=30))  # the participant answers 30 hours later
    post_message(
        services.uow(),
        participant,
        complaint.id,
        body="Ini fotonya.",
        uploads=[Upload("tabungan.jpg", jpeg())],
        tools=tools(services),
        now=clock.now(),
    )
    view = get_complaint(services.uow(), participant, complaint.id, now=clock.now())
    assert view.complaint.status is S.IN_PROGRESS
    assert view.complaint.due_at == due + timedelta(hours=30)  # the clock did not run

    _move(services, staff, complaint.id, S.RESOLVED, "Klaim sudah dibayar.")
    with pytest.raises(Conflict) as closed:
        post_message(
            services.uow(),
            participant,
            complaint.id,
            body="Halo",
            uploads=[],
            tools=tools(services),
            now=clock.now(),
        )
    assert closed.value.code == "complaint.closed_for_messages"
    reopen_complaint(
        services.uow(), participant, complaint.id, body="Belum masuk ke rekening.", now=clock.now()
    )
    _move(services, staff, complaint.id, S.RESOLVED, "Sudah ditransfer ulang.")
    done = close_complaint(
        services.uow(), participant, complaint.id, rating="5", comment="Cepat", now=clock.now()
    )
    assert done.status is S.CLOSED and done.rating == 5

    with pytest.raises(Conflict):  # once: a closed ticket cannot be rated again
        close_complaint(
            services.uow(), participant, complaint.id, rating=1, comment="", now=clock.now()
        )
    thread = get_complaint_for_staff(services.uow(), staff, complaint.id, now=clock.now()).complaint
    assert [m.status_to for m in thread.messages if m.status_to] == [
        S.IN_PROGRESS,
        S.WAITING,
        S.IN_PROGRESS,
        S.RESOLVED,
        S.IN_PROGRESS,
        S.RESOLVED,
        S.CLOSED,
    ]
    with services.uow() as uow:
        kinds = sorted(n.kind for n in uow.outbox.latest(50))
        entries = uow.audit.for_subjects([("complaint", str(complaint.id))])
    assert kinds.count("complaint.waiting") == 2  # email and SMS: the person must act
    assert kinds.count("complaint.replied") == 1 and kinds.count("complaint.resolved") == 4
    assert [e.action for e in entries].count("complaint.status_changed") == 5


ALL = list(S)


@pytest.mark.parametrize(
    ("start", "to"),
    [(a, b) for a in ALL for b in ALL if a is not b],
    ids=lambda s: s.value,
)
def test_every_transition_follows_the_table(
    db: object, services: Services, start: S, to: S
) -> None:
    """From each status to each other one, by an officer and by the participant: allowed
    exactly when the table says so; otherwise 409 (illegal) or 403 (wrong role)."""
    _, participant = current_member(services)
    _, staff = officer(services)
    complaint = _submit(services, participant)
    path = {
        S.NEW: [],
        S.IN_PROGRESS: [(staff, S.IN_PROGRESS)],
        S.WAITING: [(staff, S.WAITING)],
        S.RESOLVED: [(staff, S.RESOLVED)],
        S.CLOSED: [(staff, S.RESOLVED), (participant, S.CLOSED)],
    }[start]
    for who, status in path:
        if status is S.CLOSED:
            close_complaint(
                services.uow(), who, complaint.id, rating=4, comment="", now=services.clock.now()
            )
        else:
            _move(services, who, complaint.id, status)
    for who in (staff, participant):
        allowed = TRANSITIONS.get((start, to))
        try:
            if to is S.CLOSED and who is participant:
                close_complaint(
                    services.uow(),
                    who,
                    complaint.id,
                    rating=3,
                    comment="",
                    now=services.clock.now(),
                )
            elif who is participant and to is S.IN_PROGRESS and start is S.RESOLVED:
                reopen_complaint(
                    services.uow(),
                    who,
                    complaint.id,
                    body="Belum selesai.",
                    now=services.clock.now(),
                )
            elif who is participant:
                # participants have no status call of their own except reply/reopen/close
                with pytest.raises(PermissionDenied):
                    _move(services, who, complaint.id, to)
                continue
            else:
                _move(services, who, complaint.id, to)
        except Conflict as exc:
            assert allowed is None, (start, to, who.role)
            assert exc.code in ("complaint.illegal_transition", "complaint.already_rated")
            continue
        except PermissionDenied as exc:
            assert allowed is not None and who.role not in allowed
            assert exc.code == "complaint.not_allowed"
            continue
        assert allowed is not None and who.role in allowed, (start, to, who.role)
        return  # moved: the other actor would start from a different status


def test_rating_must_be_one_to_five(db: object, services: Services) -> None:
    _, participant = current_member(services)
    _, staff = officer(services)
    complaint = _submit(services, participant)
    _move(services, staff, complaint.id, S.RESOLVED)
    for bad in ("0", "6", "lima", ""):
        with pytest.raises(ValidationFailed):
            close_complaint(
                services.uow(),
                participant,
                complaint.id,
                rating=bad,
                comment="",
                now=services.clock.now(),
            )


def test_staff_need_a_message_to_ask_or_resolve(db: object, services: Services) -> None:
    _, participant = current_member(services)
    _, staff = officer(services)
    complaint = _submit(services, participant)
    with pytest.raises(ValidationFailed):
        _move(services, staff, complaint.id, S.RESOLVED, body="  ")
    with pytest.raises(ValidationFailed) as raised:
        change_complaint_status(
            services.uow(),
            staff,
            complaint.id,
            to="bogus",
            body="x",
            tools=tools(services),
            now=services.clock.now(),
        )
    assert raised.value.errors[0].code == "field.choice"


def test_messages_and_descriptions_are_encrypted_at_rest(
    db: object, services: Services, engine: object
) -> None:
    _, participant = current_member(services)
    secret = "Rekening saya 0123456789012 belum menerima dana."
    _submit(services, participant, description=secret)
    from jmo.storage.rows_services import ComplaintRow  # noqa: PLC0415

    with engine.connect() as conn:  # type: ignore[attr-defined]
        stored = conn.execute(select(ComplaintRow.description_enc)).scalar_one()
        outbox = conn.execute(select(OutboxRow.body)).scalars().all()
    assert "0123456789012" not in stored
    assert all("0123456789012" not in body for body in outbox)
