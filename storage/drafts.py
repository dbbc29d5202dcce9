"""Cards (drafts) and their tasks: every change is one conditional statement, so presses are idempotent.

A press names the draft and the task by id (scheduler.callbacks), never by position: dropping task 2 twice
drops it once, and a deadline typed for task 3 lands on task 3 whatever was dropped meanwhile. ``save_draft``
claims the draft (open → saved) in the same transaction that stores the dispatch, so of two members pressing
«Lưu» on two instances at once exactly one saves and the other is told it is saved.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from enum import Enum
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import CursorResult
from sqlmodel import Session, col, select

from dispatch.model import Extraction
from dispatch.model import Task as FoundTask
from dispatch.time.calendar import VN_TZ
from storage.codec import extraction_from, meta_of, task_from
from storage.conversation import Draft, DraftTask
from storage.dispatches import save_dispatch
from storage.errors import DuplicateDispatchError
from storage.models import Task
from storage.policy import Calendar


class Outcome(Enum):
    """What a press did: changed the card, found it already so, or found the card closed or unknown."""

    CHANGED = "changed"
    UNCHANGED = "unchanged"
    CLOSED = "closed"
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class Item:
    """A task of a card as it is now."""

    id: int
    number: int
    task: FoundTask
    dropped: bool


@dataclass(frozen=True, slots=True)
class Card:
    """A draft and its tasks in card order."""

    draft: Draft
    items: tuple[Item, ...]

    @property
    def kept(self) -> list[Item]:
        """The tasks that will be saved."""
        return [i for i in self.items if not i.dropped]

    @property
    def extraction(self) -> Extraction:
        return extraction_from(self.draft.meta)

    @property
    def full(self) -> Extraction | None:
        return extraction_from(self.draft.full) if self.draft.full is not None else None


def create_draft(
    session: Session,
    *,
    chat_id: int,
    user_id: int | None,
    text: str,
    agency: str | None,
    extraction: Extraction,
    tasks: Sequence[FoundTask],
    now: datetime,
    full: Extraction | None = None,
    reply_to: int | None = None,
    sources: Sequence[int] = (),
    missing: int = 0,
) -> Card:
    """Store a new card; its tasks are numbered 1.. in the order given."""
    while True:
        draft_id = secrets.token_hex(4)
        if session.get(Draft, draft_id) is None:
            break
    draft = Draft(id=draft_id, chat_id=chat_id, user_id=user_id, text=text, agency=agency,
                  received=now.astimezone(VN_TZ).date(), meta=meta_of(extraction), full=full.to_dict() if full else None,
                  reply_to=reply_to, sources=list(sources), missing=missing, created_at=now, updated_at=now)
    session.add(draft)
    session.flush()
    for number, task in enumerate(tasks, 1):
        session.add(DraftTask(draft_id=draft_id, number=number, task=task.to_dict()))
    session.commit()
    card = get_card(session, chat_id=chat_id, draft_id=draft_id)
    assert card is not None
    return card


def get_card(session: Session, *, chat_id: int, draft_id: str) -> Card | None:
    """The card of this chat with this id (any state), or None."""
    draft = session.exec(select(Draft).where(Draft.id == draft_id, Draft.chat_id == chat_id)).first()
    if draft is None:
        return None
    rows = session.exec(
        select(DraftTask).where(DraftTask.draft_id == draft_id).order_by(col(DraftTask.number))
    ).all()
    items = tuple(Item(r.id, r.number, task_from(r.task), r.dropped) for r in rows if r.id is not None)
    return Card(draft, items)


def is_open_card(session: Session, *, chat_id: int, message_id: int) -> bool:
    """Whether this message of the chat is a card still waiting for its buttons."""
    found = session.exec(select(Draft.id).where(Draft.chat_id == chat_id, Draft.message_id == message_id,
                                                Draft.state == "open")).first()
    return found is not None


def _changed(result: Any) -> bool:
    assert isinstance(result, CursorResult)
    return bool(result.rowcount)


def _open(session: Session, chat_id: int, draft_id: str) -> Outcome | None:
    """None when the draft is open; else why a press cannot change it."""
    state = session.exec(select(Draft.state).where(Draft.id == draft_id, Draft.chat_id == chat_id)).first()
    if state is None:
        return Outcome.MISSING
    return None if state == "open" else Outcome.CLOSED


def _touch(session: Session, draft_id: str, now: datetime) -> None:
    session.exec(update(Draft).where(col(Draft.id) == draft_id).values(updated_at=now))


def set_dropped(
    session: Session, *, chat_id: int, draft_id: str, task_id: int, dropped: bool, now: datetime
) -> Outcome:
    """Drop a task from the card (dropped=True) or bring it back; a second identical press changes nothing."""
    closed = _open(session, chat_id, draft_id)
    if closed is not None:
        return closed
    result = session.exec(
        update(DraftTask)
        .where(col(DraftTask.id) == task_id, col(DraftTask.draft_id) == draft_id,
               col(DraftTask.dropped) == (not dropped))
        .values(dropped=dropped)
    )
    changed = _changed(result)
    if changed:
        _touch(session, draft_id, now)
    session.commit()
    if changed:
        return Outcome.CHANGED
    exists = session.exec(select(DraftTask.id).where(DraftTask.id == task_id, DraftTask.draft_id == draft_id))
    return Outcome.UNCHANGED if exists.first() is not None else Outcome.MISSING


def find_item(session: Session, *, chat_id: int, task_id: int) -> tuple[Card, Item] | None:
    """The card of this chat holding the task with this id, and the task."""
    row = session.get(DraftTask, task_id)
    card = get_card(session, chat_id=chat_id, draft_id=row.draft_id) if row is not None else None
    item = next((i for i in card.items if i.id == task_id), None) if card is not None else None
    return None if card is None or item is None else (card, item)


def set_deadline(
    session: Session,
    *,
    chat_id: int,
    draft_id: str,
    task_id: int,
    deadline: date,
    deadline_time: time | None,
    said: str,
    now: datetime,
) -> tuple[Outcome, Item | None]:
    """Give one task of an open card, found by its id, the deadline a person typed (``said``)."""
    closed = _open(session, chat_id, draft_id)
    if closed is not None:
        return closed, None
    row = session.exec(select(DraftTask).where(DraftTask.id == task_id, DraftTask.draft_id == draft_id)).first()
    if row is None or row.id is None:
        return Outcome.MISSING, None
    task = replace(task_from(row.task), deadline=deadline, deadline_time=deadline_time, recurrence=None,
                   ongoing=False, relative=None, deadline_text=said[:200])
    session.exec(update(DraftTask).where(col(DraftTask.id) == task_id).values(task=task.to_dict()))
    _touch(session, draft_id, now)
    session.commit()
    return Outcome.CHANGED, Item(row.id, row.number, task, row.dropped)


def set_view(
    session: Session,
    *,
    chat_id: int,
    draft_id: str,
    show_all: bool | None = None,
    page: int | None = None,
    full: Extraction | None = None,
    message_id: int | None = None,
) -> None:
    """Remember how the card is shown (every agency, which page) and which message it is."""
    values: dict[str, Any] = {}
    if show_all is not None:
        values["show_all"] = show_all
    if page is not None:
        values["page"] = page
    if full is not None:
        values["full"] = full.to_dict()
    if message_id is not None:
        values["message_id"] = message_id
    if values:
        session.exec(update(Draft).where(col(Draft.id) == draft_id, col(Draft.chat_id) == chat_id).values(**values))
        session.commit()


def close_draft(session: Session, *, chat_id: int, draft_id: str, state: str, now: datetime) -> Outcome:
    """open → cancelled (or another final state) once; CLOSED when it was already closed."""
    result = session.exec(
        update(Draft).where(col(Draft.id) == draft_id, col(Draft.chat_id) == chat_id, col(Draft.state) == "open")
        .values(state=state, updated_at=now)
    )
    changed = _changed(result)
    session.commit()
    if changed:
        return Outcome.CHANGED
    return _open(session, chat_id, draft_id) or Outcome.CLOSED


@dataclass(frozen=True, slots=True)
class Saved:
    """The result of pressing «Lưu»: what was stored (tasks in card order), or why nothing was."""

    outcome: Outcome
    card: Card | None = None
    tasks: tuple[Task, ...] = ()
    duplicate: bool = False


def save_draft(
    session: Session, *, chat_id: int, draft_id: str, actor_id: int | None, now: datetime, calendar: Calendar
) -> Saved:
    """Store the card's kept tasks and plan their reminders, once, whoever presses and wherever."""
    card = get_card(session, chat_id=chat_id, draft_id=draft_id)
    if card is None:
        return Saved(Outcome.MISSING)
    claim = session.exec(
        update(Draft).where(col(Draft.id) == draft_id, col(Draft.chat_id) == chat_id, col(Draft.state) == "open")
        .values(state="saved", updated_at=now)
    )
    if not _changed(claim):
        session.rollback()
        session.refresh(card.draft)
        return Saved(Outcome.CLOSED, card)
    kept = card.kept
    if not kept:
        session.commit()
        return Saved(Outcome.CHANGED, card)
    try:
        dispatch, tasks = save_dispatch(
            session, chat_id=chat_id, extraction=card.extraction, tasks=[i.task for i in kept], text=card.draft.text,
            actor_id=actor_id, now=now, calendar=calendar, commit=False)
    except DuplicateDispatchError:
        session.rollback()  # the claim too: the draft is closed as a duplicate instead
        close_draft(session, chat_id=chat_id, draft_id=draft_id, state="duplicate", now=now)
        return Saved(Outcome.CHANGED, card, duplicate=True)
    session.exec(update(Draft).where(col(Draft.id) == draft_id).values(dispatch_id=dispatch.id))
    for item, task in zip(kept, tasks, strict=True):
        session.exec(update(DraftTask).where(col(DraftTask.id) == item.id).values(saved_task_id=task.id))
    session.commit()
    return Saved(Outcome.CHANGED, card, tuple(tasks))
