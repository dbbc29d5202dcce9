"""/viec (/tasks), /xong (/done) and /hoantac (/undo): the chat's tasks by their short ids."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, cast

from sqlmodel import Session
from telegram import Update, User
from telegram.ext import ContextTypes

import storage
from dispatch.time.calendar import WorkCalendar
from handlers import texts
from handlers.access import task_number
from handlers.deps import Deps, get_deps
from handlers.format import ROLE_TITLES, deadline_vi, fit, moment_vi, shorten
from handlers.texts import esc
from scheduler.digest import URGENCY_MARKS, mention


def people_html(people: list[storage.Person]) -> str:
    """The assignees as HTML: @username, or a mention link for someone without one."""
    return ", ".join(mention(person.assignee) for person in people)

MAX_AT_ONCE = 20  # /xong 3 4 5 … at most this many tasks in one command
Which = Literal["open", "all", "overdue", "done"]
WHICH = {"": "open", "open": "open", "all": "all", "tatca": "all", "overdue": "overdue", "quahan": "overdue",
         "done": "done", "xong": "done"}


def label(task: storage.Task) -> str:
    return f"#{task.short_id}"


def task_line(task: storage.Task, now: datetime) -> str:
    """'#3 · Chủ trì · ⏰ deadline' and the task text, as HTML."""
    flags = ""
    if task.status == "done":
        flags = " ✅"
    elif storage.is_overdue(task, now):
        flags = " ⚠️ quá hạn"
    who = f" · 👤 {people_html(task.people)}" if task.people else ""
    mark = f" · {URGENCY_MARKS[task.urgency]}" if task.urgency in URGENCY_MARKS else ""
    return (f"<b>#{task.short_id}</b>{mark} · {ROLE_TITLES.get(task.role, 'Khác')} · ⏰ {esc(deadline_vi(task))}"
            f"{flags}{who}\n   {esc(shorten(task.text, 180))}")


def done_text(task: storage.Task, name: str, now: datetime) -> str:
    """The reply after a task is marked done: who, when, on time or late."""
    if task.status != "done" and not task.recurrence:
        return texts.ALREADY_DONE.format(label=label(task))
    late = texts.DONE_LATE if task.done_at is not None and storage.late_at(task, task.done_at) else ""
    return texts.DONE.format(label=label(task), who=esc(name), when=moment_vi(now), late=late)


def completed(session: Session, *, chat_id: int, task_id: int, user_id: int, name: str, now: datetime,
              calendar: WorkCalendar) -> str:
    """Mark done in this session; the reply."""
    before = storage.get_task(session, chat_id=chat_id, task_id=task_id)
    if before is None or before.status == "deleted":
        return texts.TASK_GONE
    if before.status == "done":
        return texts.ALREADY_DONE.format(label=label(before))
    task = storage.complete_task(session, chat_id=chat_id, task_id=task_id, actor_id=user_id, now=now,
                                 calendar=calendar, actor_name=name)
    return texts.TASK_GONE if task is None else done_text(task, name, now)


async def complete(deps: Deps, chat_id: int, task_id: int, user: User) -> str:
    """Mark done and say so (anyone in the chat may)."""
    return await deps.run(completed, chat_id=chat_id, task_id=task_id, user_id=user.id, name=user.full_name,
                          now=deps.clock.now(), calendar=deps.calendar)


async def find(update: Update, context: ContextTypes.DEFAULT_TYPE, usage: str) -> storage.Task | None:
    """The task named by the first argument, or a usage / not-found reply."""
    message = update.effective_message
    assert message is not None
    number = task_number(context.args[0]) if context.args else None
    if number is None:
        await message.reply_text(texts.TASK_USAGE[usage])
        return None
    deps = get_deps(context)
    task = await deps.run(storage.get_task, chat_id=message.chat.id, short_id=number,
                          include_deleted=usage == "undo")
    if task is None:
        await message.reply_text(texts.TASK_NOT_FOUND.format(short_id=number))
        return None
    return task


async def tasks_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the chat's tasks: /tasks [all|overdue|done]."""
    message = update.effective_message
    assert message is not None
    which = WHICH.get((context.args[0] if context.args else "").lower())
    if which is None or len(context.args or []) > 1:
        await message.reply_text(texts.TASK_USAGE["tasks"])
        return
    deps = get_deps(context)
    now = deps.clock.now()
    tasks = await deps.run(storage.list_tasks, chat_id=message.chat.id, which=cast(Which, which), now=now)
    lines = [task_line(t, now) for t in tasks]
    if not lines:
        await message.reply_text(texts.NO_TASKS[which])
        return
    await message.reply_text(fit([texts.TASKS_TITLE[which] + f" ({len(lines)})"], lines))


def numbers(args: list[str]) -> list[int] | None:
    """'3 4', '3,4' or '#3 #4' -> [3, 4] (each once, in order); None when any part is not a number."""
    parts = [p for arg in args for p in arg.split(",") if p.strip()]
    found = [task_number(p) for p in parts]
    if not found or len(found) > MAX_AT_ONCE or any(n is None for n in found):
        return None
    return list(dict.fromkeys(n for n in found if n is not None))


async def done_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Mark tasks done: /xong 3 (or /xong 3 4)."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    wanted = numbers(context.args or [])
    if wanted is None:
        await message.reply_text(texts.TASK_USAGE["done"])
        return
    deps = get_deps(context)
    replies = []
    for number in wanted:
        task = await deps.run(storage.get_task, chat_id=message.chat.id, short_id=number)
        if task is None or task.id is None:
            replies.append(texts.TASK_NOT_FOUND.format(short_id=number))
        else:
            replies.append(await complete(deps, message.chat.id, task.id, user))
    await message.reply_text("\n".join(replies))


async def undo_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reopen a done task or restore a deleted one: /hoantac <số>."""
    task = await find(update, context, "undo")
    if task is None or task.id is None:
        return
    assert update.effective_message is not None and update.effective_user is not None
    if task.status == "open" and not task.recurrence:
        await update.effective_message.reply_text(texts.NOT_DONE_YET.format(label=label(task)))
        return
    deps = get_deps(context)
    was = task.status
    await deps.run(storage.reopen_task, chat_id=task.chat_id, task_id=task.id, actor_id=update.effective_user.id,
                   now=deps.clock.now(), calendar=deps.calendar)
    reply = texts.RESTORED if was == "deleted" else texts.REOPENED
    await update.effective_message.reply_text(reply.format(label=label(task)))
