"""Pasted or forwarded dispatch text: consecutive parts from one sender are gathered into one dispatch."""

from __future__ import annotations

from datetime import timedelta

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

import storage
from handlers import prompts, texts
from handlers.deps import Deps, Gather, get_deps
from handlers.pipeline import process_dispatch

MIN_GROUP_DISPATCH = 200  # shorter unforwarded texts in a group are chat, not dispatches


def gather_job_name(chat_id: int, user_id: int | None) -> str:
    return f"GATHER {chat_id} {user_id}"


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
    """Take a text: a deadline being asked for, or a part of a dispatch."""
    message = update.effective_message
    if message is None or not message.text:
        return
    if await prompts.answer(update, context):
        return
    deps = get_deps(context)
    chat_id = message.chat.id
    user_id = message.from_user.id if message.from_user else None
    if await answers_a_card(deps, message):
        await message.reply_text(texts.CARD_REPLY)
        return
    key = (chat_id, user_id)
    now = deps.clock.now()
    gather = deps.gathers.get(key)
    window = timedelta(seconds=deps.settings.gather_seconds)
    if gather is not None and now - gather.last_at > window:
        await flush(context, key)
        gather = None
    if gather is None:
        gather = deps.gathers[key] = Gather(parts=[], last_at=now, user_id=user_id,
                                            reply_to=message.message_id)
    gather.parts.append(message.text)
    gather.last_at = now
    gather.explicit = gather.explicit or is_explicit(message)
    schedule_flush(context, key)


def schedule_flush(context: ContextTypes.DEFAULT_TYPE, key: tuple[int, int | None]) -> None:
    """(Re)start the gather window for this sender."""
    job_queue = context.job_queue
    assert job_queue is not None
    name = gather_job_name(*key)
    for job in job_queue.get_jobs_by_name(name):
        job.schedule_removal()
    job_queue.run_once(gather_done, get_deps(context).settings.gather_seconds, data=key, name=name,
                       chat_id=key[0], user_id=key[1])


async def gather_done(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Job: the gather window closed; process what arrived."""
    assert context.job is not None
    key = context.job.data
    assert isinstance(key, tuple)
    await flush(context, key)


async def flush(context: ContextTypes.DEFAULT_TYPE, key: tuple[int, int | None]) -> None:
    """Join the gathered parts and process them as one dispatch."""
    gather = get_deps(context).gathers.pop(key, None)
    if gather is None or not gather.parts:
        return
    text = "\n".join(gather.parts)
    explicit = gather.explicit or len(text) >= MIN_GROUP_DISPATCH
    await process_dispatch(context, key[0], gather.user_id, text, explicit=explicit, reply_to=gather.reply_to)
