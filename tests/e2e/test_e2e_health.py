"""GET /healthz in webhook mode: 200 while the database answers and the tick runs, 503 naming what is wrong."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fakebot import FakeTelegram
from harness import bot_settings
from instances import WebhookHarness
from sqlalchemy import create_engine

from bot.clock import ManualClock


@pytest.fixture
async def instance(fake: FakeTelegram, clock: ManualClock, database_url: str) -> AsyncIterator[WebhookHarness]:
    harness = WebhookHarness(fake, clock, bot_settings(fake, database_url, tick_seconds=30))
    await harness.start()
    yield harness
    await harness.stop()


async def healthz(instance: WebhookHarness) -> tuple[int, dict[str, Any]]:
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.get(f"http://127.0.0.1:{instance.port}/healthz")
    return response.status_code, response.json()


async def test_a_ticking_instance_with_its_database_is_healthy(instance: WebhookHarness, clock: ManualClock) -> None:
    status, body = await healthz(instance)
    assert (status, body["status"], body["database"], body["last_tick"]) == (200, "ok", "ok", None)
    await instance.tick(clock.now() + timedelta(seconds=30))
    status, body = await healthz(instance)
    assert status == 200 and body["last_tick"] == clock.now().isoformat()
    assert body["instance"] == instance.deps.instance_id


async def test_no_tick_for_minutes_is_unhealthy_until_the_next_tick(instance: WebhookHarness,
                                                                    clock: ManualClock) -> None:
    await instance.tick()
    clock.set(clock.now() + timedelta(seconds=3 * 30 + 50))
    assert (await healthz(instance))[0] == 200, "three intervals and some slack are still fine"
    clock.set(clock.now() + timedelta(minutes=5))
    status, body = await healthz(instance)
    assert (status, body["status"], body["tick"], body["database"]) == (503, "unhealthy", "stale", "ok")
    await instance.tick()
    assert (await healthz(instance))[0] == 200


async def test_an_unreachable_database_is_unhealthy(instance: WebhookHarness, fake: FakeTelegram) -> None:
    working = instance.deps.engine
    instance.deps.engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none",
                                         connect_args={"connect_timeout": 2})
    try:
        status, body = await healthz(instance)
    finally:
        instance.deps.engine.dispose()
        instance.deps.engine = working
    assert (status, body["status"], body["database"], body["tick"]) == (503, "unhealthy", "unreachable", "ok")
    assert fake.token not in str(body) and "nobody" not in str(body)
    assert (await healthz(instance))[0] == 200


async def test_a_long_tick_is_healthy_while_telegram_answers_it_and_stale_once_it_stops(
        instance: WebhookHarness, clock: ManualClock) -> None:
    """A round over thousands of chats runs longer than a lease (its leases renewed): what makes it stuck is
    a whole lease without an answer from Telegram, not its length."""
    deps, lease = instance.deps, timedelta(seconds=instance.deps.settings.lease_seconds)
    deps.tick_running_since = clock.now() - 4 * lease
    try:
        deps.tick_answered_at = clock.now() - timedelta(seconds=5)
        status, body = await healthz(instance)
        assert (status, body["tick"], body["tick_answered_at"]) == (200, "ok", deps.tick_answered_at.isoformat())
        deps.tick_answered_at = clock.now() - lease - timedelta(seconds=1)
        status, body = await healthz(instance)
        assert (status, body["status"], body["tick"]) == (503, "unhealthy", "stale")
        deps.tick_answered_at = None  # nothing answered since it began, 4 leases ago
        assert (await healthz(instance))[0] == 503
    finally:
        deps.tick_running_since = deps.tick_answered_at = None
    assert (await healthz(instance))[0] == 200
