"""Chats: agency binding, settings, active flag and dispatches held until the agency is known."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.audit import record
from storage.errors import InvalidSettingsError
from storage.models import Chat, PendingDispatch, Task
from storage.policy import Calendar
from storage.reminders import sync_reminders

_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def get_chat(session: Session, *, chat_id: int) -> Chat | None:
    """The chat, or None when the bot has never seen it."""
    return session.get(Chat, chat_id)


def get_or_create_chat(session: Session, *, chat_id: int, now: datetime, title: str | None = None) -> Chat:
    """The chat, created with default settings on first sight; the title is kept up to date."""
    chat = session.get(Chat, chat_id)
    if chat is None:
        chat = Chat(id=chat_id, title=title, created_at=now)
        session.add(chat)
        record(session, chat_id=chat_id, action="chat_created", now=now, detail={"title": title})
        try:
            session.commit()
        except IntegrityError:  # created concurrently by another update
            session.rollback()
            return _require(session, chat_id)
    elif title is not None and chat.title != title:
        chat.title = title
        session.add(chat)
        session.commit()
    return chat


def _require(session: Session, chat_id: int) -> Chat:
    chat = session.get(Chat, chat_id)
    if chat is None:
        raise LookupError(f"unknown chat {chat_id}")
    return chat


def set_agency(session: Session, *, chat_id: int, agency: str, actor_id: int | None, now: datetime) -> Chat:
    """Bind the chat to a (canonical) agency name."""
    chat = _require(session, chat_id)
    old, chat.agency = chat.agency, agency
    session.add(chat)
    record(
        session,
        chat_id=chat_id,
        actor_id=actor_id,
        action="set_agency",
        now=now,
        detail={"old": old, "new": agency},
    )
    session.commit()
    return chat


def _check_settings(days_before: Sequence[int] | None, send_at: str | None) -> None:
    if days_before is not None and any(not 0 < d <= 60 for d in days_before):
        raise InvalidSettingsError("days_before must be whole numbers between 1 and 60")
    if send_at is not None and not _HHMM.match(send_at):
        raise InvalidSettingsError("send_at must look like HH:MM")


def _settings(chat: Chat) -> dict[str, object]:
    return {
        "days_before": list(chat.days_before),
        "send_at": chat.send_at,
        "remind_collective": chat.remind_collective,
        "weekly_summary": chat.weekly_summary,
    }


def update_settings(
    session: Session,
    *,
    chat_id: int,
    actor_id: int | None,
    now: datetime,
    calendar: Calendar,
    days_before: Sequence[int] | None = None,
    send_at: str | None = None,
    remind_collective: bool | None = None,
    weekly_summary: bool | None = None,
) -> Chat:
    """Change reminder settings and re-plan the reminders of the chat's open tasks."""
    _check_settings(days_before, send_at)
    chat = _require(session, chat_id)
    old = _settings(chat)
    if days_before is not None:
        chat.days_before = sorted(set(days_before), reverse=True)
    if send_at is not None:
        hour, minute = send_at.split(":")
        chat.send_at = f"{int(hour):02d}:{minute}"
    if remind_collective is not None:
        chat.remind_collective = remind_collective
    if weekly_summary is not None:
        chat.weekly_summary = weekly_summary
    session.add(chat)
    new = _settings(chat)
    record(
        session,
        chat_id=chat_id,
        actor_id=actor_id,
        action="update_settings",
        now=now,
        detail={"old": old, "new": new},
    )
    for task in session.exec(select(Task).where(Task.chat_id == chat_id, col(Task.status) == "open")):
        sync_reminders(session, task=task, chat=chat, calendar=calendar, now=now)
    session.commit()
    return chat


def set_chat_active(
    session: Session, *, chat_id: int, active: bool, now: datetime, actor_id: int | None = None
) -> Chat | None:
    """Mark a chat (in)active; reminders of an inactive chat wait until it is active again."""
    chat = session.get(Chat, chat_id)
    if chat is None:
        return None
    if chat.active != active:
        chat.active = active
        chat.probe_at, chat.probe_failures = None, 0  # told, not guessed: no probing either way
        session.add(chat)
        record(
            session,
            chat_id=chat_id,
            actor_id=actor_id,
            action="activate" if active else "deactivate",
            now=now,
        )
        session.commit()
    return chat


def chat_heard_from(session: Session, *, chat_id: int, now: datetime) -> bool:
    """An update came from this chat, so it is reachable: an inactive chat is active again (True if it was)."""
    active = session.exec(select(Chat.active).where(Chat.id == chat_id)).first()
    if active is None or active:
        return False
    return set_chat_active(session, chat_id=chat_id, active=True, now=now) is not None


def add_pending_dispatch(
    session: Session, *, chat_id: int, text: str, actor_id: int | None, now: datetime
) -> PendingDispatch:
    """Keep a dispatch that arrived before the chat chose its agency."""
    _require(session, chat_id)
    pending = PendingDispatch(chat_id=chat_id, text=text, actor_id=actor_id, received_at=now)
    session.add(pending)
    record(
        session,
        chat_id=chat_id,
        actor_id=actor_id,
        action="hold_dispatch",
        now=now,
        detail={"chars": len(text)},
    )
    session.commit()
    return pending


def take_pending_dispatches(session: Session, *, chat_id: int) -> list[PendingDispatch]:
    """Return the held dispatches of a chat, oldest first, and remove them."""
    rows = list(
        session.exec(
            select(PendingDispatch)
            .where(PendingDispatch.chat_id == chat_id)
            .order_by(col(PendingDispatch.received_at), col(PendingDispatch.id))
        )
    )
    copies = [PendingDispatch(**row.model_dump()) for row in rows]
    for row in rows:
        session.delete(row)
    session.commit()
    return copies
