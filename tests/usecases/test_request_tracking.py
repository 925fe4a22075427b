"""The one definition of request ids and the labels that go with it: every kind has a
unique prefix and a label, every timeline event code a source can produce has a label,
and the format parses what it prints."""

from __future__ import annotations

import inspect
import re
from datetime import UTC, datetime, timedelta

import pytest

from jmo.domain.requests import ids
from jmo.domain.requests.ids import (
    KINDS,
    REQUEST_ID_PATTERN,
    RequestId,
    RequestKind,
    id_year,
    kind_of_data_change,
    parse_request_id,
)
from jmo.domain.requests.timeline import Progress, RequestFilter
from jmo.i18n.requests import EVENTS, PROGRESS
from jmo.i18n.requests import KINDS as KIND_LABELS
from jmo.usecases.accounts.freeze_face import freeze_face_photo
from jmo.usecases.accounts.not_me import freeze_from_app, lift_freeze
from jmo.usecases.accounts.sessions import Client
from jmo.usecases.requests import sources
from jmo.usecases.requests.tracking import my_request, my_requests
from jmo.usecases.services import Services
from tests.cast import selfie
from tests.services.helpers import current_member, officer


def test_every_kind_has_one_unique_prefix_and_a_label() -> None:
    assert set(KINDS) == set(RequestKind) == set(KIND_LABELS)
    prefixes = [info.prefix for info in KINDS.values()]
    assert len(set(prefixes)) == len(prefixes)
    assert all(re.fullmatch(r"[A-Z]{2}", p) for p in prefixes)
    assert set(PROGRESS) == set(Progress)


@pytest.mark.parametrize("kind", list(RequestKind))
def test_the_format_reads_back_what_it_prints(kind: RequestKind) -> None:
    made = RequestId(kind, 2026, 123)
    assert REQUEST_ID_PATTERN.match(str(made))
    assert parse_request_id(str(made)) == made
    assert parse_request_id(f"  {str(made).lower()} ") == made


def test_what_is_not_a_request_id() -> None:
    assert str(RequestId(RequestKind.PENGKINIAN, 2026, 123)) == "PD-2026-000123"
    for text in (
        "",
        "PD-2026-12",
        "XX-2026-000001",
        "PD2026000001",
        "ADU-1234ABCD",
        "PD-26-000001",
    ):
        assert parse_request_id(text) is None, text


def test_the_year_is_the_wib_year() -> None:
    assert id_year(datetime(2026, 12, 31, 16, 59, tzinfo=UTC)) == 2026  # 23:59 WIB
    assert id_year(datetime(2026, 12, 31, 17, 0, tzinfo=UTC)) == 2027  # 00:00 WIB


def test_a_data_update_is_filed_by_what_it_changed() -> None:
    assert kind_of_data_change(["phone"]) is RequestKind.CONTACT_CHANGE
    assert kind_of_data_change(["phone", "email"]) is RequestKind.CONTACT_CHANGE
    assert kind_of_data_change(["bank_account", "bank_code"]) is RequestKind.BANK_CHANGE
    assert kind_of_data_change(["phone", "bank_account"]) is RequestKind.PENGKINIAN
    assert kind_of_data_change([]) is RequestKind.PENGKINIAN


def test_every_event_a_source_writes_has_a_label() -> None:
    """Event codes are built as ``<area>.<status>`` from the domain's enums; each one the
    sources can produce is in the label list (a new status without a label fails here)."""
    from jmo.domain.backoffice.corrections import EventKind  # noqa: PLC0415
    from jmo.domain.claims.model import ClaimStatus  # noqa: PLC0415
    from jmo.domain.complaints import ComplaintStatus  # noqa: PLC0415

    produced = (
        {f"change.{k.value}" for k in EventKind}
        | {"change.requested", "change.applied"}
        | {f"claim.{s.value}" for s in ClaimStatus}
        | {f"complaint.{s.value}" for s in ComplaintStatus}
        | {"freeze.frozen", "freeze.lifted"}
    )
    assert produced <= set(EVENTS)
    # and the sources name only these areas
    source = inspect.getsource(sources)
    assert set(re.findall(r'"(\w+)\.\{', source)) <= {"change", "claim", "complaint"}


def test_every_kind_but_appointments_has_a_source() -> None:
    """Appointments register theirs when they are built (the hook in sources.SOURCES)."""
    covered = set().union(*(s.kinds for s in sources.SOURCES))
    assert covered == set(RequestKind) - {RequestKind.APPOINTMENT}
    assert "Janji Temu" in inspect.getsource(sources)  # the hook is documented there
    assert ids.KINDS[RequestKind.APPOINTMENT].prefix == "JT"


def test_every_source_walks_its_items_the_one_way() -> None:
    """Issue 9: which items have a ref, and skipping the rest, is written once
    (``sources.ItemSource.tracked``); a source says only what its items are and how one
    reads."""
    for source in sources.SOURCES:
        assert isinstance(source, sources.ItemSource)
        assert type(source).tracked is sources.ItemSource.tracked, type(source).__name__
        assert "refs.get(" not in inspect.getsource(type(source))


def test_a_request_id_in_a_notice_is_not_taken_for_a_personal_number() -> None:
    from jmo.domain.notices import carries_sensitive_number  # noqa: PLC0415

    assert not carries_sensitive_number("Permintaan PD-2026-000123 dicatat.")
    assert carries_sensitive_number("Permintaan PD-2026-000123 untuk NIK 3578010101900001.")


def test_a_not_me_freeze_is_a_request_until_an_officer_lifts_it(services: Services) -> None:
    """'Bukan saya' gets a BS- id and a timeline: frozen (in progress), then lifted (done)."""
    member, actor = current_member(services)
    freeze_from_app(
        services.uow(),
        services.notices,
        actor,
        client=Client(ip="203.0.113.9", user_agent="test"),
        now=services.clock.now(),
    )
    [freeze] = my_requests(services.uow(), actor, RequestFilter(kind=RequestKind.SECURITY_FREEZE))
    assert freeze.request_id.startswith("BS-") and freeze.progress is Progress.IN_PROGRESS
    assert freeze.channel == "app"
    _, staff = officer(services)
    services.clock.advance(timedelta(hours=3))  # type: ignore[attr-defined]
    passed = freeze_face_photo(  # the person's face check comes before the officer's lift
        services.uow(),
        actor,
        services.faces,
        selfie(member.face or "budi"),
        policy=services.policy,
        now=services.clock.now(),
    )
    assert passed.passed
    lift_freeze(
        services.uow(),
        staff,
        member.participant.id,
        note="KTP dan wajah dicek",
        now=services.clock.now(),
    )
    lifted = my_request(services.uow(), actor, freeze.request_id)
    assert lifted.progress is Progress.DONE
    assert [e.code for e in lifted.events] == ["freeze.frozen", "freeze.lifted"]
    assert my_requests(services.uow(), actor, RequestFilter(progress=Progress.IN_PROGRESS)) == []
