"""Open tasks as an iCalendar file (RFC 5545) that Google Calendar and Outlook import.

One VEVENT per task, UID ``task-<id>@dondoc`` (importing again updates instead of doubling): an all-day
event on the deadline, or a one-hour event ending at the deadline's hour, each with a VALARM the day
before at 08:00 (all-day) or 24 hours before (timed). Recurring obligations carry an RRULE:

    "weekly:FRI"     -> FREQ=WEEKLY;BYDAY=FR
    "monthly:20"     -> FREQ=MONTHLY;BYMONTHDAY=20
    "monthly:31"     -> FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1   (the last day of a short month, as
                                                                          the reminders do)
    "quarterly:15"   -> FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15             (from the quarter's last month)
    "half_yearly:15" -> FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=15
    "yearly:11-20"   -> FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=20
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from icalendar import Alarm, Calendar, Event, vRecur

from dispatch.time.calendar import VN_TZ
from dispatch.time.recurrence import WEEKDAY_CODES, Recurrence

ALL_DAY_ALARM = timedelta(hours=-16)  # 08:00 the day before an all-day event
TIMED_ALARM = timedelta(days=-1)


@dataclass(frozen=True, slots=True)
class CalendarTask:
    """What the calendar needs of an open task."""

    task_id: int
    title: str
    description: str
    deadline: date
    deadline_time: time | None = None
    recurrence: Recurrence | None = None


def rrule_of(recurrence: Recurrence | None) -> dict[str, Any] | None:
    """The RRULE of a recurrence (dispatch.time.recurrence); None when there is none or it names no day."""
    if recurrence is None:
        return None
    if recurrence.freq == "daily":
        return {"FREQ": "DAILY"}
    if recurrence.day is None:
        return None
    if recurrence.freq == "weekly":
        return {"FREQ": "WEEKLY", "BYDAY": WEEKDAY_CODES[recurrence.day][:2]}
    if recurrence.freq == "yearly":
        return {"FREQ": "YEARLY", "BYMONTH": recurrence.month, "BYMONTHDAY": recurrence.day}
    day = recurrence.day
    rule: dict[str, Any] = {"FREQ": "MONTHLY", "BYMONTHDAY": day}
    if day > 28:
        rule.update(BYMONTHDAY=list(range(28, day + 1)), BYSETPOS=-1)
    if recurrence.freq != "monthly":
        rule["INTERVAL"] = 3 if recurrence.freq == "quarterly" else 6
    return rule


def _event(task: CalendarTask, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"task-{task.task_id}@dondoc")
    event.add("dtstamp", stamp)
    event.add("summary", task.title)
    event.add("description", task.description)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", task.title)
    if task.deadline_time is None:
        event.add("dtstart", task.deadline)
        event.add("dtend", task.deadline + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        alarm.add("trigger", ALL_DAY_ALARM)
    else:
        end = datetime.combine(task.deadline, task.deadline_time, tzinfo=VN_TZ)
        event.add("dtstart", end - timedelta(hours=1))
        event.add("dtend", end)
        alarm.add("trigger", TIMED_ALARM)
    rule = rrule_of(task.recurrence)
    if rule is not None:
        event.add("rrule", vRecur(rule))
    event.add_component(alarm)
    return event


def calendar_bytes(tasks: list[CalendarTask], *, name: str, now: datetime) -> bytes:
    """The .ics file of these tasks (with the Asia/Ho_Chi_Minh VTIMEZONE that timed events refer to)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Don doc//Nhac viec cong van//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    for task in tasks:
        calendar.add_component(_event(task, now))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
