"""Open tasks as an iCalendar file (RFC 5545) that Google Calendar and Outlook import.

One VEVENT per task, UID ``task-<id>@dondoc`` (importing again updates instead of doubling): an all-day
event on the deadline, or a one-hour event ending at the deadline's hour, each with a VALARM the day
before at 08:00 (all-day) or 24 hours before (timed). Recurring obligations carry an RRULE:

    "weekly:FRI"     -> FREQ=WEEKLY;BYDAY=FR
    "monthly:20"     -> FREQ=MONTHLY;BYMONTHDAY=20
    "monthly:31"     -> FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1   (the last day of a short month, as
                                                                          the reminders do)
    "quarterly:15"   -> FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15             (from the quarter's last month)
    "yearly:11-20"   -> FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=20
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from icalendar import Alarm, Calendar, Event, vRecur

from dispatch.calendar import VN_TZ

WEEKDAY_CODES = {"MON": "MO", "TUE": "TU", "WED": "WE", "THU": "TH", "FRI": "FR", "SAT": "SA", "SUN": "SU"}
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
    recurrence: str | None = None


def rrule_of(recurrence: str | None) -> dict[str, Any] | None:
    """The RRULE of a stored recurrence ("monthly:20", "weekly:FRI 08:00", …); None when there is none."""
    if not recurrence:
        return None
    freq, _, rest = recurrence.strip().partition(":")
    spec = rest.strip().split(" ")[0].upper()
    rule: dict[str, Any]
    try:
        if freq == "daily":
            return {"FREQ": "DAILY"}
        if freq == "weekly" and spec[:3] in WEEKDAY_CODES:
            return {"FREQ": "WEEKLY", "BYDAY": WEEKDAY_CODES[spec[:3]]}
        if freq in ("monthly", "quarterly"):
            day = int(spec)
            rule = {"FREQ": "MONTHLY", "BYMONTHDAY": day}
            if day > 28:
                rule.update(BYMONTHDAY=list(range(28, day + 1)), BYSETPOS=-1)
            if freq == "quarterly":
                rule["INTERVAL"] = 3
            return rule
        if freq == "yearly":
            month, _, day_of_month = spec.partition("-")
            return {"FREQ": "YEARLY", "BYMONTH": int(month), "BYMONTHDAY": int(day_of_month)}
    except ValueError:
        return None
    return None


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
