"""/lich sends an .ics that calendars import: one event per open task with a deadline, RRULEs for obligations."""

from __future__ import annotations

from datetime import date, datetime

from dispatches import FIVE, MONTHLY
from fakebot import FakeTelegram
from harness import Harness
from icalendar import Calendar
from test_e2e_loop import onboard
from test_e2e_reports import document
from test_e2e_state import command, save_dispatch

from bot.clock import VN_TZ


async def test_calendar_has_an_event_per_open_task_and_an_rrule_for_the_monthly_one(bot: Harness,
                                                                                    fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    assert "Không có việc" in await command(bot, fake, "/lich", "Không có việc")
    await save_dispatch(bot, fake, FIVE)  # #1..#5
    await save_dispatch(bot, fake, MONTHLY)  # #6 monthly before the 20th, #7 at 14:00 on 12/03
    await command(bot, fake, "/them Chuẩn bị tài liệu họp", "Đã thêm việc #8")  # no deadline: not an event
    await command(bot, fake, "/xong 1", "đã xong")  # done: not an event
    sent = await document(bot, fake, "/lich")
    assert sent.document is not None
    assert "6 việc đang mở" in sent.text and "1 việc định kỳ" in sent.text and "1 việc chưa có hạn" in sent.text
    calendar = Calendar.from_ical(fake.state.files[sent.document["file_id"]])
    events = {str(e["summary"]).split()[0]: e for e in calendar.walk("VEVENT")}
    assert sorted(events) == ["#2", "#3", "#4", "#5", "#6", "#7"]
    assert all(e.walk("VALARM") for e in events.values()), "every deadline has a reminder"
    monthly = events["#6"]
    assert monthly["rrule"]["FREQ"] == ["MONTHLY"] and monthly["rrule"]["BYMONTHDAY"] == [20]
    assert monthly.decoded("dtstart") == date(2026, 3, 20)
    assert [e for e in events.values() if "rrule" in e] == [monthly]
    assert events["#7"].decoded("dtend") == datetime(2026, 3, 12, 14, 0, tzinfo=VN_TZ)
    assert events["#5"].decoded("dtstart") == date(2026, 3, 4) and "456/UBND-KGVX" in str(events["#5"]["description"])
    assert len({str(e["uid"]) for e in events.values()}) == 6
    assert "Cách dùng" not in await command(bot, fake, "/calendar", "Lịch hạn")
