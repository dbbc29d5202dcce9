"""Reports for the giao ban: /baocao sends an Excel file, /thongke answers in the chat, a weekly summary."""

from __future__ import annotations

import io
from datetime import date, datetime

from dispatches import FIVE
from fakebot import FakeTelegram, Message
from harness import Harness
from openpyxl import load_workbook
from test_e2e_loop import ADMIN, GROUP, onboard
from test_e2e_state import command, save_dispatch

from bot.clock import VN_TZ
from reports.xlsx import HEADER_ROW, SUMMARY_SHEET, TASKS_SHEET

DAY_18 = datetime(2026, 3, 18, 9, 0, tzinfo=VN_TZ)
# FIVE's tasks: #1 due 05/03, #2 due 06/03, #3 due 10/03, #4 due 30/03, #5 due 04/03 (saved on 02/03)
EXPECTED = {  # short id -> (state, days overdue, completion date) as of 18/03
    1: ("Hoàn thành đúng hạn", None, date(2026, 3, 2)),
    2: ("Hoàn thành quá hạn", 3, date(2026, 3, 9)),
    3: ("Chưa hoàn thành, quá hạn", 8, None),
    4: ("Chưa hoàn thành, trong hạn", None, None),
    5: ("Chưa hoàn thành, quá hạn", 14, None),
}


def day_of(cell: object) -> date | None:
    """A date cell as openpyxl reads it (a naive datetime at midnight) -> the date."""
    return cell.date() if isinstance(cell, datetime) else None


async def prepared(bot: Harness, fake: FakeTelegram) -> None:
    """FIVE saved on 02/03; #1 done that day (on time), #2 done on 09/03 (3 days late); now 18/03."""
    await onboard(bot, fake)
    await save_dispatch(bot, fake, FIVE)
    await command(bot, fake, "/xong 1", "đã xong")
    bot.clock.set(datetime(2026, 3, 9, 10, 0, tzinfo=VN_TZ))
    await command(bot, fake, "/xong 2", "đã xong")
    bot.clock.set(DAY_18)


async def document(bot: Harness, fake: FakeTelegram, text: str) -> Message:
    before = len(fake.bot_messages(GROUP))
    fake.command(GROUP, fake.state.users[ADMIN], text)
    return await fake.wait_for(lambda: next((m for m in fake.bot_messages(GROUP)[before:] if m.document), None))


async def test_report_of_the_month_has_a_row_per_task_with_state_and_days_overdue(bot: Harness,
                                                                                  fake: FakeTelegram) -> None:
    await prepared(bot, fake)
    sent = await document(bot, fake, "/baocao tháng")
    assert sent.document is not None
    assert "Báo cáo Tháng 03/2026" in sent.text and "5 nhiệm vụ" in sent.text
    book = load_workbook(io.BytesIO(fake.state.files[sent.document["file_id"]]))
    assert book.sheetnames == [SUMMARY_SHEET, TASKS_SHEET]
    sheet = book[TASKS_SHEET]
    assert "Sở Y tế" in str(sheet["A2"].value) and "Tháng 03/2026" in str(sheet["A3"].value)
    rows = [[c.value for c in sheet[r]] for r in range(HEADER_ROW + 1, sheet.max_row + 1)]
    assert len(rows) == 5 and [r[0] for r in rows] == [1, 2, 3, 4, 5]
    texts = {1: "rà soát danh mục thuốc", 2: "kiểm tra an toàn thực phẩm", 3: "tổng hợp số liệu tiêm chủng",
             4: "kế hoạch khám sức khỏe", 5: "báo cáo tình hình dịch bệnh"}
    for number, (state, days, done) in EXPECTED.items():
        values = next(v for v in rows if texts[number] in str(v[5]))
        assert (values[1], values[10], values[11], day_of(values[12])) == (f"#{number}", state, days, done), number
        assert values[2] == "456/UBND-KGVX" and day_of(values[3]) == date(2026, 3, 2) and values[7] == "Chủ trì"
    deadlines = [r[9] for r in rows]
    assert deadlines == sorted(deadlines), "listed by deadline"
    summary = book[SUMMARY_SHEET]
    counts = [summary.cell(row=r, column=2).value for r in range(HEADER_ROW + 1, HEADER_ROW + 6)]
    assert counts == [1, 2, 1, 1, 5]


async def test_report_periods_and_usage(bot: Harness, fake: FakeTelegram) -> None:
    await prepared(bot, fake)
    week = await document(bot, fake, "/baocao tuần")
    assert "Tuần 12/2026" in week.text and "2 nhiệm vụ" in week.text  # #3 and #5, carried over overdue
    previous = await document(bot, fake, "/export tháng trước")
    assert "Tháng 02/2026" in previous.text and "0 nhiệm vụ" in previous.text
    year = await document(bot, fake, "/report năm")
    assert "Năm 2026" in year.text and "5 nhiệm vụ" in year.text
    assert "Cách dùng" in await command(bot, fake, "/baocao hôm qua", "Cách dùng")


async def test_stats_counts_by_state_and_lists_the_overdue_most_late_first(bot: Harness, fake: FakeTelegram) -> None:
    await prepared(bot, fake)
    stats = await command(bot, fake, "/thongke", "Thống kê")
    assert "Tháng 03/2026" in stats and "5 nhiệm vụ" in stats
    for line in ("Chưa hoàn thành, trong hạn: <b>1</b>", "Chưa hoàn thành, quá hạn: <b>2</b>",
                 "Hoàn thành đúng hạn: <b>1</b>", "Hoàn thành quá hạn: <b>1</b>"):
        assert line in stats
    assert stats.index("#5</b> quá 14 ngày") < stats.index("#3</b> quá 8 ngày")
    assert "Cách dùng" in await command(bot, fake, "/thongke năm", "Cách dùng")


async def test_weekly_summary_on_monday_once_and_off_in_settings(bot: Harness, fake: FakeTelegram) -> None:
    await prepared(bot, fake)
    monday = datetime(2026, 3, 30, 8, 0, 20, tzinfo=VN_TZ)
    assert await bot.weekly(monday.replace(hour=7)) == 0, "not before the send time"
    assert await bot.weekly(monday) == 1
    summary = await fake.wait_message(GROUP, "Tổng hợp tuần")
    assert "Tuần 13/2026" in summary.text, "last week's figures"
    assert "#5</b> quá 26 ngày" in summary.text and "#3</b> quá 20 ngày" in summary.text
    assert "Đến hạn Tuần 14/2026" in summary.text and "#4</b> hạn 30/03/2026" in summary.text
    assert await bot.weekly(monday.replace(hour=9)) == 0, "once a week"
    assert await bot.weekly(datetime(2026, 3, 31, 8, 5, tzinfo=VN_TZ)) == 0, "the first working day only"
    reply = await command(bot, fake, "/caidat tonghop tat", "Cài đặt nhắc hạn")
    assert "Tổng hợp tuần (sáng ngày làm việc đầu tuần): không" in reply
    assert await bot.weekly(datetime(2026, 4, 13, 8, 5, tzinfo=VN_TZ)) == 0, "turned off"
    await command(bot, fake, "/caidat tonghop bat", "Cài đặt nhắc hạn")
    assert await bot.weekly(datetime(2026, 4, 20, 8, 5, tzinfo=VN_TZ)) == 1
