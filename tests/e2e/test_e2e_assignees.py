"""The person responsible: assigned by button or by mention, told privately, reminded privately, /cuatoi."""

from __future__ import annotations

from datetime import datetime

from dispatches import FIVE
from fakebot import FakeTelegram
from harness import Harness
from test_e2e_loop import ADMIN, GROUP, onboard
from test_e2e_state import command, save_dispatch

from bot.clock import VN_TZ

MINH, HUNG = 12, 13
BEFORE = datetime(2026, 3, 3, 8, 0, 10, tzinfo=VN_TZ)  # #5 (due 04/03) is reminded one working day before
OVERDUE = datetime(2026, 3, 5, 8, 0, 10, tzinfo=VN_TZ)  # ... and is one day overdue here
DEEP_LINK = "https://t.me/dondoc_test_bot?start=nhac"


def private(fake: FakeTelegram, user_id: int, contains: str = "") -> list[str]:
    return [m.text for m in fake.bot_messages(user_id) if contains in m.text]


async def test_assigned_by_button_told_privately_then_reminded_privately_and_done_from_there(
        bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    minh = fake.user(MINH, "Minh")  # no username
    fake.command(MINH, minh, "/start")
    await fake.wait_message(MINH, "Đã bật nhắc việc riêng")
    fake.send_text(GROUP, minh, "Chào cả nhà")  # seen in the group: the picker lists him
    await save_dispatch(bot, fake, FIVE)

    fake.command(GROUP, admin, "/giao 5")
    picker = await fake.wait_message(GROUP, "Người phụ trách việc #5")
    assert "chưa có ai" in picker.text and {"Minh", "Lan"} <= {label for label, _ in picker.buttons()}
    await bot.press(picker, admin, "Minh")
    assert "✅ Minh" in [label for label, _ in picker.buttons()]
    assert f'<a href="tg://user?id={MINH}">Minh</a>' in picker.text, "no username: named by a mention link"
    told = await fake.wait_message(MINH, "Bạn được giao việc")
    assert "#5" in told.text and "Văn phòng Sở Y tế" in told.text and "tình hình dịch bệnh" in told.text
    assert "do Lan giao" in told.text
    await bot.press(picker, admin, "Xong")
    assert picker.buttons() == [] and "Minh" in picker.text

    await bot.tick(BEFORE)
    group = await fake.wait_message(GROUP, "Nhắc việc")
    assert "#5" in group.text and f"tg://user?id={MINH}" in group.text and "#2" in group.text
    mine = await fake.wait_message(MINH, "Nhắc việc")
    assert "#5" in mine.text and "#2" not in mine.text, "only his own task comes privately"
    assert "👥 Văn phòng Sở Y tế" in mine.text
    await bot.tick(BEFORE)
    assert len(private(fake, MINH, "Nhắc việc")) == 1, "a reminder goes once"

    await bot.tick(OVERDUE)
    alert = await fake.wait_message(MINH, "quá hạn 1 ngày", after=mine.message_id)
    await bot.press(alert, minh, "Xong #5")
    await fake.wait_message(MINH, "Việc #5 đã xong")
    assert "Minh" in (await fake.wait_message(GROUP, "Việc #5 đã xong")).text, "the group sees it done"
    count = len(private(fake, MINH))
    await bot.tick(OVERDUE.replace(day=6))
    assert len(private(fake, MINH)) == count, "no reminder after done"


async def test_assigned_by_mention_refused_to_others_hinted_once_then_linked_by_the_deep_link(
        bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    minh = fake.user(MINH, "Minh Lê")
    hung = fake.user(HUNG, "Hùng", "hung_vp")
    await save_dispatch(bot, fake, FIVE)

    fake.command(GROUP, minh, "/giao 5 @hung_vp")
    await fake.wait_message(GROUP, "Chỉ quản trị viên nhóm hoặc người đang phụ trách việc #5")

    last = fake.bot_messages(GROUP)[-1].message_id
    fake.command(GROUP, admin, "/giao 5 @hung_vp Minh Lê", mentions=[("Minh Lê", minh)])
    reply = await fake.wait_message(GROUP, "giao cho", after=last)
    assert "@hung_vp" in reply.text and f'<a href="tg://user?id={MINH}">Minh Lê</a>' in reply.text
    assert DEEP_LINK in reply.text and "Bắt đầu" in reply.text, "told how to get private reminders"
    assert private(fake, HUNG) == [] and private(fake, MINH) == [], "they never started the bot"
    again = await command(bot, fake, "/giao 4 @hung_vp", "giao cho")
    assert DEEP_LINK not in again, "told once"

    fake.command(GROUP, hung, "/giao 5 @hung_vp")  # an assignee may change it
    narrowed = await fake.wait_message(GROUP, "Việc #5 giao cho @hung_vp.")
    assert "Minh" not in narrowed.text
    fake.command(GROUP, minh, "/giao 5 Minh Lê", mentions=[("Minh Lê", minh)])
    await fake.wait_message(GROUP, "Chỉ quản trị viên nhóm", after=narrowed.message_id)

    fake.command(HUNG, hung, "/start nhac")  # followed the link
    linked = await fake.wait_message(HUNG, "Đã bật nhắc việc riêng")
    assert "2 việc đang mở" in linked.text and "Xin chào" not in linked.text
    await bot.tick(BEFORE)
    mine = await fake.wait_message(HUNG, "Nhắc việc")
    assert "#5" in mine.text and "@hung_vp" in mine.text
    assert "#5" in (await fake.wait_message(GROUP, "Nhắc việc")).text, "the group digest as well"

    fake.command(HUNG, hung, "/cuatoi")
    listing = await fake.wait_message(HUNG, "Việc được giao cho bạn")
    assert "(2)" in listing.text and "Chưa hoàn thành, trong hạn" in listing.text
    assert "#4" in listing.text and "#5" in listing.text and "#2" not in listing.text
    assert "Văn phòng Sở Y tế" in listing.text
    fake.command(GROUP, hung, "/cuatoi")
    assert DEEP_LINK in (await fake.wait_message(GROUP, "chat riêng với tôi")).text
