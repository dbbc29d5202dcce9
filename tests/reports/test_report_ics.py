"""The calendar file: RRULEs for the stored recurrences, an alarm on every event, times in Asia/Ho_Chi_Minh."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from dispatch.time.calendar import VN_TZ
from dispatch.time.recurrence import Recurrence
from reports.ics import CalendarTask, calendar_bytes, rrule_of

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)


@pytest.mark.parametrize(
    ("recurrence", "rule"),
    [
        ("monthly:20", {"FREQ": "MONTHLY", "BYMONTHDAY": 20}),
        ("monthly:31", {"FREQ": "MONTHLY", "BYMONTHDAY": [28, 29, 30, 31], "BYSETPOS": -1}),
        ("weekly:FRI", {"FREQ": "WEEKLY", "BYDAY": "FR"}),
        ("weekly:THU 08:00", {"FREQ": "WEEKLY", "BYDAY": "TH"}),
        ("quarterly:15", {"FREQ": "MONTHLY", "BYMONTHDAY": 15, "INTERVAL": 3}),
        ("half_yearly:30", {"FREQ": "MONTHLY", "BYMONTHDAY": [28, 29, 30], "BYSETPOS": -1, "INTERVAL": 6}),
        ("yearly:11-20", {"FREQ": "YEARLY", "BYMONTH": 11, "BYMONTHDAY": 20}),
        ("daily 16:00", {"FREQ": "DAILY"}),
        ("monthly", None),
        ("monthly:x", None),
        ("fortnightly:2", None),
        (None, None),
    ],
)
def test_rrule_of(recurrence: str | None, rule: dict[str, object] | None) -> None:
    assert rrule_of(Recurrence.parse(recurrence) if recurrence else None) == rule


def test_every_event_has_an_alarm_and_a_timed_one_ends_at_its_hour() -> None:
    tasks = [CalendarTask(1, "#1 Báo cáo tháng", "Báo cáo tháng\nHạn: hằng tháng", date(2026, 3, 20), None,
                          Recurrence("monthly", day=20)),
             CalendarTask(2, "#2 Hội nghị", "Hội nghị", date(2026, 3, 12), time(14, 0))]
    calendar = Calendar.from_ical(calendar_bytes(tasks, name="Đôn đốc — Sở Y tế", now=NOW))
    monthly, timed = calendar.walk("VEVENT")
    assert str(monthly["uid"]) == "task-1@dondoc" and monthly.decoded("dtstart") == date(2026, 3, 20)
    assert monthly["rrule"]["FREQ"] == ["MONTHLY"] and monthly["rrule"]["BYMONTHDAY"] == [20]
    assert timed.decoded("dtend") == datetime(2026, 3, 12, 14, 0, tzinfo=VN_TZ) and "rrule" not in timed
    assert [a.decoded("trigger") for e in (monthly, timed) for a in e.walk("VALARM")] == [
        timedelta(hours=-16), timedelta(days=-1)]  # 08:00 the day before; 24 hours before
    assert str(calendar["x-wr-calname"]) == "Đôn đốc — Sở Y tế"
    assert [str(z["tzid"]) for z in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
