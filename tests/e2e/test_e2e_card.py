"""The confirmation card's buttons, hostile text, very long dispatches, and a real dev dispatch in 4 parts."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from dispatches import FIVE, HEALTH, NASTY, parts
from fakebot import FakeTelegram, parse_html
from harness import Harness
from test_e2e_loop import ADMIN, GROUP, onboard
from test_e2e_recurring import dispatch

from bot.clock import VN_TZ


async def card_for(bot: Harness, fake: FakeTelegram, text: str) -> object:
    fake.send_text(GROUP, fake.state.users[ADMIN], text)
    await bot.flush()
    return await fake.wait_message(GROUP, "Công văn")


async def test_drop_edit_deadline_show_all_then_save(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    card = await card_for(bot, fake, FIVE)
    assert "Việc của <b>Sở Y tế</b>: 5" in card.text
    await bot.press(card, admin, "Bỏ việc 5")
    assert "Việc của <b>Sở Y tế</b>: 4" in card.text
    await bot.press(card, admin, "Sửa hạn 1")
    prompt = await fake.wait_message(GROUP, "Nhập hạn mới")
    fake.send_text(GROUP, admin, "31/02")
    await fake.wait_message(GROUP, "không hiểu ngày", after=prompt.message_id)
    fake.send_text(GROUP, admin, "25/12")
    await fake.wait_message(GROUP, "Hạn mới của việc 1", after=prompt.message_id)
    await bot.settle()
    assert "Thứ Sáu, 25/12/2026" in card.text
    await bot.press(card, admin, "Mọi đơn vị")
    assert "Tất cả nhiệm vụ trong công văn" in card.text
    await bot.press(card, admin, "Lưu tất cả")
    assert "Đã lưu 4 việc" in card.text
    assert card.buttons() == [], "a saved card has no buttons left"
    fake.command(GROUP, admin, "/tasks")
    listing = await fake.wait_message(GROUP, "Việc đang mở")
    assert "(4)" in listing.text and "25/12/2026" in listing.text


async def test_cancel_saves_nothing_and_old_buttons_expire(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    card = await card_for(bot, fake, HEALTH)
    save_data = card.button("Lưu tất cả")
    await bot.press(card, admin, "Hủy")
    assert "Đã hủy" in card.text
    fake.press(card, admin, save_data)
    await fake.wait_message(GROUP, "Thẻ này đã hủy, không lưu gì")
    for data in ("cd:zzzzzz:save", "cd:../../:drop:1", "done:abc", "snooze:99999", "extend:-1", "xx", "ag:7"):
        fake.press(card, admin, data)
    await bot.settle()
    assert (await bot.tick(datetime(2026, 3, 11, 8, 1, tzinfo=VN_TZ))).sent == 0
    fake.command(GROUP, admin, "/tasks")
    await fake.wait_message(GROUP, "Không có việc nào")


async def test_hostile_text_and_20000_characters_never_break_telegram_parsing(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    card = await card_for(bot, fake, NASTY)
    parse_html(card.text)
    await bot.press(card, admin, "Mọi đơn vị")
    await bot.press(card, admin, "Lưu tất cả")
    long_task = "1. Giao Sở Y tế chủ trì " + " ".join(["<kiểm tra> & *rà soát* _hồ sơ_"] * 700) + \
        " trước ngày 20/3/2026."
    huge = NASTY.replace("./.", "").replace("77/UBND", "78/UBND") + "\n" + "\n".join(
        f"{n}. Giao Sở Y tế chủ trì việc số {n} <&> *_* trước ngày 2{n % 8}/3/2026." for n in range(2, 200))
    huge = (huge + "\n" + long_task)[:20000]
    assert len(huge) == 20000
    for chunk in parts(huge, 5):
        fake.send_text(GROUP, admin, chunk)
    await bot.flush()
    big = await fake.wait_message(GROUP, "Lưu tất cả")
    assert len(parse_html(big.text)) <= 4096
    await bot.press(big, admin, "Lưu tất cả")
    for day in (11, 17, 20, 23, 24):
        await bot.tick(datetime(2026, 3, day, 8, 0, 30, tzinfo=VN_TZ))
    fake.command(GROUP, admin, "/tasks all")
    fake.command(GROUP, admin, "/status")
    await bot.settle()
    assert fake.format_errors() == []
    assert all(len(parse_html(m.text)) <= 4096 for m in fake.bot_messages(GROUP) if m.text)


async def test_dev_dispatch_in_four_parts_gives_one_card(bot: Harness, fake: FakeTelegram, dev_dispatches) -> None:
    path = dev_dispatches / "seed003.txt"
    if not path.exists():
        pytest.skip("seed003 not in the dev corpus")
    text = path.read_text(encoding="utf-8").split("\n", 2)[-1]  # drop the '#source:' line
    chunks = parts(text, 4)
    assert len(chunks) == 4 and all(len(c) <= 4096 for c in chunks)
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    for chunk in chunks:
        fake.send_text(GROUP, admin, chunk)
    await bot.flush()
    await fake.wait_message(GROUP, "Công văn")
    cards = [m for m in fake.bot_messages(GROUP) if m.text.startswith("📄")]
    assert len(cards) == 1


async def test_a_long_card_has_pages_and_a_button_for_every_task(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    jobs = [f"Giao Sở Y tế kiểm tra cơ sở số {n} về an toàn thực phẩm dịp cuối năm, báo cáo trước ngày "
            f"{n}/4/2026." for n in range(1, 28)]
    card = await card_for(bot, fake, dispatch("61/UBND-VX", date(2026, 3, 2), *jobs))
    assert "Việc của <b>Sở Y tế</b>: 27" in card.text
    seen_tasks: set[str] = set()
    pages = 0
    while True:
        pages += 1
        assert len(parse_html(card.text)) <= 4096 and "mục khác" not in card.text, "a page shows all it lists"
        labels = [label for label, _ in card.buttons()]
        shown = {n for n in range(1, 28) if f"kiểm tra cơ sở số {n} " in card.text}
        assert {f"✖ Bỏ việc {n}" for n in shown} <= set(labels) and {f"📅 Sửa hạn {n}" for n in shown} <= set(labels)
        seen_tasks |= {label.removeprefix("✖ Bỏ việc ") for label in labels if label.startswith("✖ Bỏ việc")}
        if not any("Trang sau" in label for label in labels):
            break
        await bot.press(card, admin, "Trang sau")
    assert pages > 1 and seen_tasks == {str(n) for n in range(1, 28)}, "every task has its buttons on some page"
    assert fake.format_errors() == []
    await bot.press(card, admin, "Bỏ việc 27")
    await bot.press(card, admin, "Lưu tất cả")
    assert "Đã lưu 26 việc" in card.text


async def test_a_dispatch_whose_deadlines_have_all_passed_says_so_before_and_after_saving(
        bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)  # the clock: Monday 2 March 2026
    admin = fake.state.users[ADMIN]
    card = await card_for(bot, fake, dispatch(
        "12/UBND-VX", date(2020, 11, 5),
        "Giao Sở Y tế rà soát trang thiết bị, báo cáo trước ngày 20/11/2020.",
        "Giao Sở Y tế tổng hợp nhu cầu vắc xin, hoàn thành trước ngày 30/11/2020."))
    assert "Mọi hạn trong công văn này đã qua" in card.text
    assert card.text.count("hạn đã qua") >= 2 and "hạn đã qua 1928 ngày" in card.text
    await bot.press(card, admin, "Lưu tất cả")
    assert "Đã lưu 2 việc" in card.text and "Mọi hạn trong công văn này đã qua" in card.text
    assert "/han" in card.text, "and how to change them"


async def test_a_task_without_a_date_the_bot_can_remind_is_pointed_out(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    card = await card_for(bot, fake, dispatch(
        "70/UBND-VX", date(2026, 3, 2),
        "Giao Sở Y tế tổ chức trực cấp cứu dịp Tết.",
        "Giao Sở Y tế báo cáo kết quả công tác y tế hằng năm.",
        "Giao Sở Y tế kiểm tra an toàn thực phẩm, báo cáo trước ngày 20/3/2026."))
    assert "chưa rõ hạn: dịp Tết — hãy sửa hạn" in card.text
    assert "hằng năm — chưa rõ ngày, hãy sửa hạn" in card.text and "trước ngày /" not in card.text
    assert "2 việc chưa rõ hạn, bot sẽ không nhắc" in card.text
    assert card.text.count("bot chưa nhắc được việc này") == 2 and "Mọi hạn" not in card.text
    await bot.press(card, admin, "Sửa hạn 1")
    prompt = await fake.wait_message(GROUP, "Nhập hạn mới")
    fake.send_text(GROUP, admin, "16/02/2027")
    await fake.wait_message(GROUP, "Hạn mới của việc 1", after=prompt.message_id)
    await bot.settle()
    assert "1 việc chưa rõ hạn" in card.text and card.text.count("bot chưa nhắc được việc này") == 1
    await bot.press(card, admin, "Lưu tất cả")
    assert "Đã lưu 3 việc" in card.text and "1 việc chưa rõ hạn" in card.text and "/han 2 25/12" in card.text
