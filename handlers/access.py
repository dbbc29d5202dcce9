"""Who may do what: group admins for agency, settings and deletion; chat allowlist; argument parsing."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Message, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

import storage
from handlers import texts
from handlers.deps import get_deps

log = logging.getLogger(__name__)
ADMIN_STATUSES = frozenset({ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER})


async def pressed(update: Update) -> tuple[CallbackQuery, Message] | None:
    """Answer a button press (Telegram shows a spinner until then); the query and the message it is on."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    message = update.effective_message
    return None if message is None else (query, message)


async def is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """True in private chats, or for a group admin (asked with getChatMember)."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return False
    if chat.type == ChatType.PRIVATE:
        return True
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError:
        log.warning("getChatMember failed in chat %s", chat.id, exc_info=True)
        return False
    return member.status in ADMIN_STATUSES


async def require_admin(update: Update, context: ContextTypes.DEFAULT_TYPE, action: str) -> bool:
    """Like is_admin, but tells a non-admin politely."""
    if await is_admin(update, context):
        return True
    message = update.effective_message
    if message is not None:
        await message.reply_text(texts.ADMIN_ONLY.format(action=action))
    return False


def number(text: str, max_digits: int = 9) -> int | None:
    """ASCII digits only ('²' and '٣' pass str.isdigit() but are not numbers here) -> int; else None."""
    if not text or len(text) > max_digits or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def task_number(arg: str) -> int | None:
    """'3' or '#3' -> 3; anything else -> None."""
    return number(arg.strip().lstrip("#"))


async def allowlist_gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Leave chats that are not on the configured allowlist (and ignore their updates)."""
    allowed = get_deps(context).settings.allowed_chats
    chat = update.effective_chat
    if allowed is None or chat is None or chat.id in allowed:
        return
    if chat.type != ChatType.PRIVATE:
        try:
            await context.bot.leave_chat(chat.id)
        except TelegramError:
            log.warning("could not leave chat %s", chat.id, exc_info=True)
    raise ApplicationHandlerStop


async def once_gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Webhook mode: drop an update some instance already took in (Telegram delivers again when unsure)."""
    deps = get_deps(context)
    if deps.settings.webhook is None:  # long polling: getUpdates offsets already hand each update out once
        return
    fresh = await deps.run(storage.first_sight, update_id=update.update_id, now=deps.clock.now())
    if not fresh:
        log.info("update %s was already taken in: dropped", update.update_id)
        raise ApplicationHandlerStop
