"""pytest fixtures shared by the suites that run the bot against the fake server (import them in a conftest)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

import pytest

from bot.clock import ManualClock
from dispatch.time.calendar import VN_TZ
from fakebot.server import FakeTelegram

START = datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)  # a Monday


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
async def fake(clock: ManualClock) -> AsyncIterator[FakeTelegram]:
    server = FakeTelegram(clock=clock.now)
    await server.start()
    yield server
    await server.stop()
    assert server.format_errors() == [], "Telegram would have rejected these messages"
