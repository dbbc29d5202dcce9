"""The whole loop over HTTP: onboarding, a pasted dispatch, the card, saving, reminders, done, /status."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from dispatches import HEALTH, parts
from fakebot import FakeTelegram
from harness import Harness

from bot.clock import VN_TZ
from dispatch.time.calendar import default_calendar

GROUP = -1001
ADMIN = 11


async def onboard(bot: Harness, fake: FakeTelegram, agency: str = "Sở Y tế") -> None:
    fake.group(GROUP, "Văn phòng Sở Y tế", admins=(ADMIN,))
    admin = fake.user(ADMIN, "Lan", "lan")
    fake.add_bot(GROUP, admin)
    await bot.settle()
    fake.command(GROUP, admin, f"/agency {agency}")
    await fake.wait_message(GROUP, "Đơn vị của nhóm")


async def test_onboarding_start_help_agency_and_privacy(bot: Harness, fake: FakeTelegram) -> None:
    fake.group(GROUP, "Văn phòng", admins=(ADMIN,))
    admin = fake.user(ADMIN, "Lan", "lan")
    member = fake.user(12, "Minh")
    fake.add_bot(GROUP, admin)
    await fake.wait_message(GROUP, "chế độ riêng tư")
    fake.command(GROUP, admin, "/start")
    await fake.wait_message(GROUP, "/donvi")
    fake.command(GROUP, admin, "/help")
    await fake.wait_message(GROUP, "Cách dùng Đôn đốc")
    assert {c["command"] for c in fake.state.commands} >= {"start", "trogiup", "help", "viec", "tasks", "tinhhinh"}
    fake.command(GROUP, member, "/agency Sở Y tế")
    await fake.wait_message(GROUP, "Chỉ quản trị viên")
    fake.command(GROUP, admin, "/donvi Sở Y tế")
    card = await fake.wait_message(GROUP, "Đơn vị của nhóm")
    assert "<b>Sở Y tế</b>" in card.text
    fake.command(GROUP, admin, "/agency")
    await fake.wait_message(GROUP, "Đơn vị hiện tại", after=card.message_id)


async def test_a_name_cut_short_gets_choices_and_the_chosen_one_is_bound(bot: Harness, fake: FakeTelegram) -> None:
    fake.group(GROUP, "Văn phòng", admins=(ADMIN,))
    admin = fake.user(ADMIN, "Lan", "lan")
    fake.add_bot(GROUP, admin)
    await bot.settle()
    fake.command(GROUP, admin, "/agency Sở Y")
    offer = await fake.wait_message(GROUP, "«Sở Y»")
    assert "Có phải" in offer.text
    assert not [m for m in fake.bot_messages(GROUP) if "Đơn vị của nhóm" in m.text], "never bound as typed"
    assert "Sở Y tế" in [label for label, _ in offer.buttons()]
    await bot.press(offer, admin, "Sở Y tế")
    bound = await fake.wait_message(GROUP, "Đơn vị của nhóm")
    assert "<b>Sở Y tế</b>" in bound.text


async def test_paste_four_parts_card_save_reminders_done_status(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    for part in parts(HEALTH, 4):
        fake.send_text(GROUP, admin, part)
    await bot.flush()
    card = await fake.wait_message(GROUP, "Lưu tất cả")
    assert "123/UBND-VX" in card.text and "Chủ trì" in card.text
    assert "Thứ Sáu, 20/03/2026" in card.text
    assert len([m for m in fake.bot_messages(GROUP) if "Công văn số" in m.text]) == 1
    await bot.press(card, admin, "Lưu tất cả")
    saved = await fake.wait_message(GROUP, "Đã lưu")
    assert "#1" in saved.text

    calendar = default_calendar()
    send_at = bot.settings.send_at
    days: dict[str, list[str]] = {}
    day = datetime(2026, 3, 3, tzinfo=VN_TZ)
    while day.date() <= date(2026, 3, 25):
        before = len(fake.bot_messages(GROUP))
        await bot.tick(datetime.combine(day.date(), send_at, tzinfo=VN_TZ) - timedelta(minutes=1))
        assert len(fake.bot_messages(GROUP)) == before, "nothing goes out before the send time"
        await bot.tick(datetime.combine(day.date(), send_at, tzinfo=VN_TZ) + timedelta(seconds=5))
        await bot.tick(datetime.combine(day.date(), time(17, 0), tzinfo=VN_TZ))
        new = fake.bot_messages(GROUP)[before:]
        if new:
            assert calendar.is_working_day(day.date()), f"reminder on a day off: {day:%a %d/%m}"
            assert len(new) == 1, "one digest per chat per day"
            days[day.strftime("%d/%m")] = [m.text for m in new]
        day += timedelta(days=1)
    assert "hôm nay là hạn chót" in "".join(days["20/03"])
    expected_before = {"11/03", "17/03", "19/03", "20/03"}  # 7, 3, 1 working days before, and the day
    assert expected_before <= set(days), days.keys()
    overdue = [d for d, texts in days.items() if "quá hạn" in "".join(texts)]
    assert overdue and all(d in {"23/03", "24/03", "25/03"} for d in overdue)

    reminder = fake.bot_messages(GROUP)[-1]
    await bot.press(reminder, admin, "Xong #1")
    await fake.wait_message(GROUP, "đã xong")
    count = len(fake.bot_messages(GROUP))
    for offset in range(1, 5):
        await bot.tick(datetime(2026, 3, 25, 8, 0, 5, tzinfo=VN_TZ) + timedelta(days=offset))
    assert len(fake.bot_messages(GROUP)) == count, "no reminder after done"
    fake.command(GROUP, admin, "/status")
    status = await fake.wait_message(GROUP, "Tình hình thực hiện")
    assert "Hoàn thành quá hạn: <b>1</b>" in status.text
