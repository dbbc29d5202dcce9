"""/xoa (/delete): ask first, delete on the admin's confirmation; /hoantac brings the task back."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

import storage
from handlers import access, texts
from handlers.deps import get_deps
from handlers.format import shorten
from handlers.tasks import find, label
from scheduler import callbacks


async def delete_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask whether to delete a task (group admins): /xoa <số>."""
    if not await access.require_admin(update, context, "xóa việc"):
        return
    task = await find(update, context, "delete")
    if task is None or task.id is None:
        return
    assert update.effective_message is not None
    keyboard = InlineKeyboardMarkup([[
        InlineKeyboardButton(texts.DELETE_YES.format(label=label(task)), callback_data=callbacks.deletion("rm", task.id)),
        InlineKeyboardButton(texts.DELETE_NO, callback_data=callbacks.deletion("rmkeep", task.id)),
    ]])
    await update.effective_message.reply_text(
        texts.DELETE_ASK.format(label=label(task), number=task.short_id, text=texts.esc(shorten(task.text, 300))),
        reply_markup=keyboard)


def answered(session: Session, *, chat_id: int, task_id: int, confirmed: bool, actor_id: int,
             now: datetime) -> storage.Task | None:
    """The task, deleted when confirmed; None when it is gone."""
    task = storage.get_task(session, chat_id=chat_id, task_id=task_id)
    if task is not None and confirmed:
        task = storage.delete_task(session, chat_id=chat_id, task_id=task_id, actor_id=actor_id, now=now)
    return task


async def delete_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The answer to the question: delete (admins only) or keep."""
    got = await access.pressed(update)
    if got is None:
        return
    query, message = got
    press = callbacks.parse(query.data)
    if not isinstance(press, callbacks.DeletePress):
        await message.reply_text(texts.STALE_BUTTON)
        return
    task_id, confirmed = press.task_id, press.kind == "rm"
    if not await access.require_admin(update, context, "xóa việc"):
        return
    deps = get_deps(context)
    task = await deps.run(answered, chat_id=message.chat.id, task_id=task_id, confirmed=confirmed,
                          actor_id=query.from_user.id, now=deps.clock.now())
    reply = texts.TASK_GONE if task is None else (
        texts.DELETED if confirmed else texts.DELETE_KEPT).format(label=label(task), number=task.short_id)
    await query.edit_message_text(reply)
