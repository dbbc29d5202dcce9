"""`dondoc export`: the tasks of every chat (or one) as CSV or JSON, in the four official states."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import IO, Any

from sqlmodel import Session, col, select

from dispatch.time.calendar import VN_TZ
from storage import list_tasks, official_state
from storage.models import Chat, Dispatch, Task

# The Government Office's four-state model (/status shows the same counts).
STATES = {
    "open_on_time": "chưa hoàn thành — trong hạn",
    "open_overdue": "chưa hoàn thành — quá hạn",
    "done_on_time": "đã hoàn thành — đúng hạn",
    "done_late": "đã hoàn thành — quá hạn",
}
FIELDS = (
    "chat_id", "chat_title", "agency", "task_no", "dispatch_number", "dispatch_issued", "issuer", "text",
    "role", "assignees", "assigned_to", "deadline", "deadline_time", "recurrence", "state",
    "state_vi", "days_overdue", "done_at", "done_by", "done_by_name",
)
Row = dict[str, Any]


def task_state(task: Task, now: datetime) -> tuple[str, int | None]:
    """One of the four official states, and the calendar days overdue for an open overdue task."""
    state, days = official_state(task, now)
    return state, days if state == "open_overdue" else None


def _row(chat: Chat, task: Task, dispatch: Dispatch | None, now: datetime) -> Row:
    state, days = task_state(task, now)
    return {
        "chat_id": chat.id,
        "chat_title": chat.title,
        "agency": chat.agency,
        "task_no": task.short_id,
        "dispatch_number": dispatch.number if dispatch else None,
        "dispatch_issued": dispatch.issued.isoformat() if dispatch and dispatch.issued else None,
        "issuer": dispatch.issuer if dispatch else None,
        "text": task.text,
        "role": task.role,
        "assignees": "; ".join(task.assignees) or task.collective,
        "assigned_to": ", ".join(person.label for person in task.people) or None,
        "deadline": task.deadline.isoformat() if task.deadline else None,
        "deadline_time": task.deadline_time.strftime("%H:%M") if task.deadline_time else None,
        "recurrence": task.recurrence.code if task.recurrence else None,
        "state": state,
        "state_vi": STATES[state],
        "days_overdue": days,
        "done_at": task.done_at.astimezone(VN_TZ).isoformat(timespec="seconds") if task.done_at else None,
        "done_by": task.done_by,
        "done_by_name": task.done_by_name,
    }


def task_rows(session: Session, *, now: datetime, chat_id: int | None = None) -> list[Row]:
    """Every task that is not deleted, chat by chat (ordered by deadline within a chat)."""
    query = select(Chat).order_by(col(Chat.id))
    if chat_id is not None:
        query = query.where(Chat.id == chat_id)
    rows: list[Row] = []
    for chat in session.exec(query).all():
        tasks = list_tasks(session, chat_id=chat.id, which="all")
        wanted = {t.dispatch_id for t in tasks if t.dispatch_id is not None}
        dispatches = {d.id: d for d in session.exec(select(Dispatch).where(col(Dispatch.id).in_(wanted)))}
        rows.extend(_row(chat, t, dispatches.get(t.dispatch_id), now) for t in tasks)
    return rows


def write_csv(rows: Iterable[Row], out: IO[str], fields: Sequence[str] = FIELDS) -> None:
    """CSV with a header; open `out` with encoding utf-8-sig so that Excel shows the Vietnamese letters."""
    writer = csv.DictWriter(out, fieldnames=list(fields))
    writer.writeheader()
    writer.writerows(rows)


def write_json(rows: Iterable[Row], out: IO[str], *, now: datetime) -> None:
    """A JSON document: when it was exported, and the tasks."""
    json.dump({"exported_at": now.isoformat(timespec="seconds"), "tasks": list(rows)}, out,
              ensure_ascii=False, indent=2)
    out.write("\n")
