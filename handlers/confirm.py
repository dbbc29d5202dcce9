"""Buttons of the confirmation card: save all, drop a task, edit a deadline, every agency, cancel."""

from __future__ import annotations

import dataclasses
import logging

from sqlmodel import Session
from telegram import ForceReply, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

import storage
from dispatch.userdates import parse_user_deadline
from handlers import access, cards, texts
from handlers.deps import Awaiting, Deps, Draft, get_deps
from handlers.format import deadline_vi
from handlers.pipeline import clean_text, extract_for
from storage.errors import DuplicateDispatchError

log = logging.getLogger(__name__)
ACTIONS = frozenset({"save", "drop", "edit", "all", "cancel"})


def parse_data(data: str) -> tuple[str, str, int | None] | None:
    """'cd:<draft>:<action>[:<n>]' -> (draft id, action, n) or None when malformed."""
    parts = data.split(":")
    if len(parts) not in (3, 4) or parts[0] != "cd" or parts[2] not in ACTIONS:
        return None
    number = None
    if len(parts) == 4:
        number = access.number(parts[3], 3)
        if number is None:
            return None
    return parts[1], parts[2], number


async def refresh(context: ContextTypes.DEFAULT_TYPE, deps: Deps, draft: Draft) -> None:
    """Redraw the card after a change."""
    with Session(deps.db) as session:
        chat = storage.get_chat(session, chat_id=draft.chat_id)
        agency = chat.agency if chat and chat.agency else ""
    if (draft.show_all or not draft.tasks) and draft.full is None:
        draft.full = await extract_for(deps, draft.text, None)
    try:
        await context.bot.edit_message_text(cards.render(draft, agency, draft.full), chat_id=draft.chat_id,
                                            message_id=draft.message_id, reply_markup=cards.keyboard(draft))
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


async def card_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Handle a press on a confirmation card button."""
    got = await access.pressed(update)
    if got is None:
        return
    query, message = got
    deps = get_deps(context)
    parsed = parse_data(query.data or "")
    draft = deps.drafts.get(parsed[0]) if parsed else None
    if parsed is None or draft is None or draft.chat_id != message.chat.id:
        await message.reply_text(texts.EXPIRED)
        return
    _, action, number = parsed
    if number is not None and not 1 <= number <= len(draft.tasks):
        await message.reply_text(texts.STALE_BUTTON)
        return
    if action == "save":
        await save(context, deps, draft, query.from_user.id)
    elif action == "cancel":
        deps.drafts.pop(draft.id, None)
        await query.edit_message_text(texts.CANCELLED)
    elif action == "all":
        draft.show_all = not draft.show_all
        await refresh(context, deps, draft)
    elif action == "drop" and number is not None:
        del draft.tasks[number - 1]
        await refresh(context, deps, draft)
    elif action == "edit" and number is not None:
        deps.awaiting[(draft.chat_id, query.from_user.id)] = Awaiting(draft_id=draft.id, index=number - 1,
                                                                      label=str(number))
        await message.reply_text(texts.ASK_DEADLINE.format(label=number),
                                       reply_markup=ForceReply(selective=True))


async def save(context: ContextTypes.DEFAULT_TYPE, deps: Deps, draft: Draft, actor_id: int) -> None:
    """Store the confirmed tasks (this is when reminders get planned)."""
    if deps.drafts.pop(draft.id, None) is None:
        return
    if not draft.tasks:
        await context.bot.edit_message_text(texts.SAVED_NONE, chat_id=draft.chat_id, message_id=draft.message_id)
        return
    try:
        with Session(deps.db) as session:
            _, saved = storage.save_dispatch(
                session, chat_id=draft.chat_id, extraction=draft.extraction, tasks=list(draft.tasks),
                text=draft.text, actor_id=actor_id, now=deps.clock.now(), calendar=deps.calendar)
            short_ids = [t.short_id for t in saved]
    except DuplicateDispatchError:
        await context.bot.edit_message_text(texts.DUPLICATE.format(when=""), chat_id=draft.chat_id,
                                            message_id=draft.message_id)
        return
    await context.bot.edit_message_text(cards.saved_text(draft, short_ids), chat_id=draft.chat_id,
                                        message_id=draft.message_id)


async def draft_deadline(update: Update, context: ContextTypes.DEFAULT_TYPE, awaiting: Awaiting) -> None:
    """Read the user's answer as the new deadline of a draft task."""
    message = update.effective_message
    assert message is not None and message.text is not None
    deps = get_deps(context)
    draft = deps.drafts.get(awaiting.draft_id or "")
    if draft is None or awaiting.index is None or awaiting.index >= len(draft.tasks):
        await message.reply_text(texts.EXPIRED)
        return
    parsed = parse_user_deadline(message.text, now=deps.clock.now(), calendar=deps.calendar)
    if parsed is None:
        deps.awaiting[(draft.chat_id, message.from_user.id if message.from_user else 0)] = awaiting
        await message.reply_text(texts.BAD_DEADLINE.format(text=texts.esc(message.text[:100])))
        return
    day, at = parsed
    task = dataclasses.replace(draft.tasks[awaiting.index], deadline=day, deadline_time=at, recurrence=None,
                               ongoing=False, relative=None,
                               deadline_text=clean_text(message.text)[:200])
    draft.tasks[awaiting.index] = task
    await message.reply_text(texts.DEADLINE_SET.format(label=awaiting.label, deadline=texts.esc(deadline_vi(task))))
    await refresh(context, deps, draft)


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any callback data nobody recognises (tampered, or from an old version): answer politely."""
    query = update.callback_query
    assert query is not None
    await query.answer(texts.STALE_BUTTON_ALERT, show_alert=True)
