"""What a report over a period covers: the tasks due in it, done in it, or still open from before it."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from storage.models import Dispatch, Task
from storage.policy import local_date


def _covered(task: Task, start: date, end: date) -> bool:
    if task.deadline is not None and start <= task.deadline <= end:
        return True
    if task.status == "done":
        return task.done_at is not None and start <= local_date(task.done_at) <= end
    # still open: carried over from before the period, or with no date (if it existed by the period's end)
    return (task.deadline is None or task.deadline < start) and local_date(task.created_at) <= end


def report_tasks(session: Session, *, chat_id: int, start: date, end: date) -> list[tuple[Task, Dispatch | None]]:
    """The chat's tasks a report over [start, end] lists, each with its dispatch, by deadline then number.

    A task is listed when its deadline falls in the period, when it was done in the period, or when it is
    still open and its deadline came before the period (carried over) or it has no date. Deleted tasks are
    not listed.
    """
    query = (
        select(Task)
        .where(Task.chat_id == chat_id, col(Task.status).in_(("open", "done")))
        .order_by(col(Task.deadline).is_(None), col(Task.deadline), col(Task.short_id))
    )
    tasks = [t for t in session.exec(query) if _covered(t, start, end)]
    wanted = {t.dispatch_id for t in tasks if t.dispatch_id is not None}
    dispatches = {d.id: d for d in session.exec(select(Dispatch).where(col(Dispatch.id).in_(wanted)))} if wanted else {}
    return [(t, dispatches.get(t.dispatch_id)) for t in tasks]
