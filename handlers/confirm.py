"""Buttons of the confirmation card: save, drop or restore a task, edit a deadline, add one, pages, every agency,
cancel."""

from __future__ import annotations

import contextlib
import logging

from telegram import Message, Update, User
from telegram.error import BadRequest
from telegram.ext import ContextTypes

import storage
from handlers import access, cards, prompts, texts
from handlers.deps import Deps, get_deps
from handlers.pipeline import redraw_card
from scheduler import callbacks
from storage import Outcome
from storage.policy import local_date

log = logging.getLogger(__name__)


async def closed(message: Message, deps: Deps, chat_id: int, draft_id: str, outcome: Outcome) -> None:
    """Say why a press on this card does nothing any more."""
    card = await deps.run(storage.get_card, chat_id=chat_id, draft_id=draft_id) if outcome is Outcome.CLOSED else None
    state = card.draft.state if card is not None else "missing"
    reply = {"saved": texts.CARD_SAVED_BEFORE, "duplicate": texts.DUPLICATE.format(when=""),
             "cancelled": texts.CARD_CANCELLED_BEFORE}.get(state, texts.EXPIRED)
    await message.reply_text(reply)


async def card_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Handle a press on a confirmation card button."""
    got = await access.pressed(update)
    if got is None:
        return
    query, message = got
    press = callbacks.parse(query.data)
    if not isinstance(press, callbacks.CardPress):
        await message.reply_text(texts.STALE_BUTTON)
        return
    deps = get_deps(context)
    chat_id, draft_id, now = message.chat.id, press.draft_id, deps.clock.now()
    outcome: Outcome
    if press.action == "save":
        await save(context, deps, message, draft_id, query.from_user)
        return
    if press.action == "cancel":
        outcome = await deps.run(storage.close_draft, chat_id=chat_id, draft_id=draft_id, state="cancelled", now=now)
        if outcome is Outcome.CHANGED:
            await query.edit_message_text(texts.CANCELLED)
            return
    elif press.action in ("drop", "back") and press.arg is not None:
        outcome = await deps.run(storage.set_dropped, chat_id=chat_id, draft_id=draft_id, task_id=press.arg,
                                 dropped=press.action == "drop", now=now)
    elif press.action == "edit" and press.arg is not None:
        await ask_deadline(deps, message, query.from_user, press.arg)
        return
    elif press.action == "add":
        await ask_task(deps, message, query.from_user, draft_id)
        return
    else:
        outcome = await view(deps, chat_id, press)
    if outcome is Outcome.CHANGED:
        await redraw_card(context, deps, chat_id, draft_id)
    elif outcome in (Outcome.CLOSED, Outcome.MISSING):
        await closed(message, deps, chat_id, draft_id, outcome)


async def view(deps: Deps, chat_id: int, press: callbacks.CardPress) -> Outcome:
    """Turn a page, or show / hide every agency's tasks."""
    card = await deps.run(storage.get_card, chat_id=chat_id, draft_id=press.draft_id)
    if card is None:
        return Outcome.MISSING
    if card.draft.state != "open":
        return Outcome.CLOSED
    if press.action == "page":
        if press.arg is None or not 0 <= press.arg < cards.pages(card):
            return Outcome.UNCHANGED
        await deps.run(storage.set_view, chat_id=chat_id, draft_id=press.draft_id, page=press.arg)
    else:
        await deps.run(storage.set_view, chat_id=chat_id, draft_id=press.draft_id, show_all=not card.draft.show_all)
    return Outcome.CHANGED


async def ask_deadline(deps: Deps, message: Message, user: User, task_id: int) -> None:
    """Ask this person (by name, with a Hủy button) for the new deadline of one task of the card."""
    found = await deps.run(storage.find_item, chat_id=message.chat.id, task_id=task_id)
    if found is None or found[0].draft.state != "open":
        await message.reply_text(texts.EXPIRED if found is None else texts.CARD_SAVED_BEFORE
                                 if found[0].draft.state == "saved" else texts.CARD_CANCELLED_BEFORE)
        return
    _, item = found
    await prompts.ask(deps, message, user, label=str(item.number), draft_task_id=item.id)


async def ask_task(deps: Deps, message: Message, user: User, draft_id: str) -> None:
    """«➕ Thêm việc»: ask this person (by name, with a Hủy button) for a task to put on the card."""
    card = await deps.run(storage.get_card, chat_id=message.chat.id, draft_id=draft_id)
    if card is None or card.draft.state != "open":
        await closed(message, deps, message.chat.id, draft_id, Outcome.MISSING if card is None else Outcome.CLOSED)
        return
    await prompts.ask(deps, message, user, label=str(len(card.items) + 1), draft_id=draft_id)


async def save(context: ContextTypes.DEFAULT_TYPE, deps: Deps, message: Message, draft_id: str, user: User) -> None:
    """Store the kept tasks (this is when reminders get planned), once, whoever presses first."""
    chat_id = message.chat.id
    saved = await deps.run(storage.save_draft, chat_id=chat_id, draft_id=draft_id, actor_id=user.id,
                           now=deps.clock.now(), calendar=deps.calendar)
    if saved.outcome is not Outcome.CHANGED or saved.card is None:
        await closed(message, deps, chat_id, draft_id, saved.outcome)
        return
    if saved.duplicate:
        text = texts.DUPLICATE.format(when="")
    elif not saved.tasks:
        text = texts.SAVED_NONE
    else:
        text = cards.saved_text(saved.card, [t.short_id for t in saved.tasks], today=local_date(deps.clock.now()))
    message_id = saved.card.draft.message_id or message.message_id
    with contextlib.suppress(BadRequest):  # the card may be gone; the tasks are saved either way
        await context.bot.edit_message_text(text, chat_id=chat_id, message_id=message_id)


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any callback data nobody recognises (tampered, or from an old version): answer politely."""
    query = update.callback_query
    assert query is not None
    await query.answer(texts.STALE_BUTTON_ALERT, show_alert=True)
