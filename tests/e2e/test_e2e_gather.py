"""Parts are gathered by dispatch: headers and forward origins split, pauses of 20 s join, 27 parts are one card.

The gather sweep runs on the injected clock (Harness.sweep), never on real time.
"""

from __future__ import annotations

from datetime import timedelta

from dispatches import FIVE, HEALTH, parts
from fakebot import FakeTelegram
from harness import Harness
from test_e2e_loop import ADMIN, GROUP, onboard

HEAD = """ỦY BAN NHÂN DÂN
TỈNH AN PHÚ
Số: 900/UBND-KGVX
V/v triển khai nhiệm vụ năm 2026
An Phú, ngày 02 tháng 3 năm 2026

Kính gửi: Sở Y tế.
"""
FILLER = ", ".join(["bảo đảm đúng quy trình, đúng thời gian, có báo cáo kết quả cụ thể"] * 16)


def telegram_parts(text: str, limit: int = 4096) -> list[str]:
    """A long paste as Telegram sends it: messages of at most `limit` characters, cut between lines."""
    out, current = [], ""
    for line in text.split("\n"):
        if current and len(current) + 1 + len(line) > limit:
            out.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    return [*out, current]


def long_dispatch(n_parts: int) -> tuple[str, int]:
    """A dispatch that Telegram cuts into exactly n_parts messages, and its number of tasks."""
    tasks: list[str] = []
    while True:
        n = len(tasks) + 1
        tasks.append(f"{n}. Giao Sở Y tế chủ trì thực hiện việc số {n}, {FILLER}, hoàn thành trước ngày "
                     f"{1 + n % 28:02d}/{4 + n % 8}/2026.")
        text = HEAD + "\n".join(tasks) + "\n./.\nNơi nhận:\n- Như trên;\n- Lưu: VT."
        if len(telegram_parts(text)) == n_parts:
            return text, n


def cards_in(fake: FakeTelegram) -> list[str]:
    return [m.text for m in fake.bot_messages(GROUP) if m.text.startswith("📄")]


async def test_two_dispatches_forwarded_together_give_two_cards(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    fake.send_text(GROUP, admin, HEALTH, forward_from="Văn thư")
    fake.send_text(GROUP, admin, FIVE, forward_from="Văn thư")  # same origin: the second header splits them
    await bot.flush()
    await bot.settle()
    cards = cards_in(fake)
    assert len(cards) == 2, cards
    assert "123/UBND-VX" in cards[0] and "456/UBND-KGVX" in cards[1]
    assert "Việc của <b>Sở Y tế</b>: 5" in cards[1], "the second dispatch's tasks are all on its card"


async def test_a_dispatch_without_its_header_from_another_sender_is_its_own_card(bot: Harness,
                                                                                  fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin, clerk = fake.state.users[ADMIN], fake.user(13, "Văn thư", "vanthu")
    body = FIVE.split("Kính gửi: Sở Y tế.\n", 1)[1]
    fake.send_text(GROUP, admin, HEALTH, forward_from="Phòng Tổng hợp")
    fake.send_text(GROUP, admin, body, forward_from=clerk)  # a different origin, no header of its own
    await bot.flush()
    await bot.settle()
    cards = cards_in(fake)
    assert len(cards) == 2, cards
    assert "123/UBND-VX" in cards[0] and "123/UBND-VX" not in cards[1]


async def test_a_dispatch_pasted_in_three_parts_20_seconds_apart_is_one_card(bot: Harness,
                                                                             fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    first, second, third = parts(FIVE, 3)
    for part in (first, second):
        fake.send_text(GROUP, admin, part)
        await bot.settle()  # taken in at this moment of the clock
        bot.clock.advance(timedelta(seconds=20))
        assert await bot.sweep() == 0, "a dispatch not yet ended waits for its next part"
    fake.send_text(GROUP, admin, third)  # ends with "./.": read after a short quiet
    await bot.settle()
    bot.clock.advance(timedelta(seconds=5))
    assert await bot.sweep() == 1
    await bot.settle()
    cards = cards_in(fake)
    assert len(cards) == 1, cards
    assert "456/UBND-KGVX" in cards[0] and "Việc của <b>Sở Y tế</b>: 5" in cards[0]


async def test_27_parts_are_one_card_with_every_task(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    text, count = long_dispatch(27)
    chunks = telegram_parts(text)
    assert len(chunks) == 27 and all(len(c) <= 4096 for c in chunks)
    for chunk in chunks:  # all at once, past the chat's burst of 20 messages
        fake.send_text(GROUP, admin, chunk)
    await bot.flush()
    card = await fake.wait_message(GROUP, "Lưu tất cả")
    assert len(cards_in(fake)) == 1
    assert f"Việc của <b>Sở Y tế</b>: {count}" in card.text and "Có thể thiếu" not in card.text
    assert "quá nhiều tin" not in " ".join(m.text for m in fake.bot_messages(GROUP))
    await bot.press(card, admin, "Trang sau")
    assert "<b>9.</b>" in card.text and "Trang 2/" in card.text
    await bot.press(card, admin, "Lưu tất cả")
    assert f"Đã lưu {count} việc" in card.text


async def test_a_part_sent_before_a_restart_is_read_with_the_rest(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    first, second = parts(FIVE, 2)
    fake.send_text(GROUP, admin, first)
    await bot.settle()
    await bot.restart()
    fake.send_text(GROUP, admin, second)
    await bot.settle()
    bot.clock.advance(timedelta(seconds=5))
    assert await bot.sweep() == 1
    await bot.settle()
    cards = cards_in(fake)
    assert len(cards) == 1 and "456/UBND-KGVX" in cards[0] and "Việc của <b>Sở Y tế</b>: 5" in cards[0]
