"""A burst of 500 messages from one chat meets the per-chat quota politely; other chats are served meanwhile."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fakebot import FakeTelegram
from robust_harness import RobustHarness

from bot.settings import QuotaLimits, load_settings
from dispatch.time.calendar import VN_TZ
from handlers import texts
from handlers.quota import Bucket, forget_full, take

FLOOD, CALM = -1001, -2002
LIMITS = QuotaLimits(burst=20, per_minute=30, notice_every=60)
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)


def test_token_bucket_refills_with_the_clock_and_keeps_chats_apart() -> None:
    buckets: dict[int, Bucket] = {}
    assert all(take(buckets, 1, LIMITS, T0) is None for _ in range(20))
    assert take(buckets, 1, LIMITS, T0) is not None, "the 21st at once is over the burst"
    assert take(buckets, 2, LIMITS, T0) is None, "another chat has its own bucket"
    assert take(buckets, 1, LIMITS, T0 + timedelta(seconds=1)) is not None, "half a token is not enough"
    assert take(buckets, 1, LIMITS, T0 + timedelta(seconds=3)) is None, "30 per minute: one every 2 s"
    assert take(buckets, 1, LIMITS, T0 + timedelta(seconds=3)) is not None
    assert take(buckets, 1, LIMITS, T0 - timedelta(hours=1)) is not None, "a clock set back refills nothing"
    forget_full(buckets, LIMITS, T0 + timedelta(minutes=5))
    assert buckets == {}, "full buckets are forgotten"


def test_quota_is_read_from_config_toml(tmp_path: Path) -> None:
    assert load_settings({"DONDOC_CONFIG": str(Path(__file__).parents[2] / "config.toml")}).quota == LIMITS
    assert load_settings({"DONDOC_CONFIG": str(tmp_path / "missing.toml")}).quota == QuotaLimits()
    bad = tmp_path / "bad.toml"
    bad.write_text("[quota]\nburst = 0\n")
    with pytest.raises(ValueError, match=r"quota\.burst"):
        load_settings({"DONDOC_CONFIG": str(bad)})


async def test_burst_of_500_is_throttled_once_and_other_chats_are_served(bot: RobustHarness,
                                                                         fake: FakeTelegram) -> None:
    bot.deps.quota = LIMITS
    flooder, calm = fake.user(31, "Hùng"), fake.user(32, "Mai")
    fake.group(FLOOD, "Nhóm A")
    fake.group(CALM, "Nhóm B")
    burst = [fake.command(FLOOD, flooder, "/tasks") if n % 2 else fake.send_text(FLOOD, flooder, f"tin {n}")
             for n in range(250)]
    fake.command(CALM, calm, "/status")
    pushed_calm = time.monotonic()
    last = fake.state.pushed[-1] + 250
    for n in range(250, 500):
        fake.command(FLOOD, flooder, "/tasks") if n % 2 else fake.send_text(FLOOD, flooder, f"tin {n}")
    status = await fake.wait_message(CALM, "Tình hình thực hiện")
    waited = time.monotonic() - pushed_calm
    assert last not in bot.seen, "answered while the burst was still being throttled"
    assert waited < 3.0, f"the other chat waited {waited:.1f} s"
    await bot.settle(timeout=30)
    replies = [m.text for m in fake.bot_messages(FLOOD)]
    assert replies.count(texts.TOO_MANY) == 1, "one notice per window, not 500"
    answered = [r for r in replies if r != texts.TOO_MANY]
    assert len(answered) <= LIMITS.burst // 2 + 1, "beyond the burst, messages are dropped unanswered"
    assert status.text and len(burst) == 250

    bot.clock.advance(timedelta(seconds=10))  # 5 tokens back, still inside the notice window
    for _ in range(10):
        fake.command(FLOOD, flooder, "/tasks")
    await bot.settle()
    replies = [m.text for m in fake.bot_messages(FLOOD)]
    assert replies.count(texts.TOO_MANY) == 1
    assert len(replies) - len(answered) - 1 == 5, "the bucket refills with the injected clock"

    bot.clock.advance(timedelta(seconds=61))  # a new window: the next flood gets one new notice
    for _ in range(60):
        fake.command(FLOOD, flooder, "/tasks")
    await bot.settle()
    assert [m.text for m in fake.bot_messages(FLOOD)].count(texts.TOO_MANY) == 2


async def test_button_mashing_is_answered_with_an_alert_not_a_message(bot: RobustHarness,
                                                                      fake: FakeTelegram) -> None:
    bot.deps.quota = QuotaLimits(burst=3, per_minute=1, notice_every=60)
    user = fake.user(31, "Hùng")
    fake.group(FLOOD, "Nhóm A")
    fake.command(FLOOD, user, "/help")
    await bot.settle()
    (help_message,) = fake.bot_messages(FLOOD)
    for _ in range(10):
        fake.press(help_message, user, "done:1")
    await bot.settle()
    alerts = [c for c in fake.calls("answerCallbackQuery") if c.get("text") == texts.TOO_MANY_ALERT]
    assert len(alerts) == 8  # /help took one token, two presses went through
    assert texts.TOO_MANY not in [m.text for m in fake.bot_messages(FLOOD)]
