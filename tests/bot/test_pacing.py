"""The bot's overall sending rate: one schedule for every instance sharing a PostgreSQL database.

Two bots with the same token, as two webhook instances are, each send 30 messages at once to a fake Bot API
that refuses a 31st message within any second (as Telegram does). Pacing alone each tries 29 a second, and
together twice the limit: some 30 refusals. Sharing the schedule in the database, the 60 go out at the
bot's rate, refused hardly ever.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Iterator

import pytest
from fakebot.server import FakeTelegram
from sqlalchemy import Engine
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bot.pacing import PacedRateLimiter
from storage import make_engine, migrate
from storage.pace import take_send_slot

MESSAGES = 30  # per instance, all at once
RATE = 30  # messages a second, the bot's limit (Telegram's, and the fake's)


@pytest.fixture(autouse=True)
def timedelta_durations(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # as bot.app opts in: RetryAfter.retry_after is a timedelta


@pytest.fixture
def postgres(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    migrate(engine)
    yield engine
    engine.dispose()


async def _send_from_two_instances(fake: FakeTelegram, engine: Engine | None) -> float:
    """Both instances send MESSAGES each to chats of their own; the seconds it took."""
    fake.enforce_limits(overall_per_second=RATE, group_per_minute=10**6)
    bots = []
    for _ in range(2):
        limiter = PacedRateLimiter(overall_max_rate=RATE, group_max_rate=10**6, max_retries=5)
        if engine is not None:
            limiter.share(engine)
        bots.append(
            ExtBot(
                fake.token,
                base_url=f"{fake.api_root}/bot",
                rate_limiter=limiter,
                request=HTTPXRequest(connection_pool_size=MESSAGES),
            )
        )  # as the Application's bot
    chats = [-1009000 - i for i in range(2 * MESSAGES)]  # groups with the bot in them
    for chat_id in chats:
        fake.group(chat_id)
    started = time.monotonic()
    async with bots[0], bots[1]:
        await asyncio.gather(
            *(bots[i % 2].send_message(chat_id, f"Nhắc việc {i}") for i, chat_id in enumerate(chats))
        )
    return time.monotonic() - started


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # skipped without PostgreSQL
async def test_instances_sharing_the_database_keep_to_the_bots_rate_together(
    fake: FakeTelegram, postgres: Engine
) -> None:
    took = await _send_from_two_instances(fake, postgres)
    assert len(fake.calls("sendMessage")) == 2 * MESSAGES
    # A message that leaves some 30 ms after its slot (the event loop busy) lets the next 30 fall within one
    # second: a refusal now and then remains, where pacing alone is refused every message over the limit.
    assert len(fake.calls("sendMessage", status=429)) <= 2
    assert took < 2 * MESSAGES / RATE + 1.5  # close to the floor of 2 s


async def test_instances_pacing_alone_are_refused_beyond_the_bots_rate(fake: FakeTelegram) -> None:
    """The reference: the same sends with each instance on its own schedule go over the limit."""
    await _send_from_two_instances(fake, None)
    assert len(fake.calls("sendMessage")) == 2 * MESSAGES  # every message still goes out, after its 429
    assert len(fake.calls("sendMessage", status=429)) >= MESSAGES // 2


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # skipped without PostgreSQL
def test_slots_taken_by_two_instances_are_one_gap_apart(database_url: str) -> None:
    """Slots interleaved from two engines (two processes) follow one another at the gap, on one clock."""
    engines = [make_engine(database_url) for _ in range(2)]
    migrate(engines[0])
    gap = 0.05
    slots = []
    for i in range(12):
        wait = take_send_slot(engines[i % 2], gap=gap)
        slots.append(time.monotonic() + wait)
    steps = [b - a for a, b in itertools.pairwise(slots)]
    assert min(steps) > gap * 0.8, steps  # a little under the gap: the time between the two clock readings
    assert slots[-1] - slots[0] == pytest.approx(11 * gap, abs=gap)
    for engine in engines:
        engine.dispose()
