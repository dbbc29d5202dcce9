"""The fake Bot API server of the reliability tests: one per test, telling which bot process sent what."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from relfake import PerProcessTelegram


@pytest.fixture
async def fake() -> AsyncIterator[PerProcessTelegram]:
    server = PerProcessTelegram()
    await server.start()
    yield server
    await server.stop()
    assert server.format_errors() == [], "Telegram would have rejected these messages"
