"""/xoa (/delete): ask first, delete on the admin's confirmation; /hoantac brings the task back."""

from __future__ import annotations

from sqlmodel import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

import storage
from handlers import access, texts
from handlers.deps import get_deps
from handlers.format import shorten
from handlers.tasks import find, label

CONFIRM, KEEP = "rm", "rmkeep"
PATTERN = rf"^({CONFIRM}|{KEEP}):"


def parse_data(data: str) -> tuple[str, int] | None:
    """'rm:<task id>' / 'rmkeep:<task id>' -> (kind, task id), else None."""
    kind, _, ident = data.partition(":")
    number = access.number(ident, 18)
    return None if kind not in (CONFIRM, KEEP) or number is None else (kind, number)


async def delete_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask whether to delete a task (group admins): /xoa <số>."""
    if not await access.require_admin(update, context, "xóa việc"):
        return
    task = await find(update, context, "delete")
    if task is None or task.id is None:
        return
    assert update.effective_message is not None
    keyboard = InlineKeyboardMarkup([[
        InlineKeyboardButton(texts.DELETE_YES.format(label=label(task)), callback_data=f"{CONFIRM}:{task.id}"),
        InlineKeyboardButton(texts.DELETE_NO, callback_data=f"{KEEP}:{task.id}"),
    ]])
    await update.effective_message.reply_text(
        texts.DELETE_ASK.format(label=label(task), number=task.short_id, text=texts.esc(shorten(task.text, 300))),
        reply_markup=keyboard)


async def delete_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The answer to the question: delete (admins only) or keep."""
    got = await access.pressed(update)
    if got is None:
        return
    query, message = got
    parsed = parse_data(query.data or "")
    if parsed is None:
        await message.reply_text(texts.STALE_BUTTON)
        return
    kind, task_id = parsed
    if not await access.require_admin(update, context, "xóa việc"):
        return
    deps = get_deps(context)
    with Session(deps.db) as session:
        task = storage.get_task(session, chat_id=message.chat.id, task_id=task_id)
        if task is not None and kind == CONFIRM:
            task = storage.delete_task(session, chat_id=message.chat.id, task_id=task_id, actor_id=query.from_user.id,
                                       now=deps.clock.now())
        reply = texts.TASK_GONE if task is None else (
            texts.DELETED if kind == CONFIRM else texts.DELETE_KEPT).format(label=label(task), number=task.short_id)
    await query.edit_message_text(reply)
