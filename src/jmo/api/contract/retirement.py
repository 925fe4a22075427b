"""Retiring an operation of ``/api/v1`` (docs/api.md, "Versioning and deprecation").

An operation is retired by adding a ``Retirement`` to ``RETIRING``; nothing else. From then
on the document marks it ``deprecated`` and names its replacement and sunset date, and every
answer it gives carries ``Deprecation`` (RFC 9745: since when), ``Sunset`` (RFC 8594: the
date it may stop answering) and a ``Link`` to the reference, so an app in the field can log
or report that it still calls it. A request field is retired with pydantic's
``Field(deprecated="use ...")`` in its model (the document then marks the property), and a
``Retirement`` of each operation that takes it, so its answers announce the sunset too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from email.utils import format_datetime
from typing import Any

from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The policy's notice: answered as before for at least twelve months after the release
# that marks it (two app release cycles of the fund).
MIN_NOTICE = timedelta(days=365)
REFERENCE = "/api/docs"


@dataclass(frozen=True)
class Retirement:
    operation_id: str
    announced: date  # the release that marked it deprecated
    sunset: date  # it may stop answering after this day, not before
    replacement: str  # what a client calls or sends instead, in words

    def __post_init__(self) -> None:
        if self.sunset < self.announced + MIN_NOTICE:
            raise ValueError(
                f"{self.operation_id}: the sunset must be at least {MIN_NOTICE.days} days "
                "after the release that announces it"
            )

    def headers(self) -> list[tuple[bytes, bytes]]:
        since = datetime.combine(self.announced, time(), UTC)
        sunset = datetime.combine(self.sunset, time(), UTC)
        return [
            (b"deprecation", f"@{int(since.timestamp())}".encode()),
            (b"sunset", format_datetime(sunset, usegmt=True).encode()),
            (b"link", f'<{REFERENCE}#{self.operation_id}>; rel="deprecation"'.encode()),
        ]


# Nothing of /api/v1 is being retired yet.
RETIRING: tuple[Retirement, ...] = ()


def _operation_id(route: APIRoute) -> str:
    return route.operation_id or route.unique_id


def check(retiring: Iterable[Retirement], routes: Sequence[APIRoute]) -> dict[str, Retirement]:
    """By operation id; an entry that names no operation is an error (a typo would
    otherwise retire nothing, silently)."""
    known = {_operation_id(r) for r in routes}
    chosen = {r.operation_id: r for r in retiring}
    unknown = sorted(set(chosen) - known)
    if unknown:
        raise ValueError(f"RETIRING names operations that do not exist: {unknown}")
    return chosen


_HEADER_DOCS: dict[str, dict[str, Any]] = {
    "Deprecation": {
        "description": "RFC 9745: this operation is deprecated since this time (`@` epoch).",
        "schema": {"type": "string", "pattern": "^@[0-9]+$"},
    },
    "Sunset": {
        "description": "RFC 8594: it may stop answering after this date (HTTP-date).",
        "schema": {"type": "string"},
    },
    "Link": {
        "description": 'The reference that says what replaces it (`rel="deprecation"`).',
        "schema": {"type": "string"},
    },
}


def mark_retiring(document: dict[str, Any], retiring: Mapping[str, Retirement]) -> None:
    """``deprecated: true``, the replacement and the sunset in the description, and the
    headers on every answer of each retiring operation."""
    for item in document["paths"].values():
        for operation in item.values():
            retirement = retiring.get(operation.get("operationId", ""))
            if retirement is None:
                continue
            operation["deprecated"] = True
            note = (
                f"Deprecated since {retirement.announced.isoformat()}; answers until "
                f"{retirement.sunset.isoformat()}. Instead: {retirement.replacement}."
            )
            operation["description"] = f"{note}\n\n{operation.get('description', '')}".strip()
            for response in operation["responses"].values():
                response.setdefault("headers", {}).update(_HEADER_DOCS)


class RetirementHeaders:
    """Adds a retiring operation's headers to each of its answers, errors included (the
    router has put the matched route in the scope by the time the answer starts)."""

    def __init__(self, app: ASGIApp, *, retiring: Mapping[str, Retirement]) -> None:
        self.app = app
        self.retiring = retiring

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.retiring:
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            route = scope.get("route")
            if message["type"] == "http.response.start" and isinstance(route, APIRoute):
                retirement = self.retiring.get(_operation_id(route))
                if retirement is not None:
                    headers = [*message.get("headers", []), *retirement.headers()]
                    message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
