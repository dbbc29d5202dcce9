"""When to remind: a pure function of the task, the chat's settings, the calendar and now.

The reminder life cycle has one owner: this module plans, storage.reminders keeps the rows in line with
the plan (sync_reminders, roll_recurring, snooze), and the scheduler only claims, sends and records what
the send did (scheduler.outcomes). A reminder row moves like this::

      plan_reminders ──► pending ──── the tick sends it ────► sent ──► (overdue: next_overdue plans the next
        ▲   (save, edit,    │  ▲                                        round; recurring: the task rolls to
        │   assign, done)   │  └── transient failure: retried at       Recurrence.next_after and is planned
        │                   │      next_attempt_at                      again)
        │                   ├──── task done / deleted / re-planned ──► cancelled ──► pending (planned again)
        │                   └──── 400 for a day, or malformed 3× ────► failed
        └────────────────────────── snooze: a new pending row on the next working day

Kinds: "before" (N working days before the deadline), "due" (its day, or the working day before),
"overdue" (one round at a time), "recurring" (the silent roll-over marker the day after an occurrence),
"urgent" (Hỏa tốc due the day it is saved).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, Protocol

from dispatch.time.calendar import VN_TZ
from dispatch.time.recurrence import Recurrence

Kind = Literal["before", "due", "overdue", "recurring", "urgent"]
KIND_ORDER: dict[str, int] = {"recurring": 0, "before": 1, "due": 2, "overdue": 3, "urgent": 4}
URGENT_AHEAD = timedelta(hours=2)  # a Hỏa tốc task due the day it is saved: reminded this long before its hour


class Calendar(Protocol):
    """The part of dispatch.time.calendar.WorkCalendar (the one working-day calendar, with its walks) the
    policy needs."""

    def is_working_day(self, d: date, /) -> bool: ...
    def previous_working_day(self, d: date, /) -> date: ...
    def add_working_days(self, start: date, n: int, /) -> date: ...
    def working_days_between(self, a: date, b: date, /) -> int: ...


@dataclass(frozen=True, slots=True)
class Assignee:
    """A person a task is assigned to: by user id when known, else by @username only."""

    user_id: int | None
    username: str | None
    name: str | None


@dataclass(frozen=True, slots=True)
class ChatSettings:
    """Per-chat reminder settings."""

    days_before: tuple[int, ...] = (7, 3, 1)
    send_at: time = time(8, 0)
    remind_collective: bool = True


@dataclass(frozen=True, slots=True)
class TaskSchedule:
    """What the policy needs to know about a task."""

    deadline: date | None
    deadline_time: time | None = None
    recurrence: Recurrence | None = None
    ongoing: bool = False
    role: str | None = None
    status: str = "open"
    urgency: str | None = None  # "hoa_toc" | "thuong_khan" | "khan" (dispatch.time.urgency)
    saved_at: datetime | None = None  # when the task was stored: a same-day Hỏa tốc task is reminded then


@dataclass(frozen=True, slots=True, order=True)
class PlannedReminder:
    """One reminder to store: when (UTC), of what kind, and its day count."""

    due_at: datetime
    kind: str
    days: int


def at_send_time(d: date, settings: ChatSettings) -> datetime:
    """The UTC instant of ``settings.send_at`` on local day ``d``."""
    return datetime.combine(d, settings.send_at, tzinfo=VN_TZ).astimezone(UTC)


def moment_of(deadline: date, deadline_time: time | None) -> datetime:
    """The UTC instant a deadline ends: its time, or the end of the day (after it, the task is late)."""
    if deadline_time is not None:
        return datetime.combine(deadline, deadline_time, tzinfo=VN_TZ).astimezone(UTC)
    return datetime.combine(deadline + timedelta(days=1), time(0, 0), tzinfo=VN_TZ).astimezone(UTC)


def local_date(moment: datetime) -> date:
    """The Vietnamese calendar day of an aware instant."""
    return moment.astimezone(VN_TZ).date()


def next_round(now: datetime, *, settings: ChatSettings, calendar: Calendar) -> datetime:
    """The next overdue round: a working day's send time at or after ``now``."""
    d = local_date(now)
    if not (calendar.is_working_day(d) and at_send_time(d, settings) >= now):
        d = calendar.add_working_days(d, 1)
    return at_send_time(d, settings)


def next_occurrence(recurrence: Recurrence, on_or_after: date) -> tuple[date, time | None] | None:
    """The first occurrence of ``recurrence`` on or after a day, with its hour; None when it names no day."""
    d = recurrence.next_on_or_after(on_or_after)
    return None if d is None else (d, recurrence.at)


