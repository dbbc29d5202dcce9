"""Fixtures for end-to-end tests: fake Telegram server, manual clock, the running bot."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

import pytest
from fakebot import FakeTelegram
from harness import Harness, bot_settings

from bot.clock import VN_TZ, ManualClock

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


@pytest.fixture
async def bot(fake: FakeTelegram, clock: ManualClock, database_url: str) -> AsyncIterator[Harness]:
    harness = Harness(fake, clock, bot_settings(fake, database_url))
    await harness.start()
    yield harness
    await harness.stop()
