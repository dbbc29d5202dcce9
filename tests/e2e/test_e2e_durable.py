"""A card lives in the database: it survives a restart, works on another instance, and its buttons name tasks."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from dispatches import FIVE
from fakebot import FakeTelegram, Message
from harness import Harness, bot_settings
from instances import WebhookHarness
from test_e2e_loop import ADMIN, GROUP, onboard

from bot.clock import ManualClock

MEMBER = 12
TEXTS = {1: "danh mục thuốc", 2: "an toàn thực phẩm", 3: "tiêm chủng", 4: "sức khỏe học đường", 5: "dịch bệnh"}


async def card_for(bot: Harness, fake: FakeTelegram, text: str = FIVE) -> Message:
    fake.send_text(GROUP, fake.state.users[ADMIN], text)
    await bot.flush()
    return await fake.wait_message(GROUP, "Lưu tất cả")


async def listing(bot: Harness, fake: FakeTelegram) -> str:
    last = fake.bot_messages(GROUP)[-1].message_id
    fake.command(GROUP, fake.state.users[ADMIN], "/tasks")
    return (await fake.wait_message(GROUP, "Việc đang mở", after=last)).text


async def test_a_card_shown_before_a_restart_is_saved_after_it(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    card = await card_for(bot, fake)
    await bot.press(card, admin, "Bỏ việc 5")
    await bot.restart()
    await bot.press(card, admin, "Lưu tất cả")
    assert "Đã lưu 4 việc" in card.text
    tasks = await listing(bot, fake)
    assert "(4)" in tasks and TEXTS[5] not in tasks


async def test_a_double_tap_on_drop_removes_one_task(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    card = await card_for(bot, fake)
    data = card.button("Bỏ việc 2")
    first, second = fake.press(card, admin, data), fake.press(card, admin, data)  # both on the old keyboard
    await fake.wait_for(lambda: {first, second} <= {p.get("callback_query_id")
                                                    for p in fake.calls("answerCallbackQuery")})
    await bot.settle()
    assert "Việc của <b>Sở Y tế</b>: 4 (đã bỏ 1)" in card.text
    assert "Lấy lại việc 2" in " ".join(label for label, _ in card.buttons())
    await bot.press(card, admin, "Lưu tất cả")
    tasks = await listing(bot, fake)
    assert "(4)" in tasks and TEXTS[2] not in tasks
    assert all(TEXTS[n] in tasks for n in (1, 3, 4, 5)), "task 3 was not dropped in place of task 2"


async def test_a_dropped_task_can_be_restored_until_the_card_is_saved(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    card = await card_for(bot, fake)
    await bot.press(card, admin, "Bỏ việc 4")
    await bot.press(card, admin, "Lấy lại việc 4")
    assert "Việc của <b>Sở Y tế</b>: 5" in card.text and "đã bỏ" not in card.text
    save = card.button("Lưu tất cả")
    await bot.press(card, admin, "Lưu tất cả")
    assert "Đã lưu 5 việc" in card.text
    fake.press(card, admin, save)  # a late second press on the same card
    await fake.wait_message(GROUP, "Thẻ này đã được lưu rồi")
    assert "(5)" in await listing(bot, fake)


async def test_a_deadline_typed_while_a_colleague_drops_tasks_lands_on_the_intended_task(
        bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin, member = fake.state.users[ADMIN], fake.user(MEMBER, "Minh")
    card = await card_for(bot, fake)
    await bot.press(card, admin, "Sửa hạn 3")
    prompt = await fake.wait_message(GROUP, "Nhập hạn mới cho việc 3")
    assert 'href="tg://user?id=11"' in prompt.text, "the question names the person who pressed"
    await bot.press(card, member, "Bỏ việc 1")
    await bot.press(card, member, "Bỏ việc 2")
    fake.send_text(GROUP, admin, "25/12")
    done = await fake.wait_message(GROUP, "Hạn mới của việc 3", after=prompt.message_id)
    assert "25/12/2026" in done.text
    await bot.settle()
    block = card.text.split("<b>3.</b>", 1)[1].split("<b>4.</b>", 1)[0]
    assert TEXTS[3] in block and "25/12/2026" in block
    await bot.press(card, admin, "Lưu tất cả")
    tasks = await listing(bot, fake)
    line = next(chunk for chunk in tasks.split("<b>#") if TEXTS[3] in chunk)
    assert "25/12/2026" in line and "(3)" in tasks


@pytest.fixture
async def two(fake: FakeTelegram, clock: ManualClock, database_url: str) -> AsyncIterator[list[WebhookHarness]]:
    settings = bot_settings(fake, database_url)
    instances = [WebhookHarness(fake, clock, settings), WebhookHarness(fake, clock, settings)]
    for instance in instances:
        await instance.start()
    yield instances
    for instance in instances:
        await instance.stop()


async def test_a_card_shown_by_one_instance_is_saved_through_another(two: list[WebhookHarness],
                                                                     fake: FakeTelegram) -> None:
    one, other = two
    fake.group(GROUP, "Văn phòng Sở Y tế", admins=(ADMIN,))
    admin = fake.user(ADMIN, "Lan", "lan")
    fake.command(GROUP, admin, "/agency Sở Y tế")
    await one.deliver()
    fake.send_text(GROUP, admin, FIVE)
    await one.deliver()
    await one.flush()
    card = await fake.wait_message(GROUP, "Lưu tất cả")
    fake.press(card, admin, card.button("Bỏ việc 1"))
    await other.deliver()
    assert "Việc của <b>Sở Y tế</b>: 4 (đã bỏ 1)" in card.text
    save = card.button("Lưu tất cả")
    fake.press(card, admin, save)
    await other.deliver()
    assert "Đã lưu 4 việc" in card.text
    fake.press(card, admin, save)  # the same press reaching the first instance late saves nothing more
    await one.deliver()
    await fake.wait_message(GROUP, "Thẻ này đã được lưu rồi")
    fake.command(GROUP, admin, "/tasks")
    await one.deliver()
    tasks = await fake.wait_message(GROUP, "Việc đang mở")
    assert "(4)" in tasks.text and TEXTS[1] not in tasks.text
