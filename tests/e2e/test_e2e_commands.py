"""Commands people can find: the menu, /trogiup, unknown commands, replies to a card, /xong 3 4, /xoa, /hoantac."""

from __future__ import annotations

from datetime import datetime

from dispatches import FIVE, HEALTH
from fakebot import FakeTelegram
from harness import Harness
from test_e2e_loop import ADMIN, GROUP, onboard
from test_e2e_state import command, save_dispatch

from bot.clock import VN_TZ
from handlers import texts

MEMBER = 12
REMINDER_DAY = datetime(2026, 3, 3, 8, 0, 10, tzinfo=VN_TZ)  # task #5 (due 04/03) is reminded 1 day before


async def test_menu_is_vietnamese_first_with_admin_commands_for_admins_only(bot: Harness, fake: FakeTelegram) -> None:
    everyone = [c["command"] for c in fake.state.menus["default"]]
    admins = [c["command"] for c in fake.state.menus["all_chat_administrators"]]
    private = [c["command"] for c in fake.state.menus["all_private_chats"]]
    assert everyone[:3] == ["viec", "tinhhinh", "xong"]
    assert everyone.index("tasks") > everyone.index("start"), "English names come after every Vietnamese one"
    assert "xoa" not in everyone and "donvi" not in everyone and "delete" not in everyone
    assert {"xoa", "donvi", "delete", "agency"} <= set(admins) and set(admins) == set(private)
    assert all(c["description"] for c in fake.state.menus["default"])
    assert "Như /viec" in {c["description"] for c in fake.state.menus["default"] if c["command"] == "tasks"}


async def test_help_lists_every_name_of_every_command(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    shown = await command(bot, fake, "/trogiup", "Cách dùng Đôn đốc")
    for name in ("viec", "tasks", "xong", "done", "han", "deadline", "giao", "assign", "tinhhinh", "status",
                 "caidat", "settings", "trogiup", "help", "xoa", "delete", "donvi", "agency", "hoantac", "undo"):
        assert f"/{name}" in shown, name


async def test_unknown_commands_get_an_answer_and_other_bots_commands_do_not(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    reply = await command(bot, fake, "/xongg 1", "Tôi không có lệnh")
    assert "/xongg" in reply and "Có phải /xong?" in reply and "/trogiup" in reply
    reply = await command(bot, fake, "/baocaoo", "Tôi không có lệnh")
    before = len(fake.bot_messages(GROUP))
    fake.command(GROUP, fake.state.users[ADMIN], "/weather@other_bot")
    fake.command(GROUP, fake.state.users[ADMIN], "/start@other_bot")
    await bot.settle()
    assert len(fake.bot_messages(GROUP)) == before, "a command for another bot is not ours to answer"
    await command(bot, fake, f"/zzz@{fake.state.bot_username}", "Tôi không có lệnh /zzz")


async def test_a_reply_to_an_open_card_is_answered_with_what_the_buttons_do(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    fake.send_text(GROUP, admin, HEALTH)
    await bot.flush()
    card = await fake.wait_message(GROUP, "Lưu tất cả")
    fake.send_text(GROUP, admin, "Lưu", reply_to=card.message_id)
    hint = await fake.wait_message(GROUP, "bấm", after=card.message_id)
    assert "Lưu tất cả" in hint.text
    assert "Đã lưu" not in card.text, "a typed word does not save the card by itself"


async def test_done_with_several_numbers_closes_each(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    await save_dispatch(bot, fake, FIVE)
    reply = await command(bot, fake, "/xong 3 4", "đã xong")
    assert "Việc #3 đã xong" in reply and "Việc #4 đã xong" in reply
    reply = await command(bot, fake, "/done 1,2 9", "đã xong")
    assert "#1 đã xong" in reply and "#2 đã xong" in reply and "Không có việc số 9" in reply
    listing = await command(bot, fake, "/viec", "Việc đang mở")
    assert "(1)" in listing and "#5" in listing
    assert "Cách dùng" in await command(bot, fake, "/xong 3 abc", "Cách dùng")


async def test_delete_asks_first_keep_keeps_and_undo_restores_with_its_reminders(bot: Harness,
                                                                                fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    member = fake.user(MEMBER, "Minh")
    await save_dispatch(bot, fake, FIVE)
    fake.command(GROUP, member, "/xoa 5")
    await fake.wait_message(GROUP, "Chỉ quản trị viên")
    fake.command(GROUP, fake.state.users[ADMIN], "/xoa 5")
    ask = await fake.wait_message(GROUP, "Xóa việc #5?")
    assert "báo cáo tình hình dịch bệnh" in ask.text
    await bot.press(ask, fake.state.users[ADMIN], "Giữ lại")
    assert "Đã giữ lại việc #5" in ask.text and ask.buttons() == []
    assert "#5" in await command(bot, fake, "/viec", "Việc đang mở")

    fake.command(GROUP, fake.state.users[ADMIN], "/xoa 5")
    ask = await fake.wait_message(GROUP, "Xóa việc #5?", after=ask.message_id)
    await bot.press(ask, member, "Xóa việc #5")
    assert "Xóa việc #5?" in ask.text, "a member's press deletes nothing"
    await bot.press(ask, fake.state.users[ADMIN], "Xóa việc #5")
    assert "Đã xóa việc #5" in ask.text and "/hoantac 5" in ask.text
    listing = await command(bot, fake, "/viec", "Việc đang mở")
    assert "(4)" in listing and "#5" not in listing
    await bot.tick(REMINDER_DAY)
    digest = await fake.wait_message(GROUP, "Nhắc việc")
    assert "#2" in digest.text and "#5" not in digest.text, "a deleted task is not reminded"

    restored = await command(bot, fake, "/hoantac 5", "khôi phục")
    assert texts.RESTORED.format(label="#5") == restored
    assert "(5)" in await command(bot, fake, "/viec", "Việc đang mở")
    await bot.tick(REMINDER_DAY.replace(day=4))
    digest = await fake.wait_message(GROUP, "Nhắc việc", after=digest.message_id)
    assert "#5" in digest.text and "hôm nay là hạn chót" in digest.text, "the restored task is reminded again"
    assert "đang mở" in await command(bot, fake, "/undo 5", "đang mở")


async def test_undo_of_a_task_deleted_after_done_brings_it_back_done(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    await save_dispatch(bot, fake, FIVE)
    await command(bot, fake, "/xong 1", "đã xong")
    fake.command(GROUP, admin, "/delete 1")
    ask = await fake.wait_message(GROUP, "Xóa việc #1?")
    await bot.press(ask, admin, "Xóa việc #1")
    assert "Không có việc số 1" in await command(bot, fake, "/xong 1", "Không có việc")
    await command(bot, fake, "/undo 1", "khôi phục")
    done = await command(bot, fake, "/viec xong", "Việc đã xong")
    assert "#1" in done
