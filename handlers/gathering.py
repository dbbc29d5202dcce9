"""Gathering the parts of a dispatch by what they say, not by the clock alone.

Telegram cuts a long paste into messages of 4,096 characters, and people paste a dispatch page by page,
sometimes half a minute apart; a forwarded batch may hold several dispatches. So a part joins its sender's
open gather unless it starts a new dispatch (its header: the national motto, or a "Số: 12/UBND" line among
its first lines) or comes from another forward origin. A gather whose last part ends a dispatch (Nơi nhận,
the signer, "./.") is read after ``gather_seconds`` of quiet; one not yet ended waits up to
``gather_wait_seconds`` (30 s) for its next part. The parts are rows (storage.gathers): a restart, or
another instance, reads them. ``sweep`` reads what is due; a job calls it every second.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta

from telegram import Message, MessageOrigin
from telegram.ext import ContextTypes

from dispatch.core.rules import rules
from handlers import documents
from handlers.deps import Deps, get_deps
from handlers.pipeline import process_dispatch
from storage import gathers
from storage.gathers import Part

SWEEP_JOB = "GATHER_SWEEP"
MIN_GROUP_DISPATCH = 200  # shorter unforwarded texts in a group are chat, not dispatches
HEAD_LINES = 12  # a header sits in the first lines of a dispatch
TAIL_LINES = 30  # the distribution list and the signer in its last ones
MOTTO = "cong hoa xa hoi chu nghia viet nam"
KEEP_GATHERS = timedelta(days=1)  # read gathers are deleted after this


def fold(line: str) -> str:
    """Lower case without diacritics (đ -> d), spaces collapsed: how the phrases below are compared."""
    plain = unicodedata.normalize("NFD", line.replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(c for c in plain if not unicodedata.combining(c)).casefold().split())


def _lines(text: str) -> list[str]:
    return [f for f in (fold(line) for line in text.splitlines()) if f]


def opens_dispatch(text: str) -> bool:
    """Whether a part begins a dispatch: the national motto or a "Số: 12/UBND" line in its first lines."""
    for line in _lines(text)[:HEAD_LINES]:
        if MOTTO in line:
            return True
        number = line.removeprefix("so").lstrip(" :.")
        if line.startswith("so") and number[:1].isdigit() and "/" in number.split(" ")[0]:
            return True
    return False


def closes_dispatch(text: str) -> bool:
    """Whether a part ends a dispatch: its distribution list, its signer block, or "./."."""
    structure = rules().structure
    ends = tuple(fold(p) for p in (*structure.distribution, *structure.signer_prefixes))
    tail = _lines(text)[-TAIL_LINES:]
    return any(line.startswith(ends) or line.endswith("./.") for line in tail)


def origin_key(origin: MessageOrigin | None) -> str:
    """Who a forwarded message comes from, as a short key ("" when typed or pasted)."""
    if origin is None:
        return ""
    for attribute in ("sender_user", "sender_chat", "chat"):
        who = getattr(origin, attribute, None)
        if who is not None:
            return f"{origin.type}:{who.id}"
    return f"{origin.type}:{getattr(origin, 'sender_user_name', '')}"[:200]


def text_part(message: Message, *, explicit: bool) -> Part:
    """A text message as a part to gather."""
    text = message.text or ""
    return Part(chat_id=message.chat.id, user_id=message.from_user.id if message.from_user else None,
                message_id=message.message_id, body={"text": text}, origin=origin_key(message.forward_origin),
                opens=opens_dispatch(text), closes=closes_dispatch(text), explicit=explicit)


def windows(deps: Deps) -> dict[str, timedelta]:
    return {"quiet": timedelta(seconds=deps.settings.gather_seconds),
            "wait": timedelta(seconds=deps.settings.gather_wait_seconds)}


async def add(context: ContextTypes.DEFAULT_TYPE, part: Part) -> None:
    """Keep a part; read at once the gathers it closed (a new header, another origin, a late part)."""
    deps = get_deps(context)
    closed = await deps.run(gathers.add_part, part=part, now=deps.clock.now(), **windows(deps))
    for gather_id in closed:
        await read(context, gather_id)


async def read(context: ContextTypes.DEFAULT_TYPE, gather_id: int) -> None:
    """Read one gather as one dispatch (its files, for an album), unless someone else already did."""
    deps = get_deps(context)
    taken = await deps.run(gathers.take, gather_id=gather_id)
    if taken is None or not taken.parts:
        return
    gather = taken.gather
    if gather.kind == "album":
        items = [documents.item_from(p.message_id, p.body) for p in taken.parts]
        await documents.read_files(context, gather.chat_id, gather.user_id, items, gather.reply_to)
        return
    text = "\n".join(str(p.body.get("text", "")) for p in taken.parts)
    await process_dispatch(context, gather.chat_id, gather.user_id, text,
                           explicit=gather.explicit or len(text) >= MIN_GROUP_DISPATCH,
                           reply_to=gather.reply_to, sources=[p.message_id for p in taken.parts],
                           missing=gather.missing)


async def sweep(context: ContextTypes.DEFAULT_TYPE, *, now: datetime | None = None) -> int:
    """Read every gather due by ``now`` (default: the clock); how many there were."""
    deps = get_deps(context)
    due = await deps.run(gathers.due, now=now or deps.clock.now())
    for gather_id in due:
        await read(context, gather_id)
    return len(due)


async def sweep_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Job: read what is due, and forget gathers read long ago."""
    if await sweep(context):
        deps = get_deps(context)
        await deps.run(gathers.forget, before=deps.clock.now() - KEEP_GATHERS)
