"""Edited messages, as officials correct a pasted dispatch: the card follows the edit; after saving, the group
is asked before the saved tasks change; an edited command is not run again."""

from __future__ import annotations

from datetime import datetime

from dispatches import HEALTH, parts
from fakebot import FakeTelegram, Message
from harness import Harness
from test_e2e_faults import DUE_7, reminders
from test_e2e_loop import ADMIN, GROUP, onboard

from bot.clock import VN_TZ

OLD_DAY, NEW_DAY = "20/3/2026", "27/3/2026"  # task 1 of HEALTH, Sở Y tế's; moved five working days later
EDITED = HEALTH.replace(OLD_DAY, NEW_DAY)


async def paste(bot: Harness, fake: FakeTelegram, text: str = HEALTH) -> tuple[int, Message]:
    """Paste a dispatch; its message id and the card the bot answers with."""
    message_id = fake.send_text(GROUP, fake.state.users[ADMIN], text)
    await bot.flush()
    return message_id, await fake.wait_message(GROUP, "Lưu tất cả")


async def edit(bot: Harness, fake: FakeTelegram, message_id: int, text: str) -> None:
    fake.edit_text(GROUP, fake.state.users[ADMIN], message_id, text)
    await bot.settle()


def cards(fake: FakeTelegram) -> list[Message]:
    return [m for m in fake.bot_messages(GROUP) if "Công văn số" in m.text and "Việc của" in m.text]


async def listing(bot: Harness, fake: FakeTelegram) -> str:
    last = fake.bot_messages(GROUP)[-1].message_id
    fake.command(GROUP, fake.state.users[ADMIN], "/viec")
    return (await fake.wait_message(GROUP, "Việc đang mở", after=last)).text


async def test_an_edit_before_saving_updates_the_card_and_saving_stores_the_edit(
        bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    message_id, card = await paste(bot, fake)
    assert "20/03/2026" in card.text
    await edit(bot, fake, message_id, EDITED)
    await fake.wait_message(GROUP, "Thẻ đã cập nhật", after=card.message_id)
    assert "27/03/2026" in card.text and "20/03/2026" not in card.text, "the card shows the edited deadline"
    assert cards(fake) == [card], "the edit is the same dispatch: no second card"
    await bot.press(card, fake.state.users[ADMIN], "Lưu tất cả")
    assert "Đã lưu" in card.text and "27/03/2026" in card.text
    tasks = await listing(bot, fake)
    assert "27/03/2026" in tasks and "20/03/2026" not in tasks


async def test_an_edit_keeps_a_deadline_corrected_on_the_card_for_a_task_it_did_not_touch(
        bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    message_id, card = await paste(bot, fake)
    numbers = [label.removeprefix("📅 Sửa hạn ") for label, _ in card.buttons() if "Sửa hạn" in label]
    assert len(numbers) >= 2, card.buttons()
    await bot.press(card, admin, f"Sửa hạn {numbers[-1]}")
    prompt = await fake.wait_message(GROUP, "Nhập hạn mới")
    fake.send_text(GROUP, admin, "15/4/2026")
    await fake.wait_message(GROUP, "Hạn mới", after=prompt.message_id)
    await edit(bot, fake, message_id, EDITED)
    await fake.wait_message(GROUP, "Thẻ đã cập nhật", after=card.message_id)
    assert "27/03/2026" in card.text and "15/04/2026" in card.text


async def test_an_edit_of_one_part_of_a_pasted_dispatch_updates_its_card(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    pieces = parts(HEALTH, 3)
    ids = [fake.send_text(GROUP, admin, piece) for piece in pieces]
    await bot.flush()
    card = await fake.wait_message(GROUP, "Lưu tất cả")
    assert len(cards(fake)) == 1
    edited = next(i for i, piece in zip(ids, pieces, strict=True) if OLD_DAY in piece)
    await edit(bot, fake, edited, pieces[ids.index(edited)].replace(OLD_DAY, NEW_DAY))
    await fake.wait_message(GROUP, "Thẻ đã cập nhật", after=card.message_id)
    assert "27/03/2026" in card.text and "20/03/2026" not in card.text
    assert "Phối hợp" in card.text or "Chung" in card.text, "the other parts are still read"


async def test_an_edit_after_saving_is_offered_and_accepting_moves_the_task_and_its_reminders(
        bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    message_id, card = await paste(bot, fake)
    await bot.press(card, admin, "Lưu tất cả")
    await edit(bot, fake, message_id, EDITED)
    offer = await fake.wait_message(GROUP, "vừa được sửa", after=card.message_id)
    assert "Việc #1" in offer.text and "27/03/2026" in offer.text and "nội dung mới" not in offer.text
    assert "20/03/2026" in (await listing(bot, fake)), "nothing changes before someone agrees"
    update = offer.button("Cập nhật theo bản sửa")
    await bot.press(offer, admin, "Cập nhật theo bản sửa")
    done = await fake.wait_message(GROUP, "Đã cập nhật theo bản sửa", after=offer.message_id)
    assert "#1" in done.text and "27/03/2026" in done.text
    assert offer.buttons() == []
    tasks = await listing(bot, fake)
    assert "27/03/2026" in tasks and "20/03/2026" not in tasks
    await bot.tick(DUE_7)  # seven working days before 20/03: no longer due
    assert not [r for r in reminders(fake) if "#1" in r]
    await bot.tick(datetime(2026, 3, 18, 8, 0, 10, tzinfo=VN_TZ))  # seven working days before 27/03
    assert [r for r in reminders(fake) if "#1" in r and "27/03/2026" in r]
    fake.press(offer, admin, update)  # a late second press, as from a client that still showed the buttons
    await fake.wait_message(GROUP, "đã được xử lý", after=done.message_id)
    assert not [m for m in fake.bot_messages(GROUP) if "Đã cập nhật theo bản sửa" in m.text][1:]


async def test_keeping_after_an_edit_changes_nothing(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    message_id, card = await paste(bot, fake)
    await bot.press(card, admin, "Lưu tất cả")
    await edit(bot, fake, message_id, EDITED)
    offer = await fake.wait_message(GROUP, "vừa được sửa", after=card.message_id)
    await bot.press(offer, admin, "Giữ nguyên")
    await fake.wait_message(GROUP, "Đã giữ nguyên", after=offer.message_id)
    tasks = await listing(bot, fake)
    assert "20/03/2026" in tasks and "27/03/2026" not in tasks


async def test_an_edit_that_changes_no_task_and_an_edited_command_do_nothing(bot: Harness,
                                                                              fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    message_id, card = await paste(bot, fake)
    await bot.press(card, admin, "Lưu tất cả")
    before = len(fake.bot_messages(GROUP))
    await edit(bot, fake, message_id, HEALTH.replace("Nguyễn Văn An", "Nguyễn Văn Ân"))  # the signer's name
    command = fake.command(GROUP, admin, "/xong 1")
    await fake.wait_message(GROUP, "đã xong", after=card.message_id)
    after_done = len(fake.bot_messages(GROUP))
    assert after_done == before + 1, "an edit that moves no task asks nothing"
    await edit(bot, fake, command, "/hoantac 1")
    assert len(fake.bot_messages(GROUP)) == after_done, "an edited command is not run as a new one"
    chat = "Mọi người xem giúp nhé"
    said = fake.send_text(GROUP, admin, chat)
    await edit(bot, fake, said, chat + " ạ")
    assert len(fake.bot_messages(GROUP)) == after_done
    assert not [m for m in fake.bot_messages(GROUP) if "Đã mở lại" in m.text]
