"""From a dispatch's text to a confirmation card (or a 'kept until /agency' / 'already saved' reply)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import date, datetime

from sqlmodel import Session
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

import dispatch
import storage
from handlers import cards, texts
from handlers.deps import Deps, get_deps
from storage.policy import local_date

log = logging.getLogger(__name__)


def clean_text(text: str) -> str:
    """User text as it may be stored: without NUL characters (PostgreSQL text cannot hold them)."""
    return text.replace("\x00", "")


def ensure_chat(session: Session, deps: Deps, chat_id: int, title: str | None = None) -> storage.Chat:
    """The chat row; a new chat starts with the deployment's reminder defaults (config/env)."""
    chat = storage.get_chat(session, chat_id=chat_id)
    if chat is not None:
        return chat
    now = deps.clock.now()
    chat = storage.get_or_create_chat(session, chat_id=chat_id, now=now, title=title)
    cfg = deps.settings
    send_at = f"{cfg.send_at:%H:%M}"
    if (chat.send_at, list(chat.days_before), chat.remind_collective) != (
            send_at, list(cfg.days_before), cfg.remind_collective):
        chat = storage.update_settings(session, chat_id=chat_id, actor_id=None, now=now, calendar=deps.calendar,
                                       days_before=cfg.days_before, send_at=send_at,
                                       remind_collective=cfg.remind_collective)
    return chat


def agency_or_keep(session: Session, *, deps: Deps, chat_id: int, user_id: int | None, text: str, now: datetime,
                   explicit: bool) -> str | None:
    """The chat's agency; without one, a dispatch surely meant for the bot is kept until /agency."""
    chat = ensure_chat(session, deps, chat_id)
    if chat.agency is None and explicit:
        storage.add_pending_dispatch(session, chat_id=chat_id, text=text, actor_id=user_id, now=now)
    return chat.agency


async def chat_agency(deps: Deps, chat_id: int) -> str:
    """The agency the chat is bound to ("" when none)."""
    chat = await deps.run(storage.get_chat, chat_id=chat_id)
    return chat.agency if chat is not None and chat.agency else ""


async def extract_for(deps: Deps, text: str, agency: str | None, *, received: date | None = None) -> dispatch.Extraction:
    """Run the (pure, CPU-bound) extraction off the event loop."""
    today = received or deps.clock.now().date()
    return await asyncio.to_thread(dispatch.extract, text, agency=agency, received=today, calendar=deps.calendar)


async def process_dispatch(context: ContextTypes.DEFAULT_TYPE, chat_id: int, user_id: int | None, text: str,
                           *, explicit: bool, reply_to: int | None = None, sources: Sequence[int] = (),
                           missing: int = 0) -> None:
    """Read a dispatch for this chat and answer with its card; keep it if the chat has no agency yet."""
    deps = get_deps(context)
    now = deps.clock.now()
    text = clean_text(text)
    agency = await deps.run(agency_or_keep, deps=deps, chat_id=chat_id, user_id=user_id, text=text, now=now,
                            explicit=explicit)
    if agency is None:
        if explicit:
            await context.bot.send_message(chat_id, texts.NEED_AGENCY, reply_to_message_id=reply_to)
        return
    extraction = await extract_for(deps, text, agency)
    full = await extract_for(deps, text, None) if not extraction.tasks else None
    found_anything = extraction.tasks or (full is not None and full.tasks) or extraction.number
    if not found_anything and not extraction.subject:
        if explicit:
            await context.bot.send_message(chat_id, texts.NOT_A_DISPATCH, reply_to_message_id=reply_to)
        return
    existing = await deps.run(storage.find_duplicate_dispatch, chat_id=chat_id, number=extraction.number,
                              issuer=extraction.issuer, text=text)
    if existing is not None:
        when = f" (ngày {existing.created_at.astimezone(now.tzinfo):%d/%m/%Y})" if existing.created_at else ""
        await context.bot.send_message(chat_id, texts.DUPLICATE.format(when=when), reply_to_message_id=reply_to)
        return
    card = await deps.run(storage.create_draft, chat_id=chat_id, user_id=user_id, text=text, agency=agency,
                          extraction=extraction, tasks=cards.order_tasks(extraction.tasks), now=now, full=full,
                          reply_to=reply_to, sources=sources, missing=missing)
    message = await context.bot.send_message(
        chat_id, cards.render(card, agency, today=local_date(now)), reply_markup=cards.keyboard(card),
        parse_mode=ParseMode.HTML, reply_to_message_id=reply_to,
    )
    await deps.run(storage.set_view, chat_id=chat_id, draft_id=card.draft.id, message_id=message.message_id)


async def redraw_card(context: ContextTypes.DEFAULT_TYPE, deps: Deps, chat_id: int, draft_id: str) -> None:
    """Redraw the card as it is now in the database (whoever changed it, on whichever instance)."""
    card = await deps.run(storage.get_card, chat_id=chat_id, draft_id=draft_id)
    if card is None or card.draft.state != "open" or card.draft.message_id is None:
        return
    if (card.draft.show_all or not card.items) and card.full is None:
        full = await extract_for(deps, card.draft.text, None, received=card.draft.received)
        await deps.run(storage.set_view, chat_id=chat_id, draft_id=draft_id, full=full)
        card = await deps.run(storage.get_card, chat_id=chat_id, draft_id=draft_id)
        assert card is not None
    agency = await chat_agency(deps, chat_id)
    try:
        await context.bot.edit_message_text(cards.render(card, agency, today=local_date(deps.clock.now())),
                                            chat_id=chat_id,
                                            message_id=card.draft.message_id, reply_markup=cards.keyboard(card))
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


async def process_pending(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    """Process the dispatches kept while the chat had no agency."""
    deps = get_deps(context)
    pending = await deps.run(storage.take_pending_dispatches, chat_id=chat_id)
    items = [(p.actor_id, p.text) for p in pending]
    if items:
        await context.bot.send_message(chat_id, texts.PENDING_PROCESSING.format(count=len(items)))
    for actor_id, text in items:
        await process_dispatch(context, chat_id, actor_id, text, explicit=True)
