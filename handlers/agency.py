"""/agency (alias /donvi): bind the chat to an agency, offering the closest names when unsure."""

from __future__ import annotations

import contextlib
from datetime import datetime

from sqlmodel import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

import dispatch
import storage
from handlers import texts
from handlers.access import pressed, require_admin
from handlers.deps import Deps, get_deps
from handlers.pipeline import clean_text, ensure_chat, process_pending
from handlers.texts import esc
from scheduler import callbacks

MAX_NAME = 200


def bound(session: Session, *, deps: Deps, chat_id: int, title: str | None, agency: str, actor_id: int | None,
          now: datetime) -> None:
    """Bind the chat (created with the deployment's defaults if new) to the agency."""
    ensure_chat(session, deps, chat_id, title)
    storage.set_agency(session, chat_id=chat_id, agency=agency, actor_id=actor_id, now=now)


async def bind(update: Update, context: ContextTypes.DEFAULT_TYPE, agency: str) -> None:
    """Save the agency, confirm, then process the dispatches kept until now."""
    message = update.effective_message
    assert message is not None
    deps = get_deps(context)
    chat_id = message.chat.id
    await deps.run(bound, deps=deps, chat_id=chat_id, title=message.chat.title, agency=agency,
                   actor_id=update.effective_user.id if update.effective_user else None, now=deps.clock.now())
    await deps.run(storage.close_offers, chat_id=chat_id, kind="agency")
    await context.bot.send_message(chat_id, texts.AGENCY_SET.format(agency=esc(agency)))
    await process_pending(context, chat_id)


async def agency_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Set the chat's agency: /agency <tên đơn vị>."""
    message = update.effective_message
    assert message is not None
    name = clean_text(" ".join(context.args or [])).strip()
    deps = get_deps(context)
    if not name or len(name) > MAX_NAME:
        chat = await deps.run(storage.get_chat, chat_id=message.chat.id)
        current = chat.agency if chat else None
        prefix = texts.AGENCY_CURRENT.format(agency=esc(current)) if current else ""
        await message.reply_text(prefix + texts.AGENCY_USAGE)
        return
    if not await require_admin(update, context, "đổi đơn vị của nhóm"):
        return
    canonical = dispatch.resolve_agency(name)
    if canonical is not None:
        await bind(update, context, canonical)
        return
    offers = [s for s in dispatch.suggest_agencies(name, limit=5) if s][:5]
    offered = await deps.run(storage.offer, chat_id=message.chat.id, kind="agency", choices=[*offers, name],
                             now=deps.clock.now())
    rows = [[InlineKeyboardButton(s, callback_data=callbacks.offer("ag", offered.id, i))]
            for i, s in enumerate(offers)]
    rows.append([InlineKeyboardButton(texts.AGENCY_KEEP_NAME.format(name=name[:40]),
                                      callback_data=callbacks.offer("ag", offered.id, len(offers)))])
    text = (texts.AGENCY_UNSURE if offers else texts.AGENCY_UNKNOWN).format(name=esc(name))
    await message.reply_text(text, reply_markup=InlineKeyboardMarkup(rows))


async def agency_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """One of the offered agency names was chosen."""
    got = await pressed(update)
    if got is None:
        return
    query, message = got
    deps = get_deps(context)
    press = callbacks.parse(query.data)
    chat_id = message.chat.id
    offered = None
    if isinstance(press, callbacks.OfferPress) and press.kind == "ag":
        offered = await deps.run(storage.get_offer, chat_id=chat_id, offer_id=press.offer_id, kind="agency")
    if offered is None or not isinstance(press, callbacks.OfferPress) or press.index >= len(offered.choices):
        await message.reply_text(texts.EXPIRED_OFFER)
        return
    if not await require_admin(update, context, "đổi đơn vị của nhóm"):
        return
    if not await deps.run(storage.take_offer, chat_id=chat_id, offer_id=offered.id):
        return  # a double tap: the first press binds
    with contextlib.suppress(BadRequest):  # the offer's buttons may already be gone
        await query.edit_message_reply_markup(None)
    await bind(update, context, str(offered.choices[press.index]))
