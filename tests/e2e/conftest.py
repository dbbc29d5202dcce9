"""Fixtures for end-to-end tests: fake Telegram server, manual clock, the running bot."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fakebot import FakeTelegram
from harness import Harness, bot_settings

from bot.clock import ManualClock


@pytest.fixture
async def bot(fake: FakeTelegram, clock: ManualClock, database_url: str) -> AsyncIterator[Harness]:
    harness = Harness(fake, clock, bot_settings(fake, database_url))
    await harness.start()
    yield harness
    await harness.stop()
