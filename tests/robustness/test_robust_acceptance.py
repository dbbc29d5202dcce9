"""Acceptance: a full scenario while the fake server fails 10% of sends at random (5xx and 429) — every due
reminder is delivered, none twice."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from dispatches import FIVE, HEALTH
from fakebot import FakeTelegram, Message, User
from robust_harness import RobustHarness
from sqlalchemy import text
from sqlmodel import Session, select

from dispatch.time.calendar import VN_TZ, default_calendar
from storage import Reminder

CHATS = {-1000 - n: (HEALTH if n % 2 else FIVE).replace("/UBND", f"{n}/UBND") for n in range(1, 7)}
FAULT_RATE = 0.10
MAX_TICKS_PER_DAY = 60  # 30 minutes of 30-second ticks


async def until(bot: RobustHarness, act: Callable[[], object], done: Callable[[], object], tries: int = 10) -> None:
    """Do what a user would do again until it worked (a reply lost to a 5xx is simply asked for again)."""
    for _ in range(tries):
        if done():
            return
        act()
        await bot.settle(timeout=30)
        await bot.flush()
    assert done(), "gave up after retrying like a user would"


def card(fake: FakeTelegram, chat_id: int) -> Message | None:
    return next((m for m in reversed(fake.bot_messages(chat_id)) if "Lưu" in str(m.buttons())), None)


async def onboard(bot: RobustHarness, fake: FakeTelegram, chat_id: int, dispatch: str, admin: User) -> None:
    fake.group(chat_id, f"Nhóm {chat_id}", admins=(admin.id,))
    fake.add_bot(chat_id, admin)
    agency = lambda: bot.scalar("SELECT agency FROM chat WHERE id = :c", c=chat_id)  # noqa: E731
    await until(bot, lambda: fake.command(chat_id, admin, "/agency Sở Y tế"), agency)
    await until(bot, lambda: fake.send_text(chat_id, admin, dispatch), lambda: card(fake, chat_id))
    tasks = lambda: bot.scalar("SELECT COUNT(*) FROM task WHERE chat_id = :c", c=chat_id)  # noqa: E731

    def save() -> None:
        current = card(fake, chat_id)
        assert current is not None
        fake.press(current, admin, current.button("Lưu tất cả"))
    await until(bot, save, tasks)


async def deliver_day(bot: RobustHarness, day: date, send_at: time) -> int:
    """Tick every 30 s from the send time until nothing due is left pending; the number of ticks."""
    now = datetime.combine(day, send_at, tzinfo=VN_TZ) + timedelta(seconds=10)
    for n in range(1, MAX_TICKS_PER_DAY + 1):
        await bot.tick(now)
        if not pending_due(bot, now):
            return n
        now += timedelta(seconds=30)
    raise AssertionError(f"reminders still pending on {day}")


def pending_due(bot: RobustHarness, now: datetime) -> int:
    """Reminders due by `now` that are still waiting to go out."""
    with Session(bot.deps.db) as session:
        return len(session.exec(select(Reminder.id).where(Reminder.state == "pending",
                                                          Reminder.due_at <= now)).all())


async def press_done(bot: RobustHarness, fake: FakeTelegram, chat_id: int, user: User) -> None:
    """Press the first Xong of the chat's latest reminder until the task is done."""
    reminder = next(m for m in reversed(fake.bot_messages(chat_id)) if "Xong" in str(m.buttons()))
    data = reminder.button("Xong")
    task_id = int(data.split(":")[1])
    await until(bot, lambda: fake.press(reminder, user, data),
                lambda: bot.scalar("SELECT status FROM task WHERE id = :t", t=task_id) == "done")


async def test_every_reminder_is_delivered_once_under_10_percent_random_faults(bot: RobustHarness,
                                                                               fake: FakeTelegram) -> None:
    fake.random_faults(FAULT_RATE, seed=20260302)
    admins = {chat_id: fake.user(100 + n, f"Quản trị {n}", f"qt{n}") for n, chat_id in enumerate(CHATS)}
    for chat_id, dispatch in CHATS.items():
        await onboard(bot, fake, chat_id, dispatch, admins[chat_id])
    calendar = default_calendar()
    day, last = date(2026, 3, 3), date(2026, 4, 3)
    done_pressed, duplicates, digests = False, 0, 0
    while day <= last:
        if calendar.is_working_day(day):
            before = {chat_id: len(fake.bot_messages(chat_id)) for chat_id in CHATS}
            await deliver_day(bot, day, bot.settings.send_at)
            for chat_id in CHATS:  # a task appears at most once in a chat's reminders of the day
                new = [m.text for m in fake.bot_messages(chat_id)[before[chat_id]:] if "Nhắc việc" in m.text]
                mentions = Counter(n for t in new for n in set(re.findall(r"#(\d+)", t)))
                duplicates += sum(n - 1 for n in mentions.values())
                digests += len(new)
        if day == date(2026, 3, 17) and not done_pressed:  # someone marks a task done from a reminder
            chat_id = next(iter(CHATS))
            await press_done(bot, fake, chat_id, admins[chat_id])
            done_pressed = True
        day += timedelta(days=1)

    with bot.deps.db.connect() as conn:
        states = dict(conn.execute(text("SELECT state, COUNT(*) FROM reminder WHERE kind != 'recurring' "
                                        "GROUP BY state")).all())
        sent = conn.execute(text("SELECT chat_id, message_id FROM reminder WHERE state = 'sent'")).all()
    left = pending_due(bot, datetime.combine(last, time(23, 0), tzinfo=VN_TZ))
    due = states.get("sent", 0) + states.get("failed", 0) + left
    delivered = states.get("sent", 0)
    assert left == 0, "nothing due left behind"
    assert states.get("failed", 0) == 0, states
    assert all((chat_id, message_id) in fake.state.messages for chat_id, message_id in sent), "really delivered"

    faults = sum(1 for _, _, status in fake.state.calls if status in (429, 500, 502))
    print(f"\nunder {FAULT_RATE:.0%} random faults ({faults} injected): reminders due {due}, delivered {delivered}"
          f" in {digests} digests, duplicated {duplicates}; cancelled after done {states.get('cancelled', 0)}")
    assert faults > 0 and delivered == due and duplicates == 0
