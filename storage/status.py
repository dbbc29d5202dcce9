"""The four official states of a chat's tasks, lateness, what is due soon and what is overdue.

The one place that says whether a task is late: `late_at` (past the end of its deadline, storage.policy.moment_of),
`is_overdue` (open and late, a recurring one never is: it rolls), `official_state` (chưa hoàn thành trong hạn /
quá hạn, đã hoàn thành đúng hạn / quá hạn).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from storage.models import Reminder, Task
from storage.policy import local_date, moment_of


def deadline_moment(task: Task) -> datetime | None:
    """The UTC instant after which the task is overdue (end of the deadline day without a time)."""
    if task.deadline is None or task.ongoing:
        return None
    return moment_of(task.deadline, task.deadline_time)


@dataclass(slots=True)
class StatusSummary:
    """Counts in the four official states, tasks due soon, overdue tasks with days overdue."""

    open_on_time: int = 0  # chưa hoàn thành, trong hạn
    open_overdue: int = 0  # chưa hoàn thành, quá hạn
    done_on_time: int = 0  # đã hoàn thành đúng hạn
    done_late: int = 0  # đã hoàn thành quá hạn
    due_soon: list[Task] = field(default_factory=list)
    overdue: list[tuple[Task, int]] = field(default_factory=list)
    undelivered: list[int] = field(default_factory=list)  # open tasks whose last reminder failed (short ids)


def late_at(task: Task, moment: datetime) -> bool:
    """Whether ``moment`` is past the task's deadline (done then: done late; still open then: overdue)."""
    end = deadline_moment(task)
    return end is not None and moment > end


def is_overdue(task: Task, now: datetime) -> bool:
    """Open, not recurring, and past its deadline."""
    return task.status == "open" and not task.recurrence and late_at(task, now)


def official_state(task: Task, now: datetime) -> tuple[str, int | None]:
    """One of the four official states as of ``now``, and the days overdue (open overdue: until today; done
    late: until the day it was done). States: open_on_time, open_overdue, done_on_time, done_late."""
    if task.status == "done":
        if task.done_at is None or not late_at(task, task.done_at):
            return "done_on_time", None
        assert task.deadline is not None
        return "done_late", (local_date(task.done_at) - task.deadline).days
    if is_overdue(task, now):
        assert task.deadline is not None
        return "open_overdue", (local_date(now) - task.deadline).days
    return "open_on_time", None


def status_summary(session: Session, *, chat_id: int, now: datetime, horizon_days: int = 7) -> StatusSummary:
    """The chat's /status figures as of ``now``."""
    today = local_date(now)
    summary = StatusSummary()
    query = (
        select(Task)
        .where(Task.chat_id == chat_id, col(Task.status).in_(("open", "done")))
        .order_by(col(Task.deadline).is_(None), col(Task.deadline), col(Task.short_id))
    )
    for task in session.exec(query):
        state, days = official_state(task, now)
        if state == "done_late":
            summary.done_late += 1
        elif state == "done_on_time":
            summary.done_on_time += 1
        elif state == "open_overdue":
            summary.open_overdue += 1
            summary.overdue.append((task, days or 0))
        else:
            summary.open_on_time += 1
            if task.deadline is not None and today <= task.deadline <= today + timedelta(days=horizon_days):
                summary.due_soon.append(task)
    summary.overdue.sort(key=lambda pair: (-pair[1], pair[0].short_id))
    summary.undelivered = undelivered_tasks(session, chat_id=chat_id)
    return summary


def undelivered_tasks(session: Session, *, chat_id: int) -> list[int]:
    """Short ids of the chat's open tasks whose reminder failed and no later reminder of theirs was sent."""
    later = aliased(Reminder)
    sent_since = (
        select(later.id)
        .where(later.task_id == Reminder.task_id, later.state == "sent", later.due_at > Reminder.due_at)
        .exists()
    )
    query = (
        select(Task.short_id)
        .join(Reminder, col(Reminder.task_id) == Task.id)
        .where(Task.chat_id == chat_id, Task.status == "open", Reminder.state == "failed", ~sent_since)
        .distinct()
        .order_by(col(Task.short_id))
    )
    return list(session.exec(query))
