"""Edited messages: the card read from a dispatch follows its edit; once saved, the group is offered an update.

Telegram delivers an edit as ``edited_message`` with the whole new text. bot.app routes every one here
first, so an edited command or text is never taken for a new one.
"""

from __future__ import annotations

import contextlib
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

import storage
from handlers import access, cards, texts
from handlers.deps import Deps, get_deps
from handlers.format import deadline_vi, fit, shorten
from handlers.pipeline import clean_text, extract_for, redraw_card
from handlers.texts import esc
from scheduler import callbacks
from storage import edits
from storage.drafts import Outcome
from storage.policy import local_date

log = logging.getLogger(__name__)
UPDATE, KEEP = 0, 1  # the offer's choices


async def edited_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A message was edited: update the card read from it, or offer to update the tasks saved from it."""
    message = update.edited_message
    if message is None or not message.text:
        return
    deps = get_deps(context)
    source = await deps.run(edits.edited_part, chat_id=message.chat.id, message_id=message.message_id,
                            text=clean_text(message.text))
    if source is None or source.gathering or source.draft is None:
        return  # not read as a dispatch, or not read yet (its gather reads the new text)
    draft = source.draft
    if draft.state not in ("open", "saved"):
        return
    if source.text is None:
        if draft.state == "open":
            await message.reply_text(texts.EDIT_PARTS_GONE)
        return
    before = await extract_for(deps, draft.text, draft.agency, received=draft.received)
    after = await extract_for(deps, source.text, draft.agency, received=draft.received)
    old, new = cards.order_tasks(before.tasks), cards.order_tasks(after.tasks)
    if draft.state == "open":
        outcome = await deps.run(edits.revise_draft, chat_id=draft.chat_id, draft_id=draft.id, text=source.text,
                                 extraction=after, before=old, after=new, now=deps.clock.now())
        if outcome is Outcome.CHANGED:
            await show_card(context, deps, draft.chat_id, draft.id, message)
        return
    revision = await deps.run(edits.saved_changes, chat_id=draft.chat_id, draft_id=draft.id, before=old, after=new)
    if revision:
        await offer(deps, message, draft.id, source.text, after.number, len(old), len(new), revision)


async def show_card(context: ContextTypes.DEFAULT_TYPE, deps: Deps, chat_id: int, draft_id: str,
                    edited: Message) -> None:
    """Redraw the card in place (sent anew when its message cannot be edited) and say it changed."""
    try:
        await redraw_card(context, deps, chat_id, draft_id)
    except BadRequest:
        log.info("card %s could not be edited: sent again", draft_id)
        card = await deps.run(storage.get_card, chat_id=chat_id, draft_id=draft_id)
        if card is None:
            return
        sent = await context.bot.send_message(chat_id, cards.render(card, card.draft.agency or "",
                                                                 today=local_date(deps.clock.now())),
                                              reply_markup=cards.keyboard(card),
                                              reply_to_message_id=edited.message_id)
        await deps.run(storage.set_view, chat_id=chat_id, draft_id=draft_id, message_id=sent.message_id)
    card = await deps.run(storage.get_card, chat_id=chat_id, draft_id=draft_id)
    if card is not None and card.draft.message_id is not None:
        await context.bot.send_message(chat_id, texts.EDIT_CARD_FOLLOWED, reply_to_message_id=card.draft.message_id)


def change_lines(revision: edits.Revision) -> list[str]:
    """One line per saved task the edit changes, then one per task it adds."""
    lines = []
    for change in revision.changes:
        old, new = deadline_vi(change.task), deadline_vi(change.found)
        if old != new:
            lines.append(texts.EDIT_OFFER_DEADLINE.format(number=change.task.short_id, old=esc(old), new=esc(new)))
        if change.retold:
            lines.append(texts.EDIT_OFFER_TEXT.format(number=change.task.short_id,
                                                      text=esc(shorten(change.found.text, 200))))
    lines.extend(texts.EDIT_OFFER_ADDED.format(text=esc(shorten(t.text, 200)), deadline=esc(deadline_vi(t)))
                 for t in revision.added)
    return lines


async def offer(deps: Deps, message: Message, draft_id: str, text: str, number: str | None, before: int,
                after: int, revision: edits.Revision) -> None:
    """Ask the group whether the saved tasks should follow the edit."""
    offered = await deps.run(edits.offer_update, chat_id=message.chat.id, draft_id=draft_id, text=text,
                             before=before, after=after, revision=revision, now=deps.clock.now())
    head = [texts.EDIT_OFFER.format(number=f" số {esc(number)}" if number else "")]
    buttons = InlineKeyboardMarkup([[
        InlineKeyboardButton(texts.EDIT_UPDATE_BUTTON, callback_data=callbacks.offer("up", offered.id, UPDATE)),
        InlineKeyboardButton(texts.EDIT_KEEP_BUTTON, callback_data=callbacks.offer("up", offered.id, KEEP)),
    ]])
    await message.reply_text(fit(head, change_lines(revision), [texts.EDIT_OFFER_ASK]), reply_markup=buttons)


def applied_text(applied: edits.Applied) -> str:
    """What an accepted update changed, task by task."""
    if not applied.changed and not applied.added:
        return texts.EDIT_NOTHING
    body = [texts.EDIT_UPDATED_LINE.format(number=t.short_id, deadline=esc(deadline_vi(t))) for t in applied.changed]
    body += [texts.EDIT_ADDED_LINE.format(number=t.short_id, text=esc(shorten(t.text, 200)),
                                          deadline=esc(deadline_vi(t))) for t in applied.added]
    tail = [texts.EDIT_SKIPPED.format(count=applied.skipped)] if applied.skipped else []
    return fit([texts.EDIT_UPDATED], body, tail)


async def update_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """«Cập nhật theo bản sửa» or «Giữ nguyên» under the offer made after an edit."""
    got = await access.pressed(update)
    if got is None:
        return
    query, message = got
    press = callbacks.parse(query.data)
    deps = get_deps(context)
    chat_id = message.chat.id
    if not isinstance(press, callbacks.OfferPress) or press.kind != "up" or press.index not in (UPDATE, KEEP):
        await message.reply_text(texts.STALE_BUTTON)
        return
    if press.index == KEEP:
        taken = await deps.run(storage.take_offer, chat_id=chat_id, offer_id=press.offer_id)
        reply = texts.EDIT_KEPT if taken else texts.EDIT_OFFER_GONE
    else:
        applied = await deps.run(edits.apply_update, chat_id=chat_id, offer_id=press.offer_id,
                                 actor_id=query.from_user.id, now=deps.clock.now(), calendar=deps.calendar)
        reply = texts.EDIT_OFFER_GONE if applied is None else applied_text(applied)
    with contextlib.suppress(BadRequest):  # the buttons may already be gone
        await query.edit_message_reply_markup(None)
    await message.reply_text(reply)

