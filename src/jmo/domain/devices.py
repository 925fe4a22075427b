"""Naming a signed-in device in words ("Chrome di Android") from its user agent, and
grouping the sessions of one device, so the account page lists devices, not logins
(issue 9 item 6: 27 "devices" after one afternoon, each a raw user-agent string).

A user agent is the client's own claim: good enough to recognise one's own phone, never
used for a security decision.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from jmo.domain.accounts import Session

# The first match wins: Edge and Opera say "Chrome" too, Chrome says "Safari" too.
_BROWSERS: tuple[tuple[str, str], ...] = (
    ("jmo-app", "JMO"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Edg/", "Edge"),
    ("EdgA/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS: tuple[tuple[str, str], ...] = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("CrOS", "ChromeOS"),
    ("Mac OS X", "Mac"),
    ("Macintosh", "Mac"),
    ("Linux", "Linux"),
)


@dataclass(frozen=True)
class DeviceName:
    browser: str | None  # None: not recognised
    system: str | None


def name_device(user_agent: str | None) -> DeviceName:
    text = user_agent or ""
    browser = next((name for marker, name in _BROWSERS if marker in text), None)
    system = next((name for marker, name in _SYSTEMS if marker in text), None)
    return DeviceName(browser, system)


@dataclass(frozen=True)
class DeviceGroup:
    """The sessions of one device (same browser, system, address kind and user agent)."""

    name: DeviceName
    kind: str  # "web" | "api"
    sessions: tuple[Session, ...]  # newest activity first
    current: bool  # this request's session is one of them

    @property
    def last_seen_at(self) -> datetime:
        return self.sessions[0].last_seen_at

    @property
    def client_ip(self) -> str | None:
        return self.sessions[0].client_ip

    def others(self, current_session: UUID) -> tuple[UUID, ...]:
        return tuple(s.id for s in self.sessions if s.id != current_session)


def group_sessions(sessions: Iterable[Session], current_session: UUID) -> list[DeviceGroup]:
    """One group per device, the current device first, then by latest activity. Sessions
    with the same user agent and kind are one device: each login makes a session, not a
    device."""
    by_key: dict[tuple[str, str], list[Session]] = {}
    for session in sessions:
        by_key.setdefault((session.kind, session.user_agent or ""), []).append(session)
    groups = [
        _group(kind, sorted(members, key=lambda s: s.last_seen_at, reverse=True), current_session)
        for (kind, _), members in by_key.items()
    ]
    return sorted(groups, key=lambda g: (not g.current, -g.last_seen_at.timestamp()))


def _group(kind: str, members: Sequence[Session], current_session: UUID) -> DeviceGroup:
    return DeviceGroup(
        name=name_device(members[0].user_agent),
        kind=kind,
        sessions=tuple(members),
        current=any(s.id == current_session for s in members),
    )
