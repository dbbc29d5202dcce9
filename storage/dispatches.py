"""Dispatches of a chat: duplicate detection and saving the confirmed tasks."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from dispatch.model import Extraction
from dispatch.model import Task as FoundTask
from storage.audit import record
from storage.errors import DuplicateDispatchError
from storage.models import Chat, Dispatch, Task
from storage.policy import Calendar, local_date, upcoming
from storage.reminders import sync_reminders


def text_hash(text: str) -> str:
    """A hash of the dispatch text that ignores spacing, case and Unicode form."""
    canonical = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    return hashlib.sha256(canonical.encode()).hexdigest()


def _number_key(number: str | None) -> str | None:
    return re.sub(r"\s+", "", number).upper() if number and number.strip() else None


def _issuer_key(issuer: str | None) -> str | None:
    return " ".join(issuer.split()) if issuer and issuer.strip() else None


def find_duplicate_dispatch(
    session: Session, *, chat_id: int, number: str | None, issuer: str | None, text: str
) -> Dispatch | None:
    """A dispatch of this chat with the same number and issuer, or the same text."""
    same_text = col(Dispatch.text_hash) == text_hash(text)
    number_key, issuer_key = _number_key(number), _issuer_key(issuer)
    if number_key and issuer_key:
        same_id = (col(Dispatch.number) == number_key) & (col(Dispatch.issuer) == issuer_key)
        condition = or_(same_text, same_id)
    else:
        condition = same_text
    return session.exec(select(Dispatch).where(Dispatch.chat_id == chat_id, condition)).first()


def _require_chat(session: Session, chat_id: int) -> Chat:
    chat = session.get(Chat, chat_id)
    if chat is None:
        raise LookupError(f"unknown chat {chat_id}")
    return chat


def _allocate_short_ids(session: Session, chat_id: int, n: int) -> range:
    stmt = (
        update(Chat)
        .where(col(Chat.id) == chat_id)
        .values(next_short_id=col(Chat.next_short_id) + n)
        .returning(col(Chat.next_short_id))
    )
    end = int(session.exec(stmt).scalar_one())
    return range(end - n, end)


def save_dispatch(
    session: Session,
    *,
    chat_id: int,
    extraction: Extraction,
    tasks: Sequence[FoundTask],
    text: str,
    actor_id: int | None,
    now: datetime,
    calendar: Calendar,
    commit: bool = True,
) -> tuple[Dispatch, list[Task]]:
    """Save a dispatch and its confirmed tasks, give them short ids and plan their reminders.

    commit=False leaves the transaction open (flushed) for a caller that changes more in it (storage.drafts).
    """
    existing = find_duplicate_dispatch(
        session, chat_id=chat_id, number=extraction.number, issuer=extraction.issuer, text=text
    )
    if existing is not None:
        raise DuplicateDispatchError(existing)
    chat = _require_chat(session, chat_id)
    saved = Dispatch(
        chat_id=chat_id,
        number=_number_key(extraction.number),
        issuer=_issuer_key(extraction.issuer),
        issued=extraction.issued,
        subject=extraction.subject,
        text=text,
        text_hash=text_hash(text),
        created_by=actor_id,
        created_at=now,
    )
    session.add(saved)
    try:
        session.flush()
    except IntegrityError:  # saved concurrently by another update
        session.rollback()
        again = find_duplicate_dispatch(
            session, chat_id=chat_id, number=extraction.number, issuer=extraction.issuer, text=text
        )
        if again is None:
            raise
        raise DuplicateDispatchError(again) from None
    rows: list[Task] = []
    for short_id, found in zip(_allocate_short_ids(session, chat_id, len(tasks)), tasks, strict=True):
        deadline = upcoming(found.deadline, found.recurrence, local_date(now))
        deadline_time = (found.recurrence.at if found.recurrence else None) or found.deadline_time
        task = Task(
            chat_id=chat_id,
            dispatch_id=saved.id,
            short_id=short_id,
            text=found.text,
            role=found.role,
            collective=found.collective,
            assignees=[a.name for a in found.assignees],
            deadline=deadline,
            deadline_time=deadline_time,
            deadline_text=found.deadline_text,
            recurrence=found.recurrence,
            relative=found.relative,
            ongoing=found.ongoing,
            urgency=extraction.urgency,
            created_at=now,
        )
        session.add(task)
        rows.append(task)
    session.flush()
    for task in rows:
        sync_reminders(session, task=task, chat=chat, calendar=calendar, now=now)
    record(
        session,
        chat_id=chat_id,
        actor_id=actor_id,
        action="save_dispatch",
        now=now,
        detail={"dispatch_id": saved.id, "number": saved.number, "short_ids": [t.short_id for t in rows]},
    )
    if commit:
        session.commit()
    else:
        session.flush()
    return saved, rows
