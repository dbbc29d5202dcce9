"""Dispatches and tasks of a chat; every function is scoped to one chat."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Literal

from sqlalchemy import case
from sqlmodel import Session, col, select

from dispatch.time.urgency import URGENCY_ORDER
from storage.audit import list_audit, record
from storage.models import Chat, Reminder, Task
from storage.policy import Calendar
from storage.reminders import cancel_pending, roll_recurring, snooze, sync_reminders
from storage.status import is_overdue, late_at

Which = Literal["open", "all", "overdue", "done"]


def get_task(
    session: Session,
    *,
    chat_id: int,
    short_id: int | None = None,
    task_id: int | None = None,
    include_deleted: bool = False,
) -> Task | None:
    """A task of this chat by its short id or its global id; None if it is not this chat's (or deleted)."""
    query = select(Task).where(Task.chat_id == chat_id)
    if not include_deleted:
        query = query.where(col(Task.status) != "deleted")
    if short_id is not None:
        query = query.where(Task.short_id == short_id)
    elif task_id is not None:
        query = query.where(Task.id == task_id)
    else:
        return None
    return session.exec(query).first()


def list_tasks(
    session: Session, *, chat_id: int, which: Which = "open", now: datetime | None = None
) -> list[Task]:
    """The chat's tasks: open, all (not deleted), overdue (open and past the deadline) or done; the urgent
    (Hỏa tốc, Thượng khẩn, Khẩn) first, then by deadline."""
    query = select(Task).where(Task.chat_id == chat_id)
    if which in ("open", "overdue"):
        query = query.where(col(Task.status) == "open")
    elif which == "done":
        query = query.where(col(Task.status) == "done")
    else:
        query = query.where(col(Task.status) != "deleted")
    urgent_first = case({key: rank for key, rank in URGENCY_ORDER.items() if key}, value=col(Task.urgency), else_=3)
    query = query.order_by(urgent_first, col(Task.deadline).is_(None), col(Task.deadline), col(Task.short_id))
    tasks = list(session.exec(query))
    if which == "overdue":
        if now is None:
            raise ValueError("list_tasks(which='overdue') needs now")
        tasks = [t for t in tasks if is_overdue(t, now)]
    return tasks


def _open_task(session: Session, chat_id: int, task_id: int) -> tuple[Chat, Task] | None:
    task = get_task(session, chat_id=chat_id, task_id=task_id)
    chat = session.get(Chat, chat_id)
    return None if task is None or chat is None else (chat, task)


def complete_task(
    session: Session,
    *,
    chat_id: int,
    task_id: int,
    actor_id: int | None,
    now: datetime,
    calendar: Calendar,
    actor_name: str | None = None,
) -> Task | None:
    """Mark a task done (who, when, on time or late); a recurring task rolls to its next occurrence."""
    found = _open_task(session, chat_id, task_id)
    if found is None:
        return None
    chat, task = found
    if task.status != "open":
        return task
    on_time = not late_at(task, now)
    task.done_at, task.done_by, task.done_by_name = now, actor_id, actor_name
    detail: dict[str, object] = {"on_time": on_time, "by": actor_name}
    recurring = bool(task.recurrence) and task.deadline is not None
    if recurring and task.deadline is not None:
        detail["occurrence"] = task.deadline.isoformat()  # what /undo goes back to
    else:
        task.status = "done"
        session.add(task)
    record(session, chat_id=chat_id, task_id=task.id, actor_id=actor_id, action="complete", now=now, detail=detail)
    cancel_pending(session, task_id=task_id)
    if recurring:
        roll_recurring(session, task=task, chat=chat, calendar=calendar, now=now, actor_id=actor_id)
    session.commit()
    return task


