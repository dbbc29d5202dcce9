"""/lich (/calendar): the chat's open deadlines as an .ics file that Google Calendar and Outlook import."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session
from telegram import InputFile, Update
from telegram.ext import ContextTypes

import storage
from dispatch.time.urgency import URGENCY_NAMES
from handlers import texts
from handlers.deps import get_deps
from handlers.format import deadline_vi, shorten
from reports.ics import CalendarTask, calendar_bytes
from storage.policy import local_date

TITLE_CHARS = 120  # a calendar shows the start of a title; the whole task is in the description


@dataclass(frozen=True, slots=True)
class Deadlines:
    """What goes into the file: the events, the chat's name, and the open tasks left out (no date yet)."""

    name: str
    events: list[CalendarTask]
    undated: int


def calendar_task(task: storage.Task, dispatch: storage.Dispatch | None) -> CalendarTask:
    """One event: '#3 [HỎA TỐC] Rà soát …' on the deadline, the whole task and its dispatch in the description."""
    assert task.id is not None and task.deadline is not None
    mark = f"[{URGENCY_NAMES[task.urgency].upper()}] " if task.urgency in URGENCY_NAMES else ""
    lines = [task.text, f"Hạn: {deadline_vi(task)}"]
    if dispatch is not None and dispatch.number:
        lines.append(f"Công văn số {dispatch.number}" + (f": {dispatch.subject}" if dispatch.subject else ""))
    return CalendarTask(task_id=task.id, title=f"#{task.short_id} {mark}{shorten(task.text, TITLE_CHARS)}",
                        description="\n".join(lines), deadline=task.deadline, deadline_time=task.deadline_time,
                        recurrence=task.recurrence)


def open_deadlines(session: Session, *, chat_id: int) -> Deadlines:
    """Every open task of the chat that has a deadline (urgent first, then by deadline)."""
    chat = storage.get_chat(session, chat_id=chat_id)
    name = f"Đôn đốc — {chat.agency or chat.title or ''}" if chat is not None else "Đôn đốc"
    tasks = storage.list_tasks(session, chat_id=chat_id, which="open")
    dispatches: dict[int, storage.Dispatch | None] = {}
    events = []
    for task in tasks:
        if task.deadline is None or task.ongoing:
            continue
        if task.dispatch_id is not None and task.dispatch_id not in dispatches:
            dispatches[task.dispatch_id] = session.get(storage.Dispatch, task.dispatch_id)
        events.append(calendar_task(task, dispatches.get(task.dispatch_id) if task.dispatch_id else None))
    return Deadlines(name.rstrip(" —"), events, len(tasks) - len(events))


def file_name(now: datetime) -> str:
    """'lich-han-2026-03-02.ics': ASCII, says when it was made."""
    return f"lich-han-{local_date(now):%Y-%m-%d}.ics"


async def calendar_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the open deadlines as a calendar file: /lich."""
    message = update.effective_message
    assert message is not None
    deps = get_deps(context)
    now = deps.clock.now()
    found = await deps.run(open_deadlines, chat_id=message.chat.id)
    if not found.events:
        await message.reply_text(texts.CALENDAR_EMPTY)
        return
    data = await asyncio.to_thread(calendar_bytes, found.events, name=found.name, now=now)
    recurring = sum(1 for e in found.events if e.recurrence)
    caption = texts.CALENDAR_CAPTION.format(count=len(found.events))
    if recurring:
        caption += texts.CALENDAR_RECURRING.format(count=recurring)
    if found.undated:
        caption += texts.CALENDAR_UNDATED.format(count=found.undated)
    await message.reply_document(InputFile(data, filename=file_name(now)), caption=caption + texts.CALENDAR_HOW)
