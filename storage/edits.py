"""A message edited after the bot read it: the card follows the edit; saved tasks change only when asked.

Telegram sends the whole edited message again (``edited_message``). ``edited_part`` finds what it was read
into: a part of a gather not yet read (its text is simply replaced), or a card (``Draft.sources``) whose
dispatch text is rebuilt from its parts with the edit in place.

The tasks of a card are numbered 1..n in the order extraction found them, then the ones added by hand.
An edit is applied position by position: the k-th task extraction finds in the edited text replaces the
k-th it found before, but only where the two readings differ, so a deadline someone corrected on the card
("Sửa hạn") survives an edit that did not touch that task. Tasks found anew are appended after the found
ones (before the ones added by hand); found ones the edited text no longer has are dropped from an open
card. On a saved card the same comparison gives the saved tasks to change (``saved_changes``), which the
group is offered with buttons; ``apply_update`` applies them once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from dispatch.model import Extraction
from dispatch.model import Task as FoundTask
from storage.audit import record
from storage.codec import meta_of, task_from
from storage.conversation import Draft, DraftTask, Gather, GatherPart, Offer, Prompt
from storage.dispatches import _allocate_short_ids, _require_chat
from storage.drafts import Outcome, _open
from storage.models import Task
from storage.policy import Calendar, local_date, upcoming
from storage.prompts import offer, take_offer
from storage.reminders import sync_reminders

CANDIDATES = 20  # drafts whose first part is at or before the edited message, newest first, that are looked at


@dataclass(frozen=True, slots=True)
class Source:
    """What an edited message was read into.

    ``gathering``: a part of a dispatch not read yet (nothing more to do). Otherwise ``draft`` is the card,
    and ``text`` the whole dispatch with the edit in place (None when its other parts are forgotten).
    """

    draft: Draft | None = None
    text: str | None = None
    gathering: bool = False


@dataclass(frozen=True, slots=True)
class Change:
    """A saved task that the edited text reads differently."""

    task: Task
    found: FoundTask

    @property
    def retold(self) -> bool:
        """Whether the task's words changed, beyond the deadline written in them."""
        old, new = self.task.text, self.found.text
        said, says = self.task.deadline_text, self.found.deadline_text
        if said and says:
            old = old.replace(said, says)
        return old != new


@dataclass(frozen=True, slots=True)
class Revision:
    """What an edit would change in the tasks saved from a card."""

    changes: tuple[Change, ...] = ()
    added: tuple[FoundTask, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.changes or self.added)


@dataclass(frozen=True, slots=True)
class Applied:
    """The tasks an accepted update changed and added."""

    changed: tuple[Task, ...] = ()
    added: tuple[Task, ...] = ()
    skipped: int = 0  # tasks done or deleted since the offer: left as they are


def _text_parts(session: Session, chat_id: int, message_ids: Sequence[int]) -> list[tuple[GatherPart, Gather]]:
    rows = session.exec(
        select(GatherPart, Gather).join(Gather, col(Gather.id) == col(GatherPart.gather_id))
        .where(Gather.chat_id == chat_id, Gather.kind == "text", col(GatherPart.message_id).in_(message_ids))
    ).all()
    return [(part, gather) for part, gather in rows]


def _draft_of(session: Session, chat_id: int, message_id: int) -> Draft | None:
    """The newest card read from this message (its first part, ``reply_to``, is at or before it)."""
    drafts = session.exec(
        select(Draft).where(Draft.chat_id == chat_id, col(Draft.reply_to) <= message_id)
        .order_by(col(Draft.reply_to).desc(), col(Draft.created_at).desc()).limit(CANDIDATES)
    ).all()
    return next((d for d in drafts if message_id in d.sources), None)


def edited_part(session: Session, *, chat_id: int, message_id: int, text: str) -> Source | None:
    """Record the new text of a message read as (part of) a dispatch; what it was read into, or None."""
    parts = _text_parts(session, chat_id, [message_id])
    for part, _ in parts:
        part.body = {**part.body, "text": text}
        session.add(part)
    session.commit()
    if any(gather.state == "open" for _, gather in parts):
        return Source(gathering=True)
    draft = _draft_of(session, chat_id, message_id)
    if draft is None:
        return None
    if list(draft.sources) == [message_id]:
        return Source(draft, text)
    texts = {part.message_id: str(part.body.get("text", "")) for part, _ in _text_parts(session, chat_id,
                                                                                          draft.sources)}
    if set(texts) != set(draft.sources):
        return Source(draft, None)
    return Source(draft, "\n".join(texts[m] for m in sorted(texts)))


def _rows(session: Session, draft_id: str) -> list[DraftTask]:
    return list(session.exec(select(DraftTask).where(DraftTask.draft_id == draft_id)
                             .order_by(col(DraftTask.number), col(DraftTask.id))).all())


def _renumber(session: Session, rows: Sequence[DraftTask]) -> None:
    for number, row in enumerate(rows, 1):
        if row.number != number:
            row.number = number
            session.add(row)


def revise_draft(
    session: Session, *, chat_id: int, draft_id: str, text: str, extraction: Extraction,
    before: Sequence[FoundTask], after: Sequence[FoundTask], now: datetime,
) -> Outcome:
    """Make an open card read the edited text: ``before``/``after`` are what extraction found in its old and
    new text, in card order."""
    closed = _open(session, chat_id, draft_id)
    if closed is not None:
        return closed
    rows = _rows(session, draft_id)
    found, by_hand = rows[:len(before)], rows[len(before):]
    for row, old, new in zip(found, before, after, strict=False):
        if old != new:
            row.task = new.to_dict()
            session.add(row)
    gone = found[len(after):]
    if gone:
        ids = [r.id for r in gone]
        session.exec(delete(Prompt).where(col(Prompt.draft_task_id).in_(ids)))
        session.exec(delete(DraftTask).where(col(DraftTask.id).in_(ids)))
    fresh = [DraftTask(draft_id=draft_id, number=0, task=t.to_dict()) for t in after[len(found):]]
    session.add_all(fresh)
    _renumber(session, [*found[:len(after)], *fresh, *by_hand])
    draft = session.get(Draft, draft_id)
    assert draft is not None
    draft.text, draft.meta, draft.full, draft.updated_at = text, meta_of(extraction), None, now
    session.add(draft)
    session.commit()
    return Outcome.CHANGED


