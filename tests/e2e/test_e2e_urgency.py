"""Urgency: a Hỏa tốc dispatch is marked on its card, its tasks come first and a same-day one is reminded at once."""

from __future__ import annotations

import io
from datetime import datetime

from dispatches import FIVE, URGENT
from fakebot import FakeTelegram
from harness import Harness
from openpyxl import load_workbook
from test_e2e_loop import ADMIN, GROUP, onboard
from test_e2e_reports import document
from test_e2e_state import command, save_dispatch

from bot.clock import VN_TZ
from reports.xlsx import HEADER_ROW, TASKS_SHEET

MARK = "🔥 <b>HỎA TỐC</b>"


async def test_a_hoa_toc_dispatch_is_marked_sorted_first_and_reminded_the_same_day(bot: Harness,
                                                                                  fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    await save_dispatch(bot, fake, FIVE)  # #1..#5, an ordinary dispatch
    fake.send_text(GROUP, fake.state.users[ADMIN], URGENT)
    await bot.flush()
    card = await fake.wait_message(GROUP, "789/UBND-VX")
    assert card.text.startswith(MARK), "the mark heads the card"
    await bot.press(card, fake.state.users[ADMIN], "Lưu tất cả")
    assert "Đã lưu 2 việc" in card.text and card.text.startswith(MARK)

    # #6 is due at 16:00 today: reminded as soon as it is saved (the next tick), and at 14:00
    first = await bot.tick(datetime(2026, 3, 2, 9, 0, 30, tzinfo=VN_TZ))
    now_digest = await fake.wait_message(GROUP, "Nhắc việc")
    assert first.messages == 1 and f"#6</b> {MARK}" in now_digest.text and "hôm nay là hạn chót" in now_digest.text
    assert "#7" not in now_digest.text and "#5" not in now_digest.text
    assert (await bot.tick(datetime(2026, 3, 2, 13, 59, tzinfo=VN_TZ))).messages == 0
    await bot.tick(datetime(2026, 3, 2, 14, 0, 5, tzinfo=VN_TZ))
    again = await fake.wait_message(GROUP, "Nhắc việc", after=now_digest.message_id)
    assert "#6</b>" in again.text and "16:00" in again.text

    # the next morning #7 (Hỏa tốc) and #5 (ordinary) are both due on 04/03: #7 comes first
    await bot.tick(datetime(2026, 3, 3, 8, 0, 10, tzinfo=VN_TZ))
    digest = await fake.wait_message(GROUP, "Sắp đến hạn", after=again.message_id)
    upcoming = digest.text.split("Sắp đến hạn", 1)[1]
    assert upcoming.index("#7</b>") < upcoming.index("#5</b>") < upcoming.index("#2</b>")
    assert f"#7</b> {MARK}" in upcoming and "#5</b> Giao Sở Y tế" in upcoming

    listing = await command(bot, fake, "/viec", "Việc đang mở")
    assert listing.index("#6</b>") < listing.index("#7</b>") < listing.index("#5</b>")
    sent = await document(bot, fake, "/baocao tháng")
    assert sent.document is not None
    sheet = load_workbook(io.BytesIO(fake.state.files[sent.document["file_id"]]))[TASKS_SHEET]
    urgency = {row[1].value: row[6].value for row in sheet.iter_rows(min_row=HEADER_ROW + 1)}
    assert urgency["#6"] == urgency["#7"] == "Hỏa tốc" and urgency["#5"] in (None, "")
