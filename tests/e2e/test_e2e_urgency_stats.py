"""/thongke and the weekly summary mark urgent tasks as the card and the digest do, and list them first."""

from __future__ import annotations

from datetime import datetime

from dispatches import FIVE, URGENT
from fakebot import FakeTelegram
from harness import Harness
from test_e2e_loop import GROUP, onboard
from test_e2e_state import command, save_dispatch

from bot.clock import VN_TZ

MARK = "🔥 <b>HỎA TỐC</b>"


async def saved(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    await save_dispatch(bot, fake, FIVE)  # #1..#5; #5 due 04/03
    await save_dispatch(bot, fake, URGENT)  # #6 due 02/03 16:00, #7 due 04/03, both Hỏa tốc


async def test_stats_mark_urgent_tasks_and_list_them_first(bot: Harness, fake: FakeTelegram) -> None:
    await saved(bot, fake)
    bot.clock.set(datetime(2026, 3, 12, 9, 0, tzinfo=VN_TZ))
    stats = await command(bot, fake, "/thongke", "Thống kê")
    overdue = stats.split("Quá hạn", 1)[1]
    assert f"#7</b> · {MARK}" in overdue and f"#6</b> · {MARK}" in overdue
    assert "#5</b> quá" in overdue, "an ordinary task has no mark"
    assert overdue.index("#7</b>") < overdue.index("#5</b>"), "as overdue as #5, but urgent: first"


async def test_the_weekly_summary_marks_urgent_tasks(bot: Harness, fake: FakeTelegram) -> None:
    await saved(bot, fake)
    assert await bot.weekly(datetime(2026, 3, 9, 8, 0, 20, tzinfo=VN_TZ)) == 1
    summary = await fake.wait_message(GROUP, "Tổng hợp tuần")
    assert f"#7</b> · {MARK}" in summary.text and "#5</b> quá" in summary.text
    assert summary.text.index("#7</b>") < summary.text.index("#5</b>")
