"""The branch counter's use cases: walk-in Pengkinian Data validated by the app's rules with
the originals seen, channel "branch"; a flagged bank change held for a second person; a
reference photo enrolled by an officer and approved by a supervisor who is not the one who
prepared it (four eyes in the use case)."""

from __future__ import annotations

import inspect
from datetime import timedelta
from pathlib import Path
from typing import cast

import pytest
from sqlalchemy import Engine, select

import jmo.usecases.backoffice.counter as counter
import jmo.usecases.pengkinian.submit as submit
from jmo.domain.accounts import Role
from jmo.domain.errors import Conflict, PermissionDenied, ValidationFailed
from jmo.domain.pengkinian import forms
from jmo.domain.pengkinian.change_request import ChangeKind, ChangeStatus, Channel, DocumentType
from jmo.domain.time import FixedClock
from jmo.storage.rows import OutboxRow
from jmo.usecases.backoffice.approvals import (
    approve_counter_request,
    get_counter_request,
    reject_counter_request,
    verify_bank_change,
)
from jmo.usecases.backoffice.counter import counter_view, find_participant, walk_in_pengkinian
from jmo.usecases.backoffice.reference_photo import prepare_reference_photo
from jmo.usecases.pengkinian.flow import get_pengkinian
from jmo.usecases.pengkinian.submit import submit_pengkinian
from jmo.usecases.services import Services
from tests.cast import (
    Member,
    complete_pengkinian,
    enrol_member,
    persona_member,
    reference_photo,
    selfie,
    valid_additional,
    valid_contact,
    valid_population,
    walk_to_confirm,
)
from tests.staff import staff_member

pytestmark = pytest.mark.db

EVERYTHING = ["e_ktp", "kartu_keluarga", "bank_book", "npwp_card"]


def _form(member: Member) -> dict[str, str]:
    return valid_contact(member) | valid_population() | valid_additional()


def _walk_in(services: Services, actor, member: Member, form, seen=EVERYTHING):  # type: ignore[no-untyped-def]
    return walk_in_pengkinian(
        services.uow(),
        actor,
        member.participant.id,
        form,
        documents_seen=seen,
        terms_accepted=True,
        regions=services.regions,
        notices=services.notices,
        policy=services.policy,
        now=services.clock.now(),
    )


def _notices(db: Engine, member: Member) -> list[str]:
    with db.connect() as conn:
        return list(
            conn.scalars(
                select(OutboxRow.kind).where(OutboxRow.participant_id == member.participant.id)
            )
        )


def test_walk_in_uses_the_apps_rules_and_records_the_originals(
    services: Services, db: Engine
) -> None:
    budi = enrol_member(services)
    officer = staff_member(services, "petugas@kantor.jmo.id")
    assert find_participant(services.uow(), officer, budi.kpj) == budi.participant.id

    # the app's own field rules: every invalid field at once, nothing applied
    bad = _form(budi) | {"phone": "12", "postal_code": "6024", "bank_account_holder": "Orang Lain"}
    with pytest.raises(ValidationFailed) as failed:
        _walk_in(services, officer, budi, bad)
    codes = {(e.field, e.code) for e in failed.value.errors}
    assert ("bank_account_holder", "bank_account_holder.not_owner") in codes
    assert {f for f, _ in codes} >= {"phone", "postal_code", "bank_account_holder"}

    # a new bank account needs the bank book seen, the e-KTP always
    with pytest.raises(ValidationFailed) as missing:
        _walk_in(services, officer, budi, _form(budi), seen=["kartu_keluarga"])
    assert [(e.field, e.code) for e in missing.value.errors] == [
        ("documents_seen", "counter.original_missing")
    ]
    assert missing.value.errors[0].params["documents"] == "e_ktp,bank_book,npwp_card"
    uow = services.uow()
    with uow:
        unchanged = uow.participants.get(budi.participant.id)
    assert unchanged is not None and unchanged.version == budi.participant.version

    result = _walk_in(services, officer, budi, _form(budi))
    request = result.applied
    assert result.held is None  # no risk flag: the bank change applies at once
    assert request.channel is Channel.BRANCH and request.status is ChangeStatus.APPLIED
    assert request.documents_seen == (
        DocumentType.E_KTP,
        DocumentType.KARTU_KELUARGA,
        DocumentType.BANK_BOOK,
        DocumentType.NPWP_CARD,
    )
    with uow:
        stored = uow.change_requests.get(request.id)
        participant = uow.participants.get(budi.participant.id)
    assert stored is not None and stored.documents_seen == request.documents_seen
    assert stored.consent is not None and stored.consent.channel is Channel.BRANCH
    assert participant is not None and participant.profile.postal_code == "60241"
    assert participant.data_is_current
    # the participant is told, as after the app's update (the new account to old contacts)
    assert "pengkinian.applied" in _notices(db, budi)
    assert "pengkinian.bank_changed" in _notices(db, budi)


