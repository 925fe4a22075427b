"""Time: stored and computed in UTC, shown in the participant's zone (WIB/WITA/WIT)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Protocol

WIB = timezone(timedelta(hours=7), "WIB")
WITA = timezone(timedelta(hours=8), "WITA")
WIT = timezone(timedelta(hours=9), "WIT")

# Province code (first two digits of a Kemendagri region code) -> zone. Indonesia's three
# zones follow provinces (Keppres 41/1987): WITA for Bali, NTB, NTT, Kalimantan Selatan,
# Timur, Utara and Sulawesi; WIT for Maluku and Papua; WIB for the rest.
_WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT_PROVINCES = {"81", "82", "91", "92", "93", "94", "95", "96"}


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock for tests and replays; ``advance`` moves it forward."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._at = at

    def now(self) -> datetime:
        return self._at

    def advance(self, delta: timedelta) -> None:
        self._at += delta


def zone_for_province(province_code: str | None) -> timezone:
    if province_code in _WITA_PROVINCES:
        return WITA
    if province_code in _WIT_PROVINCES:
        return WIT
    return WIB


def to_local(moment: datetime, province_code: str | None = None) -> datetime:
    if moment.tzinfo is None:  # values read back from SQLite lose their zone; they are UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone_for_province(province_code))


def age_on(birth: date, on: date) -> int:
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


def local_days(
    first: date | None, last: date | None, zone: timezone = WIB
) -> tuple[datetime | None, datetime | None]:
    """Whole days as staff type them (``from 1 Nov to 30 Nov``, both included, in the
    office's zone) as the UTC range ``[start, end)`` the log is searched by."""
    start = datetime.combine(first, datetime.min.time(), zone).astimezone(UTC) if first else None
    end = (
        datetime.combine(last + timedelta(days=1), datetime.min.time(), zone).astimezone(UTC)
        if last
        else None
    )
    return start, end
