"""Tasks added by hand, when extraction missed one: straight to the chat (/them) or onto an open card.

A task added directly has no dispatch; one added on a card is saved with the card's dispatch when the card
is saved («Lưu tất cả»), like the tasks extraction found. Either way it is stored, reminded and reported
like any other.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from dispatch.model import Task as FoundTask
from storage.audit import record
from storage.conversation import DraftTask
from storage.dispatches import _allocate_short_ids, _require_chat
from storage.drafts import Item, Outcome, _open, _touch
from storage.models import Task
from storage.policy import Calendar
from storage.reminders import sync_reminders


def add_task(
    session: Session, *, chat_id: int, found: FoundTask, actor_id: int | None, now: datetime, calendar: Calendar
) -> Task:
    """Store a task typed by a member (no dispatch), give it the chat's next short id, plan its reminders."""
    chat = _require_chat(session, chat_id)
    [short_id] = _allocate_short_ids(session, chat_id, 1)
    task = Task(
        chat_id=chat_id,
        short_id=short_id,
        text=found.text,
        role=found.role,
        deadline=found.deadline,
        deadline_time=found.deadline_time,
        deadline_text=found.deadline_text,
        created_at=now,
    )
    session.add(task)
    session.flush()
    sync_reminders(session, task=task, chat=chat, calendar=calendar, now=now)
    record(session, chat_id=chat_id, task_id=task.id, actor_id=actor_id, action="add", now=now,
           detail={"short_id": short_id, "deadline": found.deadline.isoformat() if found.deadline else None})
    session.commit()
    session.refresh(task)
    return task


def add_draft_task(
    session: Session, *, chat_id: int, draft_id: str, found: FoundTask, now: datetime
) -> tuple[Outcome, Item | None]:
    """Put a typed task at the end of an open card (numbered after its last task); saved with the card."""
    closed = _open(session, chat_id, draft_id)
    if closed is not None:
        return closed, None
    last = session.exec(select(func.max(DraftTask.number)).where(DraftTask.draft_id == draft_id)).one()
    row = DraftTask(draft_id=draft_id, number=int(last or 0) + 1, task=found.to_dict())
    session.add(row)
    _touch(session, draft_id, now)
    session.commit()
    session.refresh(row)
    assert row.id is not None
    return Outcome.CHANGED, Item(row.id, row.number, found, row.dropped)
