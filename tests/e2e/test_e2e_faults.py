"""Telegram faults during delivery (429, 5xx, 403) and chats that try to touch each other's tasks."""

from __future__ import annotations

from datetime import datetime

from dispatches import HEALTH
from fakebot import FakeTelegram, Message
from harness import Harness
from test_e2e_loop import ADMIN, GROUP, onboard
from test_e2e_state import save_dispatch

from bot.clock import VN_TZ

DUE_7 = datetime(2026, 3, 11, 8, 0, 10, tzinfo=VN_TZ)


def reminders(fake: FakeTelegram, chat_id: int = GROUP) -> list[str]:
    return [m.text for m in fake.bot_messages(chat_id) if "Nhắc việc" in m.text]


async def test_429_is_waited_then_sent_once(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    await save_dispatch(bot, fake, HEALTH)
    fake.fail_next("sendMessage", code=429, retry_after=1, chat_id=GROUP)
    result = await bot.tick(DUE_7)
    assert result.sent >= 1 and len(reminders(fake)) == 1
    assert bot.deps.tick_answered_at == DUE_7  # what /healthz reads while a tick runs: Telegram answers it
    await bot.tick(DUE_7.replace(minute=5))
    assert len(reminders(fake)) == 1


async def test_5xx_leaves_the_reminder_pending_until_it_goes_through(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    await save_dispatch(bot, fake, HEALTH)
    fake.fail_next("sendMessage", code=502, description="Bad Gateway", chat_id=GROUP, times=1)
    await bot.tick(DUE_7)
    assert reminders(fake) == []
    for minute in range(1, 30):
        await bot.tick(DUE_7.replace(minute=minute))
    assert len(reminders(fake)) == 1


async def test_403_pauses_the_chat_and_readding_resumes(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    await save_dispatch(bot, fake, HEALTH)
    admin = fake.state.users[ADMIN]
    fake.state.chats[GROUP].bot_kicked = True  # removed without the bot noticing yet
    await bot.tick(DUE_7)
    attempts = len(fake.calls("sendMessage", status=403))
    assert attempts == 1
    for minute in range(1, 10):
        await bot.tick(DUE_7.replace(minute=minute))
    assert len(fake.calls("sendMessage", status=403)) == attempts + 1, "one probe in ten minutes, no retry storm"
    fake.add_bot(GROUP, admin)
    await bot.settle()
    await bot.tick(DUE_7.replace(minute=15))
    assert len(reminders(fake)) == 1


async def test_one_chat_cannot_touch_another_chats_tasks(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    await save_dispatch(bot, fake, HEALTH)
    other_chat, intruder_id = -2002, 21
    fake.group(other_chat, "Nhóm khác", admins=(intruder_id,))
    intruder = fake.user(intruder_id, "Khách")
    fake.add_bot(other_chat, intruder)
    for text in ("/done 1", "/undo 1", "/delete 1", "/deadline 1 25/12", "/assign 1 @khach", "/tasks all"):
        fake.command(other_chat, intruder, text)
    await bot.settle()
    await bot.tick(DUE_7)
    reminder = next(m for m in fake.bot_messages(GROUP) if "Nhắc việc" in m.text)
    forged = Message(other_chat, 999, "giả", True, reminder.reply_markup)  # chat A's buttons replayed in chat B
    fake.state.messages[(other_chat, 999)] = forged
    for _, data in reminder.buttons():
        fake.press(forged, intruder, data)
    await bot.settle()
    replies = " ".join(m.text for m in fake.bot_messages(other_chat))
    assert "đã xong" not in replies and "Hạn mới" not in replies and "Đã xóa" not in replies
    assert "Không có việc số 1" in replies
    fake.command(GROUP, fake.state.users[ADMIN], "/tasks")
    listing = await fake.wait_message(GROUP, "Việc đang mở")
    assert "#1" in listing.text and "20/03/2026" in listing.text