def upcoming(deadline: date | None, recurrence: Recurrence | None, today: date) -> date | None:
    """The deadline a task is saved (and shown) with: a recurring one that is past, or has no date yet, moves to
    its first occurrence on or after today (an old dispatch's "hằng tháng" starts this month, not years ago)."""
    if recurrence is None or not recurrence.dated or (deadline is not None and deadline >= today):
        return deadline
    return recurrence.next_on_or_after(today)


def is_reminded(task: TaskSchedule, settings: ChatSettings) -> bool:
    """Whether a task gets any reminder at all."""
    if task.status != "open" or task.ongoing or task.deadline is None:
        return False
    return task.role != "all" or settings.remind_collective


def _dedupe_by_day(planned: Sequence[PlannedReminder]) -> list[PlannedReminder]:
    """Keep one reminder per local day: the one closest to the deadline."""
    by_day: dict[date, PlannedReminder] = {}
    for p in planned:
        day = local_date(p.due_at)
        kept = by_day.get(day)
        if kept is None or (KIND_ORDER[p.kind], -p.days) > (KIND_ORDER[kept.kind], -kept.days):
            by_day[day] = p
    return sorted(by_day.values())


def urgent_reminders(task: TaskSchedule, deadline: date) -> list[PlannedReminder]:
    """A Hỏa tốc task due the day it is saved: reminded at the moment it is saved, and two hours before its hour
    (both of kind "urgent", outside the one-reminder-a-day rule). Anchored on ``saved_at``, so planning again
    later never adds one."""
    if task.urgency != "hoa_toc" or task.saved_at is None or local_date(task.saved_at) != deadline:
        return []
    planned = [PlannedReminder(task.saved_at, "urgent", 0)]
    if task.deadline_time is not None:
        ahead = datetime.combine(deadline, task.deadline_time, tzinfo=VN_TZ).astimezone(UTC) - URGENT_AHEAD
        if ahead > task.saved_at:
            planned.append(PlannedReminder(ahead, "urgent", 0))
    return planned


def plan_reminders(
    task: TaskSchedule, *, settings: ChatSettings, calendar: Calendar, now: datetime
) -> list[PlannedReminder]:
    """The reminders to keep pending for a task, as of ``now``: none in the past, except today's reminder
    when the deadline is still ahead (saved after the send time, the task is reminded at once)."""
    if task.deadline is None or task.status != "open" or task.ongoing:
        return []
    deadline = task.deadline
    reminded = is_reminded(task, settings)
    planned: list[PlannedReminder] = []
    if reminded:
        # a daily task is reminded on its day only: a day before is the day of the previous occurrence
        ahead = () if task.recurrence is not None and task.recurrence.freq == "daily" else settings.days_before
        for n in sorted(set(ahead), reverse=True):
            if n > 0:
                d = calendar.add_working_days(deadline, -n)
                planned.append(PlannedReminder(at_send_time(d, settings), "before", n))
        due_day = calendar.previous_working_day(deadline)
        planned.append(PlannedReminder(at_send_time(due_day, settings), "due", 0))
    urgent = urgent_reminders(task, deadline) if reminded else []
    # A reminder of today whose hour has passed (the task was saved or changed after the send time) is kept
    # at that hour, so the next tick sends it at once; its key stays the same, so it is never sent twice.
    today, live = local_date(now), moment_of(deadline, task.deadline_time) > now
    result = [p for p in _dedupe_by_day(planned) if p.due_at >= now or (live and local_date(p.due_at) == today)]
    result += [p for p in urgent if p.due_at >= now]
    if task.recurrence:
        # Silent roll-over marker: the day after the occurrence, the task moves to the next one.
        roll = datetime.combine(deadline + timedelta(days=1), time(0, 0), tzinfo=VN_TZ).astimezone(UTC)
        result.append(PlannedReminder(max(roll, now), "recurring", 0))
    elif reminded:
        first = at_send_time(calendar.add_working_days(deadline, 1), settings)
        at = max(first, next_round(now, settings=settings, calendar=calendar))
        result.append(PlannedReminder(at, "overdue", (local_date(at) - deadline).days))
    return result


def next_overdue(
    deadline: date, *, after: datetime, settings: ChatSettings, calendar: Calendar
) -> PlannedReminder:
    """The overdue alert that follows one sent at ``after``: the next working day's round."""
    d = calendar.add_working_days(local_date(after), 1)
    at = at_send_time(d, settings)
    return PlannedReminder(at, "overdue", (d - deadline).days)