def test_the_counter_is_in_the_participants_access_log(services: Services) -> None:
    budi = enrol_member(services)
    officer = staff_member(services, "petugas@kantor.jmo.id")
    now = services.clock.now()
    counter_view(services.uow(), officer, budi.participant.id, policy=services.policy, now=now)
    request = _walk_in(services, officer, budi, _form(budi)).applied
    uow = services.uow()
    with uow:
        entries = uow.audit.for_subjects(
            [("participant", str(budi.participant.id)), ("change_request", str(request.id))]
        )
    seen = {(e.action, e.channel, e.actor_role, e.details.get("what")) for e in entries}
    assert ("participant.viewed", "branch", "officer", "profile") in seen
    assert ("pengkinian.submitted_at_branch", "branch", "officer", None) in seen


def test_a_flagged_bank_change_waits_for_another_person(services: Services, db: Engine) -> None:
    budi = enrol_member(services)
    supervisor = staff_member(services, "supervisor@kantor.jmo.id", Role.SUPERVISOR)
    other = staff_member(services, "supervisor2@kantor.jmo.id", Role.SUPERVISOR)
    officer = staff_member(services, "petugas@kantor.jmo.id")
    # a new phone today: the risk rules flag the account for 30 days
    first = _form(budi) | {"bank_code": "014", "bank_account": "", "bank_account_holder": ""}
    first |= {"bank_account_holder": budi.participant.identity.full_name}
    _walk_in(services, officer, budi, first)
    cast(FixedClock, services.clock).advance(timedelta(days=2))

    form = _form(budi) | {"bank_code": "008", "bank_account": "1230004567890"}
    result = _walk_in(services, supervisor, budi, form)
    held = result.held
    assert held is not None and held.kind is ChangeKind.BANK_CHANGE
    assert held.status is ChangeStatus.AWAITING_APPROVAL
    assert {c.field for c in held.changes} >= {"bank_code", "bank_account"}
    assert not {c.field for c in result.applied.changes} & {"bank_code", "bank_account"}
    uow = services.uow()
    with uow:
        before = uow.participants.get(budi.participant.id)
    assert before is not None and before.profile.bank_code == "014"

    # four eyes: the supervisor who prepared it cannot approve; an officer may not at all
    with pytest.raises(PermissionDenied) as same:
        _approve(services, supervisor, held.id)
    assert same.value.code == "four_eyes.same_person"
    with pytest.raises(PermissionDenied) as officer_refused:
        _approve(services, officer, held.id)
    assert officer_refused.value.code == "staff.not_allowed"
    with uow:
        still = uow.participants.get(budi.participant.id)
    assert still is not None and still.profile.bank_code == "014"

    view = get_counter_request(services.uow(), other, held.id, now=services.clock.now())
    assert view.can_approve and not view.four_eyes_blocked
    bank = next(c for c in view.request.changes if c.field == "bank_account")
    assert bank.new is not None and bank.new.endswith("7890") and "1230004" not in bank.new
    _approve(services, other, held.id)
    with uow:
        after = uow.participants.get(budi.participant.id)
        events = uow.change_requests.events(held.id)
    assert after is not None and after.profile.bank_code == "008"
    assert [e.kind.value for e in events] == ["prepared", "approved"]
    assert "bank_change.approved" in _notices(db, budi)


def _approve(services: Services, actor, request_id):  # type: ignore[no-untyped-def]
    return approve_counter_request(
        services.uow(),
        actor,
        request_id,
        files=services.files,
        notices=services.notices,
        policy=services.policy,
        now=services.clock.now(),
    )


def _prepare_photo(services: Services, actor, member: Member, image: bytes, seen=("e_ktp",)):  # type: ignore[no-untyped-def]
    return prepare_reference_photo(
        services.uow(),
        actor,
        member.participant.id,
        image=image,
        source="upload",
        documents_seen=list(seen),
        faces=services.faces,
        files=services.files,
        now=services.clock.now(),
    )


