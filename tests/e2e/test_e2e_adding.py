"""The safety net for extraction: /them adds a task by hand, and «➕ Thêm việc» adds one to a card."""

from __future__ import annotations

from datetime import datetime

from dispatches import FIVE
from fakebot import FakeTelegram
from harness import Harness
from test_e2e_loop import ADMIN, GROUP, onboard
from test_e2e_prompt import typed
from test_e2e_state import command

from bot.clock import VN_TZ

MEMBER = 12


async def test_a_task_added_by_hand_is_counted_and_reminded(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    reply = await command(bot, fake, "/them Gửi báo cáo sơ kết công tác tiêm chủng, hạn 06/03", "Đã thêm việc")
    assert "#1" in reply and "Gửi báo cáo sơ kết công tác tiêm chủng" in reply and "06/03/2026" in reply
    assert "hạn 06/03" not in reply.split("⏰")[0], "the deadline words are not part of the task"
    status = await command(bot, fake, "/tinhhinh", "Tình hình")
    assert "Chưa hoàn thành, trong hạn: <b>1</b>" in status
    await bot.tick(datetime(2026, 3, 5, 8, 0, 10, tzinfo=VN_TZ))  # one working day before
    digest = await fake.wait_message(GROUP, "Nhắc việc")
    assert "#1</b> Gửi báo cáo sơ kết công tác tiêm chủng" in digest.text and "còn 1 ngày làm việc" in digest.text
    await bot.press(digest, fake.state.users[ADMIN], "Xong #1")
    status = await command(bot, fake, "/status", "Tình hình")
    assert "Hoàn thành đúng hạn: <b>1</b>" in status


async def test_add_reads_deadlines_as_people_type_them_and_says_what_it_could_not(bot: Harness,
                                                                                 fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    member = fake.user(MEMBER, "Minh")
    fake.command(GROUP, member, "/add Rà soát hồ sơ đề nghị gia hạn giấy phép")
    undated = await fake.wait_message(GROUP, "Đã thêm việc #1")
    assert "gia hạn giấy phép" in undated.text and "chưa có hạn" in undated.text and "/han 1" in undated.text
    copied = await command(bot, fake, "/them Báo cáo kết quả về UBND tỉnh trước ngày 20/3/2026", "Đã thêm việc #2")
    assert "trước ngày 20/3/2026" in copied and "20/03/2026" in copied, "a dispatch's own wording dates it too"
    assert "Tôi không hiểu ngày «31/02»" in await command(bot, fake, "/them Nộp hồ sơ hạn 31/02", "không hiểu")
    assert "Cách dùng" in await command(bot, fake, "/them", "Cách dùng")
    listing = await command(bot, fake, "/viec", "Việc đang mở")
    assert "(2)" in listing and "Nộp hồ sơ" not in listing


async def test_the_card_button_adds_a_task_saved_with_its_dispatch(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    fake.send_text(GROUP, admin, FIVE)
    await bot.flush()
    card = await fake.wait_message(GROUP, "Lưu tất cả")
    await bot.press(card, admin, "Thêm việc")
    question = await fake.wait_message(GROUP, "Nhập việc cần thêm")
    assert 'href="tg://user?id=11"' in question.text, "the person who pressed is asked by name"
    member = fake.user(MEMBER, "Minh")
    assert not any("Đã thêm" in r for r in await typed(bot, fake, MEMBER, "ok")), "only the presser answers"
    replies = await typed(bot, fake, ADMIN, "Kiểm tra kho vắc xin tuyến huyện hạn 12/3/2026")
    assert any("Đã thêm việc 6 vào thẻ" in r for r in replies)
    assert question.buttons() == [], "the question is over"
    assert "<b>6.</b> Kiểm tra kho vắc xin tuyến huyện" in card.text and "12/03/2026" in card.text
    assert "💾 Lưu tất cả (6 việc)" in [label for label, _ in card.buttons()]
    await bot.press(card, member, "Lưu tất cả")
    assert "Đã lưu 6 việc" in card.text and "#6" in card.text
    await bot.tick(datetime(2026, 3, 11, 8, 0, 10, tzinfo=VN_TZ))
    digest = await fake.wait_message(GROUP, "Nhắc việc")
    block = digest.text.split("#6</b>", 1)[1].split("\n\n", 1)[0]
    assert "Kiểm tra kho vắc xin" in block and "Văn bản số 456/UBND-KGVX" in block, "saved with its dispatch"


async def test_leaving_the_add_question_keeps_the_card(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    fake.send_text(GROUP, admin, FIVE)
    await bot.flush()
    card = await fake.wait_message(GROUP, "Lưu tất cả")
    before = card.text
    await bot.press(card, admin, "Thêm việc")
    await fake.wait_message(GROUP, "Nhập việc cần thêm")
    fake.command(GROUP, admin, "/huy")
    await fake.wait_message(GROUP, "Đã thôi thêm việc")
    assert not any("Đã thêm" in r for r in await typed(bot, fake, ADMIN, "Kiểm tra kho hạn 12/3"))
    assert card.text == before
    await bot.press(card, admin, "Thêm việc")
    assert any("không hiểu ngày" in r for r in await typed(bot, fake, ADMIN, "Kiểm tra kho hạn 31/02"))
    assert any("Đã thôi thêm việc" in r for r in await typed(bot, fake, ADMIN, "thôi"))
    add = card.button("Thêm việc")
    await bot.press(card, admin, "Hủy")
    fake.press(card, admin, add)  # an old copy of the card still shows the button
    await fake.wait_message(GROUP, "Thẻ này đã hủy")
