"""/status in all four official states, restarts in the middle, and duplicates not scheduled twice."""

from __future__ import annotations

from datetime import datetime

from dispatches import FIVE, HEALTH
from fakebot import FakeTelegram
from harness import Harness
from test_e2e_loop import ADMIN, GROUP, onboard

from bot.clock import VN_TZ


async def save_dispatch(bot: Harness, fake: FakeTelegram, text: str) -> str:
    admin = fake.state.users[ADMIN]
    fake.send_text(GROUP, admin, text)
    await bot.flush()
    card = await fake.wait_message(GROUP, "Lưu tất cả")
    await bot.press(card, admin, "Lưu tất cả")
    saved = await fake.wait_message(GROUP, "Đã lưu", after=card.message_id - 1)
    return saved.text


async def command(bot: Harness, fake: FakeTelegram, text: str, expect: str) -> str:
    last = fake.bot_messages(GROUP)[-1].message_id if fake.bot_messages(GROUP) else 0
    fake.command(GROUP, fake.state.users[ADMIN], text)
    return (await fake.wait_message(GROUP, expect, after=last)).text


async def test_status_counts_all_four_states(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    saved = await save_dispatch(bot, fake, FIVE)
    assert all(f"#{n}" in saved for n in range(1, 6))
    tasks = await command(bot, fake, "/tasks", "Việc đang mở")
    assert "(5)" in tasks
    await command(bot, fake, "/done 1", "đã xong")  # 05/03 deadline, done 02/03: on time
    bot.clock.set(datetime(2026, 3, 9, 10, 0, tzinfo=VN_TZ))
    late = await command(bot, fake, "/done 2", "đã xong")  # 06/03 deadline, done 09/03: late
    assert "quá hạn" in late
    status = await command(bot, fake, "/status", "Tình hình")
    assert "Chưa hoàn thành, trong hạn: <b>2</b>" in status
    assert "Chưa hoàn thành, quá hạn: <b>1</b>" in status
    assert "Hoàn thành đúng hạn: <b>1</b>" in status
    assert "Hoàn thành quá hạn: <b>1</b>" in status
    assert "quá 5 ngày" in status  # #5 was due 04/03
    assert "Đến hạn trong 7 ngày" in status and "#3" in status
    overdue = await command(bot, fake, "/tasks overdue", "quá hạn")
    assert "#5" in overdue and "#3" not in overdue
    await command(bot, fake, "/undo 2", "Đã mở lại")
    status = await command(bot, fake, "/status", "Tình hình")
    assert "Chưa hoàn thành, quá hạn: <b>2</b>" in status


async def test_restart_loses_nothing_and_doubles_nothing(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    await save_dispatch(bot, fake, HEALTH)
    first = await bot.tick(datetime(2026, 3, 11, 8, 0, 10, tzinfo=VN_TZ))
    assert first.sent >= 1
    count = len(fake.bot_messages(GROUP))
    await bot.restart()
    await bot.tick(datetime(2026, 3, 11, 8, 0, 40, tzinfo=VN_TZ))
    assert len(fake.bot_messages(GROUP)) == count, "the 7-day reminder is not sent again after a restart"
    await bot.stop()  # down over the 3-day reminder (17/03)
    bot.clock.set(datetime(2026, 3, 18, 9, 30, tzinfo=VN_TZ))
    await bot.start()
    await bot.tick()
    catch_up = fake.bot_messages(GROUP)[count:]
    assert len(catch_up) == 1 and "#1" in catch_up[0].text
    await bot.tick()
    assert len(fake.bot_messages(GROUP)) == count + 1
    status = await command(bot, fake, "/status", "Tình hình")
    assert "Chưa hoàn thành, trong hạn: <b>2</b>" in status


async def test_same_dispatch_twice_is_recognised(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    await save_dispatch(bot, fake, HEALTH)
    fake.send_text(GROUP, fake.state.users[ADMIN], HEALTH, forward_from="Văn thư")
    await bot.flush()
    await fake.wait_message(GROUP, "đã được lưu trước đây")
    tasks = await command(bot, fake, "/tasks", "Việc đang mở")
    assert "(2)" in tasks


async def test_dispatch_before_agency_is_kept_and_processed(bot: Harness, fake: FakeTelegram) -> None:
    fake.group(GROUP, "Văn phòng", admins=(ADMIN,))
    admin = fake.user(ADMIN, "Lan", "lan")
    fake.send_text(GROUP, admin, HEALTH)
    await bot.flush()
    await fake.wait_message(GROUP, "chưa có đơn vị")
    await bot.restart()  # kept in the database, not in memory
    fake.command(GROUP, admin, "/agency Sở Y tế")
    card = await fake.wait_message(GROUP, "Lưu tất cả")
    assert "123/UBND-VX" in card.text
