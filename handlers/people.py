"""People as the bot sees them: recorded when seen, linked to their private chat by /start, /cuatoi."""

from __future__ import annotations

from datetime import datetime

from telegram import Update, User
from telegram.constants import ChatType
from telegram.ext import ContextTypes

import storage
from handlers import texts
from handlers.deps import Deps, get_deps
from handlers.format import deadline_vi, fit, shorten
from handlers.texts import esc

START_PAYLOAD = "nhac"  # https://t.me/<bot>?start=nhac: any /start in private links, this one says only that
STATE_ORDER = ("open_overdue", "open_on_time", "done_late", "done_on_time")
MAX_REMEMBERED = 50_000  # (chat, user) pairs whose last sight is known without a database write


def deep_link(context: ContextTypes.DEFAULT_TYPE) -> str:
    """The link that opens a private chat with the bot and sends /start nhac."""
    return f"https://t.me/{context.bot.username}?start={START_PAYLOAD}"


async def record(deps: Deps, user: User, chat_id: int | None) -> storage.Person:
    """Record a user as seen (in group ``chat_id``, when given)."""
    return await deps.run(storage.see_user, user_id=user.id, username=user.username, name=user.full_name,
                          now=deps.clock.now(), calendar=deps.calendar, chat_id=chat_id)


async def seen_gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every update: remember who was seen where (the assignment picker lists a group's people)."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or user.is_bot:
        return
    deps = get_deps(context)
    group = None if chat.type == ChatType.PRIVATE else chat.id
    key, value = (chat.id, user.id), (user.username, user.full_name)
    if deps.people_seen.get(key) == value:
        return  # nothing new since the last sight: no write
    await record(deps, user, group)
    if len(deps.people_seen) >= MAX_REMEMBERED:
        deps.people_seen.clear()
    deps.people_seen[key] = value


async def link_private(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """/start in a private chat: this person's reminders come here too from now on; what to tell them."""
    user = update.effective_user
    assert user is not None
    deps = get_deps(context)
    now = deps.clock.now()
    await deps.run(storage.set_chat_active, chat_id=user.id, active=True, now=now, actor_id=user.id)
    count = await deps.run(storage.start_private, user_id=user.id, username=user.username, name=user.full_name,
                           now=now, calendar=deps.calendar)
    return texts.LINKED.format(count=count)


def task_line(task: storage.Task, group: storage.Chat, now: datetime) -> str:
    """One of my tasks: number, group, deadline, days late."""
    _, days = storage.official_state(task, now)
    late = f" — quá hạn {days} ngày" if days else ""
    return texts.MY_TASK_LINE.format(number=task.short_id, group=esc(group.title or group.agency or "nhóm"),
                                     deadline=esc(deadline_vi(task)), late=late, text=esc(shorten(task.text, 160)))


def my_tasks_text(found: list[tuple[storage.Task, storage.Chat]], now: datetime) -> str:
    """/cuatoi: the user's tasks of every group, by official state."""
    sections: dict[str, list[str]] = {state: [] for state in STATE_ORDER}
    for task, group in found:
        state, _ = storage.official_state(task, now)
        sections[state].append(task_line(task, group, now))
    body: list[str] = []
    for state in STATE_ORDER:
        if sections[state]:
            body.append(f"\n{texts.STATE_ICONS[state]} <b>{texts.STATE_NAMES[state]}</b> ({len(sections[state])})")
            body.extend(sections[state])
    tail = [texts.MY_TASKS_DONE_NOTE] if sections["done_late"] or sections["done_on_time"] else []
    return fit([texts.MY_TASKS_TITLE.format(count=len(found))], body, tail)


async def my_tasks_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List my tasks across all my groups: /cuatoi (in a private chat)."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    if message.chat.type != ChatType.PRIVATE:
        await message.reply_text(texts.MY_TASKS_PRIVATE.format(link=deep_link(context)))
        return
    deps = get_deps(context)
    now = deps.clock.now()
    found = await deps.run(storage.tasks_of, user_id=user.id, now=now)
    await message.reply_text(my_tasks_text(found, now) if found else texts.MY_TASKS_NONE)
