"""Telegram faults not covered by tests/e2e/test_e2e_faults.py: timeouts, 400 "chat not found",
"message is too long" (injected, and never caused by our own formatting of a 20,000-character dispatch)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import httpx
import pytest
from dispatches import HEALTH, parts
from fakebot import FakeTelegram, parse_html
from robust_harness import RobustHarness
from sqlalchemy import text as sql_text
from sqlmodel import Session, select
from telegram.request import HTTPXRequest

from dispatch.time.calendar import VN_TZ
from handlers import texts
from storage import Reminder

GROUP, ADMIN = -1001, 11
DUE_7 = datetime(2026, 3, 11, 8, 0, 10, tzinfo=VN_TZ)  # 7 working days before HEALTH's 20/03 deadline
CLIENT_TIMEOUT, HANG = 0.2, 0.5  # seconds: the fake answers after the client gave up


async def onboard_and_save(bot: RobustHarness, fake: FakeTelegram, dispatch: str = HEALTH) -> None:
    fake.group(GROUP, "Văn phòng Sở Y tế", admins=(ADMIN,))
    admin = fake.user(ADMIN, "Lan", "lan")
    await bot.say(GROUP, admin, "/agency Sở Y tế")
    for chunk in parts(dispatch, max(1, len(dispatch) // 4000 + 1)):
        await bot.say(GROUP, admin, chunk)
    await bot.flush()
    card = next(m for m in reversed(fake.bot_messages(GROUP)) if m.buttons())
    await bot.click(card, admin, card.button("Lưu tất cả"))
    assert "Đã lưu" in card.text


def reminders(fake: FakeTelegram) -> list[str]:
    return [m.text for m in fake.bot_messages(GROUP) if "Nhắc việc" in m.text]


def short_client_timeout(bot: RobustHarness) -> None:
    """The bot's HTTP client gives up after CLIENT_TIMEOUT (PTB's default is 5 s; only the length differs)."""
    assert bot.app is not None
    request = bot.app.bot.request
    assert isinstance(request, HTTPXRequest)
    request._client.timeout = httpx.Timeout(5.0, read=CLIENT_TIMEOUT)


def reminder_rows(bot: RobustHarness) -> list[tuple[str, int, datetime | None, str | None]]:
    """(state, attempts, next_attempt_at, last_error) of the group's reminders due by DUE_7."""
    with Session(bot.deps.db) as session:
        rows = session.exec(select(Reminder).where(Reminder.chat_id == GROUP, Reminder.due_at <= DUE_7)
                            .order_by(Reminder.id)).all()  # type: ignore[arg-type]
        return [(r.state, r.attempts, r.next_attempt_at, r.last_error) for r in rows]


async def test_timeouts_are_retried_with_growing_backoff_and_never_dropped(bot: RobustHarness,
                                                                           fake: FakeTelegram) -> None:
    await onboard_and_save(bot, fake)
    short_client_timeout(bot)
    fake.hang_next("sendMessage", seconds=HANG, chat_id=GROUP, times=5)
    now, delays = DUE_7, []
    for attempt in range(1, 6):
        result = await bot.tick(now)
        assert result.retried >= 1 and result.messages == 0
        rows = reminder_rows(bot)
        assert rows and all(state == "pending" and tries == attempt for state, tries, _, _ in rows), rows
        assert all(re.search("timed out", error or "", re.I) for *_, error in rows), rows
        retry_at = rows[0][2]
        assert retry_at is not None
        delays.append((retry_at - now).total_seconds())
        # the fake logs a call when it answers: wait for the hung one, or it would land in the window below
        await fake.wait_for(lambda n=attempt: len(fake.calls("sendMessage", status=504)) == n)  # type: ignore[misc]
        calls = len(fake.state.calls)
        await bot.tick(now + timedelta(seconds=5))  # before the backoff is over: not even tried
        assert not [c for c in fake.state.calls[calls:] if c[0] == "sendMessage"]
        now = retry_at + timedelta(seconds=1)
    assert delays == sorted(delays) and delays[-1] > delays[0], f"backoff grows: {delays}"
    await fake.wait_for(lambda: len(fake.calls("sendMessage", status=504)) == 5)  # the hung calls ended
    result = await bot.tick(now)
    assert result.messages == 1 and len(reminders(fake)) == 1, "delivered once the network is back"
    assert [r[0] for r in reminder_rows(bot)] == ["sent"] * len(reminder_rows(bot))


async def test_a_timeout_after_telegram_got_the_message_duplicates_at_most_that_message(
        bot: RobustHarness, fake: FakeTelegram) -> None:
    await onboard_and_save(bot, fake)
    short_client_timeout(bot)
    fake.hang_next("sendMessage", seconds=HANG, chat_id=GROUP, deliver=True)
    await bot.tick(DUE_7)
    await fake.wait_for(lambda: len(reminders(fake)) == 1)  # it did arrive, the bot just never heard back
    rows = reminder_rows(bot)
    assert rows and rows[0][0] == "pending"
    retry_at = rows[0][2]
    assert retry_at is not None
    await bot.tick(retry_at + timedelta(seconds=1))
    assert len(reminders(fake)) == 2, "the one message in flight is sent again (the documented bound), no more"
    for hours in range(1, 5):
        await bot.tick(DUE_7 + timedelta(hours=hours))
    assert len(reminders(fake)) == 2