def test_reference_photo_enrolled_at_the_counter_with_four_eyes(
    services: Services, db: Engine
) -> None:
    joko = persona_member(services, "joko", face=None)
    officer = staff_member(services, "petugas@kantor.jmo.id")
    supervisor = staff_member(services, "supervisor@kantor.jmo.id", Role.SUPERVISOR)
    supervisor2 = staff_member(services, "supervisor2@kantor.jmo.id", Role.SUPERVISOR)

    # the e-KTP must be seen; a photo failing the capture rules is refused with its reason
    with pytest.raises(ValidationFailed) as no_ktp:
        _prepare_photo(services, officer, joko, selfie("budi"), seen=("kartu_keluarga",))
    assert ("documents_seen", "counter.original_missing") in {
        (e.field, e.code) for e in no_ktp.value.errors
    }
    with pytest.raises(ValidationFailed) as poor:
        _prepare_photo(services, officer, joko, reference_photo("siti"))
    assert [(e.field, e.code) for e in poor.value.errors] == [("photo", "selfie.uneven_light")]

    request = _prepare_photo(services, supervisor, joko, selfie("budi"))
    assert request.status is ChangeStatus.AWAITING_APPROVAL and request.channel is Channel.BRANCH
    with pytest.raises(Conflict):
        _prepare_photo(services, officer, joko, selfie("budi"))  # one at a time
    uow = services.uow()
    with pytest.raises(PermissionDenied) as same:
        _approve(services, supervisor, request.id)
    assert same.value.code == "four_eyes.same_person"
    with uow:
        assert uow.participants.reference_face(joko.participant.id) is None

    _approve(services, supervisor2, request.id)
    with uow:
        face = uow.participants.reference_face(joko.participant.id)
    assert face is not None and face.source == "branch"
    assert "reference_photo.enrolled" in _notices(db, joko)
    with pytest.raises(Conflict):
        _prepare_photo(services, officer, joko, selfie("budi"))  # has one now


def test_a_rejected_photo_is_deleted_and_the_reason_sent(services: Services, db: Engine) -> None:
    joko = persona_member(services, "joko", face=None)
    officer = staff_member(services, "petugas@kantor.jmo.id")
    request = _prepare_photo(services, officer, joko, selfie("budi"))
    uow = services.uow()
    with uow:
        (document,) = uow.change_requests.documents(request.id)
        key = uow.change_requests.document_key(request.id, document.id)
    assert key is not None and services.files.get(key)
    reject_counter_request(
        services.uow(),
        officer,
        request.id,
        reason="Wajah tidak sama dengan foto e-KTP.",
        files=services.files,
        notices=services.notices,
        now=services.clock.now(),
    )
    with pytest.raises(Exception):  # noqa: B017 - the store's own "missing" error
        services.files.get(key)
    assert "reference_photo.rejected" in _notices(db, joko)


def test_a_flagged_bank_change_in_the_app_is_checked_then_approved(
    services: Services, db: Engine
) -> None:
    """A new phone in the app, then a new bank account two days later: the second update
    applies without the account, which waits for an officer to check it and a supervisor
    (never that officer) to approve it."""
    budi = enrol_member(services)
    officer = staff_member(services, "petugas@kantor.jmo.id")
    supervisor = staff_member(services, "supervisor@kantor.jmo.id", Role.SUPERVISOR)
    complete_pengkinian(services, budi)  # a new phone (and account) today
    cast(FixedClock, services.clock).advance(timedelta(days=2))
    actor = walk_to_confirm(services, budi, bank_code="008", bank_account="1230004567890")
    result = submit_pengkinian(
        services.uow(),
        actor,
        terms_accepted=True,
        terms_version=services.policy.terms_version,
        regions=services.regions,
        notices=services.notices,
        policy=services.policy,
        now=services.clock.now(),
    )
    held = result.held
    assert held is not None and held.channel is Channel.APP
    assert held.status is ChangeStatus.PENDING_REVIEW and held.prepared_by is None
    uow = services.uow()
    with uow:
        participant = uow.participants.get(budi.participant.id)
    assert participant is not None and participant.profile.bank_code != "008"
    assert "bank_change.held" in _notices(db, budi)
    shown = get_pengkinian(services.uow(), actor, now=services.clock.now())
    assert shown.held_bank_change is not None  # the app's home says it waits

    with pytest.raises(Conflict):  # not checked yet: nothing to approve
        _approve(services, supervisor, held.id)
    verify_bank_change(services.uow(), officer, held.id, now=services.clock.now())
    with pytest.raises(PermissionDenied):
        _approve(services, officer, held.id)  # officers never approve
    _approve(services, supervisor, held.id)
    with uow:
        participant = uow.participants.get(budi.participant.id)
    assert participant is not None and participant.profile.bank_code == "008"


def test_the_counter_reads_the_apps_rules_and_four_eyes_is_one_function() -> None:
    # the identity of each module's own import is what is checked, not a public name
    assert counter.validate_steps is submit.validate_steps is forms.validate_steps  # type: ignore[attr-defined]
    assert counter.flagged_bank_change is submit.flagged_bank_change  # type: ignore[attr-defined]
    assert counter.STEP_FIELDS is forms.STEP_FIELDS  # type: ignore[attr-defined]
    source = inspect.getsource(counter)
    assert "parse_mobile(" in source  # only to know the new phone, never to judge it
    assert not any(f"validate_{s}" in source for s in ("contact", "population", "additional"))
    src = Path(counter.__file__).resolve().parents[2]
    refusing = sorted(
        str(p.relative_to(src))
        for p in src.rglob("*.py")
        if 'PermissionDenied("four_eyes.same_person")' in p.read_text()
    )
    assert refusing == ["domain/backoffice/four_eyes.py"]
