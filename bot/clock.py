"""The only place that reads the system clock; everything else receives a Clock."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from dispatch.time.calendar import VN_TZ
from handlers.deps import Clock  # the protocol every handler receives

__all__ = ["Clock", "ManualClock", "StartedClock", "SystemClock"]


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


class StartedClock:
    """Reads ``start`` when created, then runs at real speed. FOR TESTS ONLY (settings.fake_now).

    `dondoc run` uses it when DONDOC_FAKE_NOW is set, so a test can start the real process on a seeded
    database with reminders due "now", and restart it past the delivery leases (tests/reliability).
    """

    def __init__(self, start: datetime, *, monotonic: Callable[[], float] = time.monotonic) -> None:
        if start.tzinfo is None:
            raise ValueError("StartedClock needs a timezone-aware datetime")
        self._start = start.astimezone(VN_TZ)
        self._monotonic = monotonic
        self._origin = monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=self._monotonic() - self._origin)