@pytest.mark.parametrize("how", ["5xx", "drop"])
async def test_an_answer_lost_after_telegram_stored_the_message_duplicates_that_message_once(
        bot: RobustHarness, fake: FakeTelegram, how: str) -> None:
    await onboard_and_save(bot, fake)
    fake.lose_answer_next("sendMessage", how=how, chat_id=GROUP)  # stored, then 502 / the connection closed
    await bot.tick(DUE_7)
    assert len(reminders(fake)) == 1 and reminder_rows(bot)[0][0] == "pending"
    for minutes in range(1, 60):
        await bot.tick(DUE_7 + timedelta(minutes=minutes))
    assert len(reminders(fake)) == 2, "sent again once (README: the ambiguous case), never a third time"


async def test_chat_not_found_marks_the_chat_inactive_without_retrying_forever(bot: RobustHarness,
                                                                              fake: FakeTelegram) -> None:
    await onboard_and_save(bot, fake)
    fake.fail_next("sendMessage", code=400, description="Bad Request: chat not found", chat_id=GROUP, times=100)
    result = await bot.tick(DUE_7)
    assert result.chats_deactivated == 1
    assert bot.scalar("SELECT active FROM chat WHERE id = :c", c=GROUP) in (False, 0)
    for hour in range(0, 12 * 24, 2):  # through every later reminder and overdue round: probes, ever rarer
        await bot.tick(DUE_7 + timedelta(hours=hour))
    probes = len(fake.calls("sendMessage", status=400))
    assert 30 <= probes <= 12 * 4 + 8, f"probed at most every 6 hours, no retry storm ({probes} attempts)"
    assert bot.scalar("SELECT COUNT(*) FROM reminder WHERE chat_id = :c AND state = 'failed'", c=GROUP) == 0
    fake.state.faults.clear()
    fake.add_bot(GROUP, fake.state.users[ADMIN])  # the chat is back (e.g. re-created and the bot re-added)
    await bot.settle()
    await bot.tick(DUE_7 + timedelta(days=12, hours=1))
    assert len(reminders(fake)) == 1, "held reminders go out as one catch-up digest"


async def test_message_too_long_is_given_up_after_a_few_attempts(bot: RobustHarness, fake: FakeTelegram) -> None:
    await onboard_and_save(bot, fake)
    fake.fail_next("sendMessage", code=400, description="Bad Request: message is too long", chat_id=GROUP,
                   times=1000)
    now = DUE_7
    for _ in range(20):
        await bot.tick(now)
        now += timedelta(hours=2)
    attempts = len(fake.calls("sendMessage", status=400))
    assert 1 <= attempts <= 5, f"a rejected message is not retried forever ({attempts} attempts)"
    assert bot.scalar("SELECT COUNT(*) FROM reminder WHERE chat_id = :c AND state = 'failed'", c=GROUP) >= 1
    fake.state.faults.clear()
    fake.state.errors.clear()  # injected on purpose: not a formatting error of ours
    await bot.tick(datetime(2026, 3, 17, 8, 0, 10, tzinfo=VN_TZ))  # the next reminder (3 days before)
    assert len(reminders(fake)) == 1, "later reminders are not blocked by the failed one"


def long_dispatch() -> str:
    """~20,000 characters, 120 tasks of the agency due the same day, full of characters HTML must escape."""
    head = HEALTH.split("Để chủ động")[0].replace("123/UBND", "900/UBND")
    lines = [f"{n}. Giao Sở Y tế chủ trì <rà soát> & *kiểm tra* _hồ sơ_ số {n} "
             f"{'<b>&amp;</b> ' * 6}trước ngày 20/3/2026." for n in range(1, 121)]
    text = head + "\n".join(lines) + "\n./.\n"
    return text[:20_000]


async def test_a_20000_character_dispatch_is_split_and_escaped_in_card_and_reminders(bot: RobustHarness,
                                                                                     fake: FakeTelegram) -> None:
    text = long_dispatch()
    assert 15_000 < len(text) <= 20_000
    await onboard_and_save(bot, fake, text)
    saved = bot.scalar("SELECT COUNT(*) FROM task WHERE chat_id = :c", c=GROUP)
    assert saved >= 90
    before = len(fake.bot_messages(GROUP))
    result = await bot.tick(DUE_7)
    digest = fake.bot_messages(GROUP)[before:]
    assert result.messages == len(digest) >= 2, "one digest, split into several messages"
    plain = [parse_html(m.text) for m in digest]
    assert all(len(p) <= 4096 for p in plain)
    mentioned = [int(n) for p in plain for n in re.findall(r"#(\d+)", p)]
    with bot.deps.db.connect() as conn:
        due = {r[0] for r in conn.execute(sql_text(
            "SELECT t.short_id FROM reminder r JOIN task t ON t.id = r.task_id WHERE r.state = 'sent'"))}
    assert len(due) >= 90 and set(mentioned) == due and len(mentioned) == len(due), "each due task once"
    assert "<rà soát>" in "".join(plain), "dispatch text is escaped, not dropped"
    fake.command(GROUP, fake.state.users[ADMIN], "/tasks all")
    fake.command(GROUP, fake.state.users[ADMIN], "/status")
    await bot.settle()
    assert all(len(parse_html(m.text)) <= 4096 for m in fake.bot_messages(GROUP))
    assert not [e for e in fake.state.errors if "too long" in e[1]]
    assert texts.ERROR not in [m.text for m in fake.bot_messages(GROUP)]
