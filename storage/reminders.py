"""Keeping a task's pending reminders in line with the policy."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from storage.audit import record
from storage.models import Chat, Person, Reminder, Task, TaskAssignee
from storage.policy import (
    Calendar,
    PlannedReminder,
    at_send_time,
    local_date,
    next_occurrence,
    plan_reminders,
)


def private_chats(session: Session, *, task_id: int) -> list[int]:
    """The private chats of the task's assignees who started the bot (their own reminders go there too)."""
    rows = session.exec(
        select(Person.user_id)
        .join(TaskAssignee, col(TaskAssignee.person_id) == Person.id)
        .join(Chat, col(Chat.id) == Person.user_id)
        .where(TaskAssignee.task_id == task_id, col(Person.started_at).is_not(None))
    ).all()
    return sorted(int(user_id) for user_id in rows if user_id is not None)


def sync_reminders(
    session: Session, *, task: Task, chat: Chat, calendar: Calendar, now: datetime, keep_due: bool = True
) -> None:
    """Make the task's pending reminders match the policy as of ``now``, in its group and in the private
    chat of each assignee who started the bot (not the silent roll-over marker: that one is the group's).

    Pending reminders already due are kept (the next tick sends them) unless ``keep_due`` is False or the
    task no longer takes reminders; those of a chat that is no longer a destination go. Sent reminders are
    never planned again.
    """
    assert task.id is not None
    plan = plan_reminders(task.schedule, settings=chat.settings, calendar=calendar, now=now)
    private = private_chats(session, task_id=task.id)
    wanted: dict[tuple[int, str, datetime], PlannedReminder] = {
        (dest, p.kind, p.due_at): p
        for dest in (task.chat_id, *private)
        for p in plan
        if dest == task.chat_id or p.kind != "recurring"
    }
    rows = session.exec(select(Reminder).where(Reminder.task_id == task.id)).all()
    existing = {(r.chat_id, r.kind, r.due_at): r for r in rows}
    destinations = {task.chat_id, *private}
    keep_due = keep_due and task.status == "open"
    for key, row in existing.items():
        gone = row.chat_id not in destinations
        if row.state == "pending" and key not in wanted and (row.due_at > now or not keep_due or gone):
            row.state = "cancelled"
            session.add(row)
    for key, p in wanted.items():
        row_or_none = existing.get(key)
        if row_or_none is None:
            session.add(Reminder(task_id=task.id, chat_id=key[0], due_at=p.due_at, kind=p.kind, days=p.days))
        elif row_or_none.state == "cancelled":
            row_or_none.state, row_or_none.attempts, row_or_none.next_attempt_at = "pending", 0, None
            row_or_none.days = p.days
            session.add(row_or_none)


def cancel_pending(session: Session, *, task_id: int) -> None:
    """Cancel every pending reminder of a task."""
    for row in session.exec(
        select(Reminder).where(Reminder.task_id == task_id, col(Reminder.state) == "pending")
    ):
        row.state = "cancelled"
        session.add(row)


def roll_recurring(
    session: Session,
    *,
    task: Task,
    chat: Chat,
    calendar: Calendar,
    now: datetime,
    actor_id: int | None = None,
) -> bool:
    """Move a recurring task to its next occurrence (after the current one and not before today)."""
    if not task.recurrence or task.deadline is None:
        return False
    start = max(task.deadline + timedelta(days=1), local_date(now))
    nxt = next_occurrence(task.recurrence, start)
    if nxt is None:
        return False
    old = task.deadline
    task.deadline, at = nxt
    task.deadline_time = at or task.deadline_time
    session.add(task)
    record(
        session,
        chat_id=task.chat_id,
        task_id=task.id,
        actor_id=actor_id,
        action="roll",
        now=now,
        detail={"old": old.isoformat(), "new": task.deadline.isoformat()},
    )
    sync_reminders(session, task=task, chat=chat, calendar=calendar, now=now, keep_due=False)
    return True


def snooze(
    session: Session, *, reminder: Reminder, chat: Chat, calendar: Calendar, now: datetime
) -> Reminder:
    """Bring a reminder back on the next working day at the send time of ``chat`` (the task's group)."""
    due = at_send_time(calendar.add_working_days(local_date(now), 1), chat.settings)
    same = session.exec(
        select(Reminder).where(
            Reminder.task_id == reminder.task_id,
            Reminder.chat_id == reminder.chat_id,
            Reminder.kind == reminder.kind,
            Reminder.due_at == due,
        )
    ).first()
    if same is not None:
        if same.state == "cancelled":
            same.state = "pending"
            session.add(same)
        return same
    if reminder.state == "pending":
        reminder.due_at, reminder.next_attempt_at = due, None
        session.add(reminder)
        return reminder
    again = Reminder(
        task_id=reminder.task_id, chat_id=reminder.chat_id, due_at=due, kind=reminder.kind, days=reminder.days
    )
    session.add(again)
    return again
