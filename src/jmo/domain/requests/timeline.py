"""What the participant reads about any request: where it stands in five words, and its
timeline. Every kind (data update, correction, claim, complaint, freeze, appointment...)
is shown through this one model; ``usecases.requests.sources`` builds it per kind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from jmo.domain.identifiers.dates import DAY_FIRST_PATTERN, ISO_PATTERN
from jmo.domain.input_rules import Text
from jmo.domain.requests.ids import RequestId, RequestKind
from jmo.domain.time import to_local


@dataclass(frozen=True)
class RequestRef:
    """A request's id and the item it names (``item_id`` in the kind's own table)."""

    request_id: RequestId
    item_id: UUID
    participant_id: UUID
    created_at: datetime

    @property
    def kind(self) -> RequestKind:
        return self.request_id.kind


class Progress(StrEnum):
    """Where a request stands, the same words for every kind."""

    IN_PROGRESS = "in_progress"  # with the fund
    WAITING_FOR_YOU = "waiting_for_you"  # the participant must act (documents, an answer)
    DONE = "done"
    REJECTED = "rejected"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        return self in (Progress.IN_PROGRESS, Progress.WAITING_FOR_YOU)


@dataclass(frozen=True)
class TimelineEvent:
    """One line of the timeline. ``code`` names what happened (jmo.i18n.requests.EVENTS);
    ``note`` is a message written for the participant (an officer's request, a reason)."""

    at: datetime
    code: str
    note: str = ""


@dataclass(frozen=True)
class ChangeLine:
    """A value before and after, already masked where the full value is not needed."""

    field: str
    before: str
    after: str


@dataclass(frozen=True)
class TrackedRequest:
    ref: RequestRef
    progress: Progress
    status: str  # the kind's own status code, for the API
    channel: str  # app | branch | employer | email_link
    events: tuple[TimelineEvent, ...]
    changes: tuple[ChangeLine, ...] = ()
    old_reference: str = ""  # the reference given before request ids (still found)
    detail: str = ""  # the programme of a claim, the category of a complaint...

    @property
    def kind(self) -> RequestKind:
        return self.ref.kind

    @property
    def request_id(self) -> str:
        return str(self.ref.request_id)

    @property
    def updated_at(self) -> datetime:
        return max((e.at for e in self.events), default=self.ref.created_at)


@dataclass(frozen=True)
class RequestFilter:
    """Riwayat & Lacak's filters; the period is by the day the request was made (WIB)."""

    kind: RequestKind | None = None
    progress: Progress | None = None
    since: date | None = None
    until: date | None = None

    def matches(self, request: TrackedRequest) -> bool:
        made = to_local(request.ref.created_at).date()
        return (
            (self.kind is None or request.kind is self.kind)
            and (self.progress is None or request.progress is self.progress)
            and (self.since is None or made >= self.since)
            and (self.until is None or made <= self.until)
        )


# The filters as typed, empty meaning any: the use case checks them (every bad one reported
# at once) and the API's query parameters state them (issue 13). A day that does not exist
# (2026-02-30) and a period that ends before it starts are beyond a schema.
FILTER_RULES: dict[str, Text] = {
    "kind": Text(max_length=30, choices=("", *(k.value for k in RequestKind))),
    "status": Text(max_length=30, choices=("", *(p.value for p in Progress))),
    **{
        day: Text(max_length=10, pattern=f"(?:{ISO_PATTERN}|{DAY_FIRST_PATTERN})?")
        for day in ("since", "until")
    },
}


def timeline(*events: TimelineEvent | None) -> tuple[TimelineEvent, ...]:
    """The events in time order (equal times keep the order given)."""
    return tuple(sorted((e for e in events if e is not None), key=lambda e: e.at))
