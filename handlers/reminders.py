"""Buttons on reminders (Xong, Hoãn 1 ngày, Gia hạn), in the group or an assignee's private chat; /han."""

from __future__ import annotations

import contextlib

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

import storage
from dispatch.user.userdates import parse_user_deadline
from handlers import access, prompts, texts
from handlers.deps import get_deps
from handlers.format import deadline_vi
from handlers.tasks import complete, find, label
from scheduler import callbacks


async def drop_row(update: Update, data: str) -> None:
    """Remove the pressed task's row of buttons from the reminder."""
    query = update.callback_query
    assert query is not None
    markup = getattr(query.message, "reply_markup", None)
    if not isinstance(markup, InlineKeyboardMarkup):
        return
    rows = [row for row in markup.inline_keyboard if all(b.callback_data != data for b in row)]
    if len(rows) == len(markup.inline_keyboard):
        return  # not a button of this message (tampered data): nothing to remove
    with contextlib.suppress(BadRequest):
        await query.edit_message_reply_markup(InlineKeyboardMarkup(rows) if rows else None)


async def reminder_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Handle Xong / Hoãn 1 ngày / Gia hạn on a reminder."""
    got = await access.pressed(update)
    if got is None:
        return
    query, message = got
    press = callbacks.parse(query.data)
    if not isinstance(press, callbacks.ReminderPress):
        await message.reply_text(texts.STALE_BUTTON)
        return
    kind, ident = press.kind, press.ident
    deps = get_deps(context)
    user = query.from_user
    # a reminder in an assignee's private chat acts on the task in its group
    chat_id = message.chat.id if kind == "snooze" else await deps.run(
        storage.acting_chat, chat_id=message.chat.id, task_id=ident, user_id=user.id)
    if chat_id is None:
        await message.reply_text(texts.TASK_GONE)
        return
    if kind == "done":
        reply = await complete(deps, chat_id, ident, user)
        await message.reply_text(reply)
        if chat_id != message.chat.id and reply.startswith("✅"):  # the group sees it done too
            await context.bot.send_message(chat_id, texts.DONE_FROM_PRIVATE.format(done=reply))
        await drop_row(update, query.data or "")
        return
    if kind == "snooze":
        reminder = await deps.run(storage.snooze_reminder, chat_id=chat_id, reminder_id=ident, actor_id=user.id,
                                  now=deps.clock.now(), calendar=deps.calendar)
        await message.reply_text(texts.SNOOZED if reminder is not None else texts.TASK_GONE)
        if reminder is not None:
            await drop_row(update, query.data or "")
        return
    task = await deps.run(storage.get_task, chat_id=chat_id, task_id=ident)
    if task is None or task.status != "open":
        await message.reply_text(texts.TASK_GONE)
        return
    await prompts.ask(deps, message, user, label=label(task), task_id=task.id)


async def set_deadline(update: Update, context: ContextTypes.DEFAULT_TYPE, task_id: int, task_label: str,
                       text: str) -> None:
    """Parse a typed date and move the task's deadline (the audit keeps the old one)."""
    message = update.effective_message
    assert message is not None
    deps = get_deps(context)
    user_id = update.effective_user.id if update.effective_user else None
    now = deps.clock.now()
    parsed = parse_user_deadline(text, now=now, calendar=deps.calendar)
    if parsed is None:
        await message.reply_text(texts.BAD_DEADLINE.format(text=texts.esc(text[:100])))
        return
    task = await deps.run(storage.change_deadline, chat_id=message.chat.id, task_id=task_id, deadline=parsed[0],
                          deadline_time=parsed[1], actor_id=user_id, now=now, calendar=deps.calendar)
    reply = (texts.DEADLINE_SET.format(label=task_label, deadline=texts.esc(deadline_vi(task)))
             if task is not None else texts.TASK_GONE)
    await message.reply_text(reply)


async def deadline_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Change a deadline: /deadline <id> <ngày>."""
    if len(context.args or []) < 2:
        assert update.effective_message is not None
        await update.effective_message.reply_text(texts.TASK_USAGE["deadline"])
        return
    task = await find(update, context, "deadline")
    if task is None or task.id is None:
        return
    await set_deadline(update, context, task.id, label(task), " ".join((context.args or [])[1:]))