def saved_changes(
    session: Session, *, chat_id: int, draft_id: str, before: Sequence[FoundTask], after: Sequence[FoundTask]
) -> Revision:
    """The saved tasks of a card that the edited text reads differently, and the tasks it adds."""
    rows = _rows(session, draft_id)[:len(before)]
    changes = []
    for row, old, new in zip(rows, before, after, strict=False):
        if old == new or row.saved_task_id is None:
            continue
        task = session.get(Task, row.saved_task_id)
        if task is not None and task.chat_id == chat_id and task.status == "open":
            changes.append(Change(task, new))
    return Revision(tuple(changes), tuple(after[len(before):]))


def _fill(task: Task, found: FoundTask, now: datetime) -> None:
    """Give a stored task what extraction found (a recurring one without a date, or past, gets its next
    occurrence, as save_dispatch does)."""
    deadline = upcoming(found.deadline, found.recurrence, local_date(now))
    deadline_time = (found.recurrence.at if found.recurrence else None) or found.deadline_time
    task.text, task.role, task.collective = found.text, found.role, found.collective
    task.assignees = [a.name for a in found.assignees]
    task.deadline, task.deadline_time, task.deadline_text = deadline, deadline_time, found.deadline_text
    task.recurrence, task.relative, task.ongoing = found.recurrence, found.relative, found.ongoing


def offer_update(
    session: Session, *, chat_id: int, draft_id: str, text: str, before: int, after: int, revision: Revision,
    now: datetime,
) -> Offer:
    """Keep what accepting the update would do (``before``/``after``: how many tasks extraction found in the
    old and the edited text); its buttons name the offer and a choice (0: update, 1: keep)."""
    payload = {"draft": draft_id, "text": text, "before": before, "after": after,
               "changes": [[c.task.id, c.found.to_dict()] for c in revision.changes],
               "added": [t.to_dict() for t in revision.added]}
    return offer(session, chat_id=chat_id, kind="update", choices=[payload, "keep"], now=now)


def apply_update(
    session: Session, *, chat_id: int, offer_id: str, actor_id: int | None, now: datetime, calendar: Calendar
) -> Applied | None:
    """Apply an offered update once (None when it was already taken or is unknown)."""
    row = session.exec(select(Offer).where(Offer.id == offer_id, Offer.chat_id == chat_id,
                                           Offer.kind == "update", Offer.state == "open")).first()
    if row is None or not take_offer(session, chat_id=chat_id, offer_id=offer_id):
        return None
    payload: dict[str, Any] = row.choices[0]
    draft = session.get(Draft, str(payload["draft"]))
    chat = _require_chat(session, chat_id)
    rows = _rows(session, draft.id) if draft is not None else []
    by_task = {r.saved_task_id: r for r in rows}
    changed: list[Task] = []
    skipped = 0
    for task_id, data in payload["changes"]:
        task = session.get(Task, int(task_id))
        if task is None or task.chat_id != chat_id or task.status != "open":
            skipped += 1
            continue
        old = {"text": task.text, "deadline": task.deadline.isoformat() if task.deadline else None}
        _fill(task, task_from(data), now)
        session.add(task)
        record(session, chat_id=chat_id, task_id=task.id, actor_id=actor_id, action="edit_update", now=now,
               detail={"old": old, "new": {"text": task.text,
                                           "deadline": task.deadline.isoformat() if task.deadline else None}})
        sync_reminders(session, task=task, chat=chat, calendar=calendar, now=now, keep_due=False)
        changed.append(task)
        if task.id in by_task:
            by_task[task.id].task = data
            session.add(by_task[task.id])
    found = [task_from(d) for d in payload["added"]]
    added = [Task(chat_id=chat_id, dispatch_id=draft.dispatch_id if draft else None, short_id=short_id,
                  text=f.text, urgency=draft.meta.get("urgency") if draft else None, created_at=now)
             for short_id, f in zip(_allocate_short_ids(session, chat_id, len(found)), found, strict=True)]
    for task, f in zip(added, found, strict=True):
        _fill(task, f, now)
        session.add(task)
    session.flush()
    for task in added:
        sync_reminders(session, task=task, chat=chat, calendar=calendar, now=now)
    if added:
        record(session, chat_id=chat_id, actor_id=actor_id, action="edit_add", now=now,
               detail={"short_ids": [t.short_id for t in added]})
    if draft is not None:  # the card now reads the edited text: the next edit is compared with it
        fresh = [DraftTask(draft_id=draft.id, number=0, task=f.to_dict(), saved_task_id=t.id)
                 for f, t in zip(found, added, strict=True)]
        session.add_all(fresh)
        before, after = int(payload["before"]), int(payload["after"])
        kept = min(before, after)  # found ones the edit no longer reads count as added by hand from now on
        _renumber(session, [*rows[:kept], *fresh, *rows[kept:]])
        draft.text, draft.updated_at = str(payload["text"]), now
        session.add(draft)
    session.commit()
    for task in (*changed, *added):
        session.refresh(task)
    return Applied(tuple(changed), tuple(added), skipped)
