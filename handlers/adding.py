"""/them (/add): a task typed by hand when extraction missed one, straight into the chat's list.

The card's «➕ Thêm việc» button asks the presser for the same words (handlers.prompts reads the answer) and
puts the task on the card, to be saved with its dispatch. Either way the words are
``<việc> [hạn <ngày>]``: the deadline after the last "hạn" is read by the user-date parser
(dispatch.user.userdates); without "hạn", a closing "trước <ngày>" copied from a dispatch dates the task too.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlmodel import Session
from telegram import Update
from telegram.ext import ContextTypes

import storage
from dispatch.model import Task as FoundTask
from dispatch.time.calendar import WorkCalendar
from dispatch.user.userdates import parse_user_deadline
from handlers import texts
from handlers.deps import get_deps
from handlers.format import deadline_vi, shorten
from handlers.pipeline import clean_text, ensure_chat

MAX_TASK_TEXT = 1000  # characters of a typed task (a card shows 300, a digest 600)
DEADLINE_WORDS = frozenset({"hạn", "han", "deadline"})
BEFORE_WORDS = frozenset({"trước", "truoc"})
_TRIM = " ,;:.-–—"


@dataclass(frozen=True, slots=True)
class Typed:
    """A task as typed: its words, its deadline when one was read, and date words that could not be read."""

    text: str
    deadline: date | None = None
    deadline_time: time | None = None
    said: str | None = None  # the deadline as typed ("25/12", "thứ sáu tuần sau")
    unreadable: str | None = None  # "hạn 31/02": a deadline was meant but is no date

    def found(self) -> FoundTask:
        """The task as the card and storage take it (no role: the chat's own)."""
        return FoundTask(text=self.text, deadline=self.deadline, deadline_time=self.deadline_time,
                         deadline_text=self.said)


def read_typed(text: str, *, now: datetime, calendar: WorkCalendar) -> Typed:
    """'Rà soát hồ sơ hạn 25/12' -> the task 'Rà soát hồ sơ' due 25/12 (never before today)."""
    words = unicodedata.normalize("NFC", text).split()
    unreadable = None
    for i in range(len(words) - 1, -1, -1):
        if words[i].casefold().strip(_TRIM) not in DEADLINE_WORDS or i == len(words) - 1:
            continue
        said = " ".join(words[i + 1:])
        parsed = parse_user_deadline(said, now=now, calendar=calendar)
        if parsed is not None:
            return Typed(" ".join(words[:i]).rstrip(_TRIM), parsed[0], parsed[1], said)
        if unreadable is None and any(c.isdigit() for c in said):
            unreadable = said  # the last "hạn": what the person meant as the deadline
    whole = " ".join(words)
    for i in range(len(words) - 1, 0, -1):
        if words[i].casefold() in BEFORE_WORDS:
            said = " ".join(words[i:])
            parsed = parse_user_deadline(said, now=now, calendar=calendar)
            if parsed is not None:
                return Typed(whole, parsed[0], parsed[1], said)
    return Typed(whole, unreadable=unreadable)


def added_text(task: storage.Task) -> str:
    """The reply once a typed task is stored: its number, words and deadline (and how to date it)."""
    reply = texts.TASK_ADDED.format(label=f"#{task.short_id}", text=texts.esc(shorten(task.text, 300)),
                                    deadline=texts.esc(deadline_vi(task)))
    return reply + (texts.TASK_ADDED_UNDATED.format(number=task.short_id) if task.deadline is None else "")


async def add_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Add a task by hand: /them <việc> [hạn <ngày>]."""
    message, user = update.effective_message, update.effective_user
    assert message is not None
    deps = get_deps(context)
    now = deps.clock.now()
    typed = read_typed(clean_text(" ".join(context.args or [])), now=now, calendar=deps.calendar)
    if not typed.text or len(typed.text) > MAX_TASK_TEXT:
        await message.reply_text(texts.ADD_USAGE)
        return
    if typed.unreadable is not None:
        await message.reply_text(texts.BAD_DEADLINE.format(text=texts.esc(typed.unreadable[:100])))
        return

    def store(session: Session) -> storage.Task:
        ensure_chat(session, deps, message.chat.id, message.chat.title)
        return storage.add_task(session, chat_id=message.chat.id, found=typed.found(),
                                actor_id=user.id if user else None, now=now, calendar=deps.calendar)

    task = await deps.run(store)
    await message.reply_text(added_text(task))