def reopen_task(
    session: Session, *, chat_id: int, task_id: int, actor_id: int | None, now: datetime, calendar: Calendar
) -> Task | None:
    """Undo: a deleted task comes back as it was before; a done one is open again (a recurring one goes
    back to its last occurrence)."""
    task = get_task(session, chat_id=chat_id, task_id=task_id, include_deleted=True)
    chat = session.get(Chat, chat_id)
    if task is None or chat is None:
        return None
    detail: dict[str, object] = {"old_status": task.status}
    events = list_audit(session, chat_id=chat_id, task_id=task_id, limit=20)
    if task.status == "deleted":
        before = next((e.detail.get("old_status") for e in events if e.action == "delete"), "open")
        task.status = "done" if before == "done" else "open"
    else:
        if task.recurrence and task.status == "open":
            done = [e for e in events if e.action == "complete" and "occurrence" in e.detail]
            if done:
                old = task.deadline
                task.deadline = date.fromisoformat(str(done[0].detail["occurrence"]))
                detail.update(old=old.isoformat() if old else None, new=task.deadline.isoformat())
        task.status, task.done_at, task.done_by, task.done_by_name = "open", None, None, None
    session.add(task)
    record(
        session, chat_id=chat_id, task_id=task.id, actor_id=actor_id, action="reopen", now=now, detail=detail
    )
    sync_reminders(session, task=task, chat=chat, calendar=calendar, now=now, keep_due=False)
    session.commit()
    return task


def change_deadline(
    session: Session,
    *,
    chat_id: int,
    task_id: int,
    deadline: date,
    actor_id: int | None,
    now: datetime,
    calendar: Calendar,
    deadline_time: time | None = None,
) -> Task | None:
    """Set a new deadline (the audit keeps the old one) and re-plan the reminders."""
    found = _open_task(session, chat_id, task_id)
    if found is None:
        return None
    chat, task = found
    old = {
        "deadline": task.deadline.isoformat() if task.deadline else None,
        "deadline_time": task.deadline_time.strftime("%H:%M") if task.deadline_time else None,
        "deadline_text": task.deadline_text,
    }
    task.deadline, task.deadline_time, task.deadline_text, task.ongoing = deadline, deadline_time, None, False
    session.add(task)
    new = {
        "deadline": deadline.isoformat(),
        "deadline_time": deadline_time.strftime("%H:%M") if deadline_time else None,
    }
    record(
        session,
        chat_id=chat_id,
        task_id=task.id,
        actor_id=actor_id,
        action="change_deadline",
        now=now,
        detail={"old": old, "new": new},
    )
    sync_reminders(session, task=task, chat=chat, calendar=calendar, now=now, keep_due=False)
    session.commit()
    return task


def delete_task(
    session: Session, *, chat_id: int, task_id: int, actor_id: int | None, now: datetime
) -> Task | None:
    """Remove a task from the lists and cancel its reminders (undo with reopen_task)."""
    task = get_task(session, chat_id=chat_id, task_id=task_id)
    if task is None:
        return None
    old, task.status = task.status, "deleted"
    session.add(task)
    cancel_pending(session, task_id=task_id)
    record(
        session,
        chat_id=chat_id,
        task_id=task.id,
        actor_id=actor_id,
        action="delete",
        now=now,
        detail={"old_status": old},
    )
    session.commit()
    return task


def snooze_reminder(
    session: Session,
    *,
    chat_id: int,
    reminder_id: int,
    actor_id: int | None,
    now: datetime,
    calendar: Calendar,
) -> Reminder | None:
    """Remind again on the next working day (the deadline does not move)."""
    reminder = session.exec(
        select(Reminder).where(Reminder.id == reminder_id, Reminder.chat_id == chat_id)
    ).first()
    # the reminder is this chat's: the group's own, or one sent to an assignee's private chat
    task = session.get(Task, reminder.task_id) if reminder else None
    chat = session.get(Chat, task.chat_id) if task else None
    if reminder is None or chat is None or task is None or task.status != "open":
        return None
    again = snooze(session, reminder=reminder, chat=chat, calendar=calendar, now=now)
    session.flush()
    record(
        session,
        chat_id=task.chat_id,
        task_id=task.id,
        actor_id=actor_id,
        action="snooze",
        now=now,
        detail={"reminder_id": reminder_id, "until": again.due_at.isoformat()},
    )
    session.commit()
    return again
