"""Where reminders can go: a chat the bot hears from is reachable again; an upgraded group moves to its new id."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

import storage
from handlers.deps import get_deps

log = logging.getLogger(__name__)


async def heard_from(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any message or button press from a chat paused after a refused send makes it active again."""
    chat = update.effective_chat
    if chat is None or update.my_chat_member is not None:  # membership changes decide for themselves
        return
    deps = get_deps(context)
    if await deps.run(storage.chat_heard_from, chat_id=chat.id, now=deps.clock.now()):
        log.info("chat %s is reachable again (an update came from it)", chat.id)


async def chat_migrated(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The group became a supergroup: move its tasks, reminders and settings to the new chat id."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        old_id, new_id = message.chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old_id, new_id = message.migrate_from_chat_id, message.chat.id
    else:
        return
    deps = get_deps(context)
    if await deps.run(storage.move_chat, old_id=old_id, new_id=new_id, now=deps.clock.now()):
        log.info("chat %s moved to %s (upgraded to a supergroup)", old_id, new_id)
