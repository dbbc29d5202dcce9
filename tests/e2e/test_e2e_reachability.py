"""No reminder abandoned: a refused chat is probed and comes back, a muted bot retries, a failure is told, and a
group upgraded to a supergroup keeps its tasks and reminders.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from dispatches import HEALTH
from fakebot import FakeTelegram
from harness import Harness
from test_e2e_faults import DUE_7, reminders
from test_e2e_loop import ADMIN, GROUP, onboard
from test_e2e_state import save_dispatch

from bot.clock import VN_TZ

SUPERGROUP = -100777


def numbers(listing: str) -> list[int]:
    return [int(n) for n in re.findall(r"<b>#(\d+)</b>", listing)]


async def tick_every(bot: Harness, start: datetime, step: timedelta, count: int) -> None:
    for n in range(count):
        await bot.tick(start + n * step)


async def listing(bot: Harness, fake: FakeTelegram, chat_id: int) -> str:
    before = fake.bot_messages(chat_id)
    fake.command(chat_id, fake.state.users[ADMIN], "/tasks")
    await bot.settle()
    return (await fake.wait_for(lambda: [m for m in fake.bot_messages(chat_id) if m not in before])).pop().text


async def test_after_one_403_the_chat_is_probed_and_every_reminder_arrives(bot: Harness,
                                                                           fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    await save_dispatch(bot, fake, HEALTH)
    fake.fail_next("sendMessage", code=403, chat_id=GROUP)  # one refusal; the bot is still in the group
    await tick_every(bot, DUE_7, timedelta(minutes=1), 30)
    assert len(reminders(fake)) == 1, "probed and delivered within 30 minutes, once"
    assert len(fake.calls("sendMessage", status=403)) == 1
    await bot.tick(datetime(2026, 3, 17, 8, 0, 10, tzinfo=VN_TZ))
    assert len(reminders(fake)) == 2, "the chat is active again: the next reminder goes out on time"


async def test_after_chat_not_found_the_chat_is_probed_and_every_reminder_arrives(bot: Harness,
                                                                                  fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    await save_dispatch(bot, fake, HEALTH)
    fake.fail_next("sendMessage", code=400, description="Bad Request: chat not found", chat_id=GROUP)
    await tick_every(bot, DUE_7, timedelta(minutes=1), 30)
    assert len(reminders(fake)) == 1


async def test_a_chat_that_stays_unreachable_is_probed_ever_more_rarely(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    await save_dispatch(bot, fake, HEALTH)
    fake.state.chats[GROUP].bot_kicked = True  # removed without the bot noticing
    await tick_every(bot, DUE_7, timedelta(minutes=10), 6 * 24)  # a day of ticks
    probes = len(fake.calls("sendMessage", status=403))
    assert 3 <= probes <= 12, probes
    fake.state.chats[GROUP].bot_kicked = False  # it works again (e.g. the bot was re-added by a link)
    await tick_every(bot, DUE_7 + timedelta(days=1), timedelta(hours=1), 7)
    assert len(reminders(fake)) == 1


async def test_any_update_from_an_unreachable_chat_brings_it_back_at_once(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    await save_dispatch(bot, fake, HEALTH)
    fake.fail_next("sendMessage", code=403, chat_id=GROUP)
    await bot.tick(DUE_7)
    assert reminders(fake) == []
    fake.command(GROUP, fake.state.users[ADMIN], "/status")  # the group goes on using the bot
    await fake.wait_message(GROUP, "Tình hình")
    await bot.settle()
    await bot.tick(DUE_7 + timedelta(seconds=30))
    assert len(reminders(fake)) == 1, "no need to wait for the next probe"


async def test_two_minutes_muted_then_the_reminder_goes_out_once(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    await save_dispatch(bot, fake, HEALTH)
    fake.state.chats[GROUP].muted_until = DUE_7 + timedelta(minutes=2)
    await tick_every(bot, DUE_7, timedelta(seconds=10), 60)
    assert len(reminders(fake)) == 1
    assert 2 <= len(fake.calls("sendMessage", status=400)) <= 5, "retried with backoff, not every tick"


async def test_a_refusal_lasting_a_day_fails_the_reminder_and_the_group_is_told(bot: Harness,
                                                                               fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    await save_dispatch(bot, fake, HEALTH)
    fake.state.chats[GROUP].muted_until = DUE_7 + timedelta(hours=26)
    await tick_every(bot, DUE_7, timedelta(minutes=30), 2 * 27)
    assert reminders(fake) == [], "the first reminder failed after a day of refusals"
    fake.command(GROUP, fake.state.users[ADMIN], "/status")
    status = await fake.wait_message(GROUP, "Tình hình")
    assert "chưa gửi được" in status.text and "#1" in status.text.split("chưa gửi được", 1)[1]
    await bot.tick(datetime(2026, 3, 17, 8, 0, 10, tzinfo=VN_TZ))
    [digest] = reminders(fake)
    assert "chưa gửi được" in digest and "#1" in digest.split("chưa gửi được", 1)[1]
    await bot.tick(datetime(2026, 3, 19, 8, 0, 10, tzinfo=VN_TZ))
    assert "chưa gửi được" not in reminders(fake)[-1], "told once"


async def onboard_basic_group(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    fake.state.chats[GROUP].type = "group"  # a basic group: the kind Telegram upgrades
    await save_dispatch(bot, fake, HEALTH)


async def test_a_group_upgraded_to_a_supergroup_keeps_its_tasks_and_reminders(bot: Harness,
                                                                              fake: FakeTelegram) -> None:
    await onboard_basic_group(bot, fake)
    fake.upgrade_to_supergroup(GROUP, SUPERGROUP, fake.state.users[ADMIN])
    await bot.settle()
    tasks = await listing(bot, fake, SUPERGROUP)
    assert "Việc đang mở" in tasks and "#1" in tasks and "Không có việc" not in tasks
    await tick_every(bot, DUE_7, timedelta(minutes=1), 3)
    assert len(reminders(fake, SUPERGROUP)) == 1 and reminders(fake, GROUP) == []
    assert fake.calls("sendMessage", status=400) == [], "nothing was sent to the old id"


async def test_a_migration_learned_from_a_refused_send_moves_the_chat(bot: Harness, fake: FakeTelegram) -> None:
    await onboard_basic_group(bot, fake)
    fake.upgrade_to_supergroup(GROUP, SUPERGROUP, fake.state.users[ADMIN], notify=False)
    await tick_every(bot, DUE_7, timedelta(minutes=1), 3)
    assert len(reminders(fake, SUPERGROUP)) == 1 and reminders(fake, GROUP) == []
    assert len(fake.calls("sendMessage", status=400)) == 1
    tasks = await listing(bot, fake, SUPERGROUP)
    assert "#1" in tasks and "Không có việc" not in tasks


async def test_a_member_seen_in_both_the_group_and_the_supergroup_does_not_stop_the_move(
        bot: Harness, fake: FakeTelegram) -> None:
    await onboard_basic_group(bot, fake)
    fake.upgrade_to_supergroup(GROUP, SUPERGROUP, fake.state.users[ADMIN], notify=False)
    before = await listing(bot, fake, SUPERGROUP)  # the admin speaks in the supergroup before the bot knows
    assert "Không có việc" in before
    await tick_every(bot, DUE_7, timedelta(minutes=1), 3)  # the refused send tells the bot of the move
    assert len(reminders(fake, SUPERGROUP)) == 1 and reminders(fake, GROUP) == []
    tasks = await listing(bot, fake, SUPERGROUP)
    assert "#1" in tasks and "Không có việc" not in tasks


async def test_a_dispatch_saved_again_in_the_supergroup_does_not_stop_the_move(bot: Harness,
                                                                              fake: FakeTelegram) -> None:
    await onboard_basic_group(bot, fake)
    admin = fake.state.users[ADMIN]
    fake.upgrade_to_supergroup(GROUP, SUPERGROUP, admin, notify=False)
    fake.command(SUPERGROUP, admin, "/agency Sở Y tế")  # the supergroup looks empty: they start over
    await fake.wait_message(SUPERGROUP, "Đơn vị của nhóm")
    fake.send_text(SUPERGROUP, admin, HEALTH)
    await bot.flush()
    card = await fake.wait_message(SUPERGROUP, "Lưu tất cả")
    await bot.press(card, admin, "Lưu tất cả")
    own = numbers(await listing(bot, fake, SUPERGROUP))
    await tick_every(bot, DUE_7, timedelta(minutes=1), 3)  # the refused send tells the bot of the move
    moved = numbers(await listing(bot, fake, SUPERGROUP))
    assert sorted(moved) == sorted([*own, *(n + len(own) for n in own)]), "the group's came along, numbered after"
    assert reminders(fake, GROUP) == []
    sent = reminders(fake, SUPERGROUP)  # the supergroup's own copy, then the group's (kept: /xoa removes one)
    assert len(sent) == 2 and "#1</b>" in sent[0] and f"#{len(own) + 1}</b>" in sent[1]
