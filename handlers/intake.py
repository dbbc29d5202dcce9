"""Text messages: an answer to the date prompt, a reply to a card, or a part of a dispatch (handlers.gathering)."""

from __future__ import annotations

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

import storage
from handlers import gathering, prompts, texts
from handlers.deps import Deps, get_deps
from handlers.gathering import MIN_GROUP_DISPATCH
from storage import gathers


def is_explicit(message: Message) -> bool:
    """Whether a text is surely meant for the bot (private, forwarded, or long) rather than conversation."""
    if message.forward_origin is not None or message.chat.type == ChatType.PRIVATE:
        return True
    return len(message.text or "") >= MIN_GROUP_DISPATCH


async def answers_a_card(deps: Deps, message: Message) -> bool:
    """A short reply ("Lưu", "ok") to a card that is still open: the card works by its buttons."""
    replied = message.reply_to_message
    if replied is None or len(message.text or "") >= MIN_GROUP_DISPATCH:
        return False
    return await deps.run(storage.is_open_card, chat_id=message.chat.id, message_id=replied.message_id)


async def text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Take a text: the deadline being asked for, a reply to a card, or a part of a dispatch."""
    message = update.effective_message
    if message is None or not message.text:
        return
    if await prompts.answer(update, context):
        return
    deps = get_deps(context)
    if await answers_a_card(deps, message):
        await message.reply_text(texts.CARD_REPLY)
        return
    part = gathering.text_part(message, explicit=is_explicit(message))
    if not (part.explicit or part.opens or await deps.run(gathers.has_open, chat_id=part.chat_id,
                                                          user_id=part.user_id)):
        return  # conversation in a group, neither a dispatch nor the rest of one
    await gathering.add(context, part)
