"""Reminders are always planned, over HTTP: a daily task every working day, a task saved after the send time,
a yearly task that rolls to next year. The clock is the harness's manual clock; nothing sleeps."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from fakebot import FakeTelegram
from harness import Harness
from test_e2e_loop import ADMIN, GROUP, onboard

from bot.clock import VN_TZ


def dispatch(number: str, issued: date, *items: str) -> str:
    """A short dispatch of UBND tỉnh An Phú to Sở Y tế with these numbered items."""
    body = "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))
    return (f"ỦY BAN NHÂN DÂN\nTỈNH AN PHÚ\nSố: {number}\nV/v triển khai nhiệm vụ\n"
            f"An Phú, ngày {issued.day:02d} tháng {issued.month} năm {issued.year}\n\n"
            f"Kính gửi:\n- Sở Y tế.\n\nChủ tịch UBND tỉnh yêu cầu:\n{body}\n./.\n"
            "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An\n")


def at(d: date, hh: int = 8, mm: int = 0, ss: int = 0) -> datetime:
    return datetime.combine(d, time(hh, mm, ss), tzinfo=VN_TZ)


async def paste_and_save(bot: Harness, fake: FakeTelegram, text: str) -> str:
    """Paste a dispatch, wait for its card, press Lưu tất cả; the text of the card as it was shown."""
    admin = fake.state.users[ADMIN]
    before = max((m.message_id for m in fake.bot_messages(GROUP)), default=0)
    fake.send_text(GROUP, admin, text)
    await bot.flush()
    card = await fake.wait_message(GROUP, "Lưu tất cả", after=before)
    shown = card.text
    await bot.press(card, admin, "Lưu tất cả")
    await fake.wait_message(GROUP, "Đã lưu", after=before)
    return shown


async def digest_at(bot: Harness, fake: FakeTelegram, when: datetime) -> str:
    """Run the tick at `when`; the text of what the bot sent the group (empty when nothing)."""
    before = len(fake.bot_messages(GROUP))
    await bot.tick(when)
    return "\n".join(m.text for m in fake.bot_messages(GROUP)[before:])


async def test_a_daily_task_is_reminded_on_two_consecutive_working_days(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    issued = date(2026, 3, 2)  # a Monday; the clock stands at 09:00 that day
    card = await paste_and_save(bot, fake, dispatch(
        "31/UBND-VX", issued, "Sở Y tế báo cáo tình hình dịch bệnh hằng ngày, trước 16 giờ về UBND tỉnh."))
    assert "hằng ngày, trước 16:00" in card and "daily" not in card
    assert "kỳ tới: Thứ Ba, 03/03/2026" in card

    reminded: dict[date, str] = {}
    for n in range(1, 8):  # Tuesday 3/3 to Monday 9/3, as the ticks of a day would run
        day = issued + timedelta(days=n)
        assert await digest_at(bot, fake, at(day, 0, 0, 5)) == "", "rolling over says nothing"
        assert await digest_at(bot, fake, at(day, 7, 59)) == "", "nothing before the send time"
        sent = await digest_at(bot, fake, at(day, 8, 0, 5))
        assert await digest_at(bot, fake, at(day, 17, 0)) == "", "one digest a day"
        if sent:
            reminded[day] = sent
    assert sorted(reminded) == [date(2026, 3, d) for d in (3, 4, 5, 6, 9)], "every working day, no weekend"
    for day, sent in reminded.items():
        assert "Sở Y tế báo cáo tình hình dịch bệnh" in sent and f"{day:%d/%m/%Y}" in sent
        assert "hôm nay là hạn chót" in sent and "quá hạn" not in sent, "a recurring task rolls, never overdue"


async def test_a_task_saved_after_the_send_time_is_reminded_at_once(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    bot.clock.set(at(date(2026, 3, 3), 15, 0))  # Tuesday 15:00, long after the 08:00 digest
    await paste_and_save(bot, fake, dispatch(
        "40/UBND-VX", date(2026, 3, 3),
        "Giao Sở Y tế rà soát danh sách cơ sở khám chữa bệnh, báo cáo trước ngày 04/3/2026.",
        "Giao Sở Y tế kiểm tra kho thuốc dự phòng, hoàn thành trước ngày 03/3/2026."))
    sent = await digest_at(bot, fake, at(date(2026, 3, 3), 15, 0, 30))
    assert "rà soát danh sách cơ sở" in sent and "còn 1 ngày làm việc" in sent, "the day-before reminder, today"
    assert "kiểm tra kho thuốc" in sent and "hôm nay là hạn chót" in sent, "due today: reminded today"
    assert await digest_at(bot, fake, at(date(2026, 3, 3), 16, 0)) == "", "and only once"
    wednesday = await digest_at(bot, fake, at(date(2026, 3, 4), 8, 0, 5))
    assert "rà soát danh sách cơ sở" in wednesday and "hôm nay là hạn chót" in wednesday
    assert "kiểm tra kho thuốc" in wednesday and "quá hạn 1 ngày" in wednesday


async def test_a_yearly_task_is_reminded_and_rolls_to_next_year(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    card = await paste_and_save(bot, fake, dispatch(
        "52/UBND-VX", date(2026, 3, 2), "Sở Y tế tổng kết công tác y tế dự phòng trước ngày 15/12 hằng năm."))
    assert "hằng năm, trước ngày 15/12" in card and "kỳ tới: Thứ Ba, 15/12/2026" in card
    due = await digest_at(bot, fake, at(date(2026, 12, 15), 8, 0, 5))
    assert "tổng kết công tác y tế dự phòng" in due and "hôm nay là hạn chót" in due
    assert await digest_at(bot, fake, at(date(2026, 12, 16), 0, 0, 5)) == "", "rolling over says nothing"
    assert await digest_at(bot, fake, at(date(2026, 12, 16), 8, 0, 5)) == "", "never overdue"
    fake.command(GROUP, fake.state.users[ADMIN], "/viec")
    listing = await fake.wait_message(GROUP, "tổng kết công tác y tế dự phòng",
                                      after=fake.bot_messages(GROUP)[-1].message_id)
    assert "15/12/2027" in listing.text, "the next occurrence is next year's"
    ahead = at(date(2027, 12, 6), 8, 0, 5)  # 7 working days before Wednesday 15/12/2027
    assert await digest_at(bot, fake, ahead - timedelta(days=3)) == ""
    sent = await digest_at(bot, fake, ahead)
    assert "tổng kết công tác y tế dự phòng" in sent and "còn 7 ngày làm việc" in sent
