"""The only place that reads the system clock; everything else receives a Clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol

from dispatch.calendar import VN_TZ


class Clock(Protocol):
    """A source of the current time (timezone-aware, Asia/Ho_Chi_Minh)."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(UTC).astimezone(VN_TZ)


class ManualClock:
    """A clock that only moves when told to (tests, simulations)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware datetime")
        self._now = start.astimezone(VN_TZ)

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> None:
        """Jump to a given moment (aware datetime)."""
        if when.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware datetime")
        self._now = when.astimezone(VN_TZ)

    def advance(self, delta: timedelta) -> None:
        """Move forward by delta."""
        self._now += delta
