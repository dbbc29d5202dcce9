"""The date prompt cannot trap anyone: it is one person's, it ends on hủy, /huy, a button, a command or time."""

from __future__ import annotations

from datetime import timedelta

from dispatches import FIVE, HEALTH
from fakebot import FakeTelegram, Message
from harness import Harness
from test_e2e_loop import ADMIN, GROUP, onboard

MEMBER = 12


async def asked(bot: Harness, fake: FakeTelegram, label: str = "Sửa hạn 3") -> tuple[Message, Message]:
    """A card, and the question after its admin pressed a «Sửa hạn» button."""
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    fake.send_text(GROUP, admin, FIVE)
    await bot.flush()
    card = await fake.wait_message(GROUP, "Lưu tất cả")
    await bot.press(card, admin, label)
    return card, await fake.wait_message(GROUP, "Nhập hạn mới cho việc")


async def typed(bot: Harness, fake: FakeTelegram, user_id: int, text: str) -> list[str]:
    """What the bot answers to a text (after the gather window, as a dispatch would be)."""
    last = fake.bot_messages(GROUP)[-1].message_id
    fake.send_text(GROUP, fake.state.users[user_id], text)
    await bot.flush()
    await bot.settle()
    return [m.text for m in fake.bot_messages(GROUP) if m.message_id > last]


async def still_asking(bot: Harness, fake: FakeTelegram) -> bool:
    """Whether the admin's next "25/12" is still taken as the deadline."""
    return any("Hạn mới của việc" in r for r in await typed(bot, fake, ADMIN, "25/12"))


async def test_a_dispatch_pasted_at_the_prompt_gets_its_own_card(bot: Harness, fake: FakeTelegram) -> None:
    card, _ = await asked(bot, fake)
    replies = await typed(bot, fake, ADMIN, HEALTH)
    assert not any("không hiểu ngày" in r for r in replies)
    assert any("123/UBND-VX" in r and "Lưu tất cả" in r for r in
               [m.text for m in fake.bot_messages(GROUP) if m.message_id > card.message_id])
    assert not await still_asking(bot, fake), "the prompt ended when the dispatch came"


async def test_huy_leaves_the_prompt(bot: Harness, fake: FakeTelegram) -> None:
    card, _ = await asked(bot, fake)
    before = card.text
    fake.command(GROUP, fake.state.users[ADMIN], "/huy")
    await fake.wait_message(GROUP, "Đã thôi sửa hạn")
    assert not await still_asking(bot, fake)
    assert card.text == before, "the card kept its deadlines"


async def test_the_words_huy_and_thoi_leave_the_prompt(bot: Harness, fake: FakeTelegram) -> None:
    card, _ = await asked(bot, fake)
    assert any("Đã thôi sửa hạn" in r for r in await typed(bot, fake, ADMIN, "Hủy"))
    assert not await still_asking(bot, fake)
    await bot.press(card, fake.state.users[ADMIN], "Sửa hạn 2")
    assert any("Đã thôi sửa hạn" in r for r in await typed(bot, fake, ADMIN, "thôi."))
    assert not await still_asking(bot, fake)


async def test_the_huy_button_is_for_the_person_asked(bot: Harness, fake: FakeTelegram) -> None:
    _, question = await asked(bot, fake)
    member = fake.user(MEMBER, "Minh")
    await bot.press(question, member, "Hủy")
    await fake.wait_message(GROUP, "không dành cho bạn")
    assert question.buttons(), "someone else's press leaves the question open"
    await bot.press(question, fake.state.users[ADMIN], "Hủy")
    await fake.wait_message(GROUP, "Đã thôi sửa hạn")
    assert question.buttons() == [], "the button goes once the question is over"
    assert not await still_asking(bot, fake)


async def test_any_command_leaves_the_prompt(bot: Harness, fake: FakeTelegram) -> None:
    await asked(bot, fake)
    fake.command(GROUP, fake.state.users[ADMIN], "/viec")
    await fake.wait_message(GROUP, "Không có việc nào")
    assert not await still_asking(bot, fake)


async def test_the_prompt_ends_after_ten_minutes(bot: Harness, fake: FakeTelegram) -> None:
    await asked(bot, fake)
    bot.clock.advance(timedelta(minutes=10, seconds=1))
    assert not await still_asking(bot, fake)


async def test_only_the_person_asked_answers_and_a_restart_keeps_the_question(bot: Harness,
                                                                              fake: FakeTelegram) -> None:
    card, _ = await asked(bot, fake)
    fake.user(MEMBER, "Minh")
    assert not any("Hạn mới" in r for r in await typed(bot, fake, MEMBER, "30/12"))
    bot.clock.advance(timedelta(minutes=9))
    await bot.restart()
    assert await still_asking(bot, fake)
    assert "25/12/2026" in card.text.split("<b>3.</b>", 1)[1].split("<b>4.</b>", 1)[0]
    assert not await still_asking(bot, fake), "answered once, the question is over"
