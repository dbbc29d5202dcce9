"""A per-chat token bucket: one chat flooding the bot is paused politely, every other chat is served as usual."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from handlers import texts
from handlers.deps import get_deps

MAX_BUCKETS = 10_000  # above this, buckets that have refilled completely are forgotten
# A text this long is a part of a dispatch (Telegram cuts a paste at 4,096 characters). Parts are not
# dropped here: a gather keeps up to storage.gathers.MAX_PARTS of them and counts the rest, and the card
# says how many are missing, so a 27-part paste is one card with every task, never a silent loss.
DISPATCH_PART = 1000


class Limits(Protocol):
    """A chat's flood limits (bot.settings.Limits, from the [quota] section of config.toml)."""

    @property
    def burst(self) -> int: ...
    @property
    def per_minute(self) -> float: ...
    @property
    def notice_every(self) -> float: ...


@dataclass
class Bucket:
    """Tokens left for one chat, as of `updated`."""

    tokens: float
    updated: datetime
    noticed_at: datetime | None = None

    def refill(self, limits: Limits, now: datetime) -> None:
        elapsed = max((now - self.updated).total_seconds(), 0.0)  # a clock set back refills nothing
        self.tokens = min(float(limits.burst), self.tokens + elapsed * limits.per_minute / 60.0)
        self.updated = max(now, self.updated)


def take(buckets: dict[int, Bucket], chat_id: int, limits: Limits, now: datetime) -> Bucket | None:
    """Spend one token of the chat; the bucket when there was none left, None when the update may go on."""
    bucket = buckets.get(chat_id)
    if bucket is None:
        if len(buckets) >= MAX_BUCKETS:
            forget_full(buckets, limits, now)
        bucket = buckets[chat_id] = Bucket(float(limits.burst), now)
    bucket.refill(limits, now)
    if bucket.tokens >= 1.0:
        bucket.tokens -= 1.0
        return None
    return bucket


def forget_full(buckets: dict[int, Bucket], limits: Limits, now: datetime) -> None:
    """Drop the buckets that are full again (a new bucket starts full, so nothing changes for them)."""
    for chat_id, bucket in list(buckets.items()):
        bucket.refill(limits, now)
        if bucket.tokens >= limits.burst:
            del buckets[chat_id]


async def quota_gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop a chat's messages and button presses beyond its quota; say so once per notice window."""
    chat, query = update.effective_chat, update.callback_query
    if chat is None or update.effective_user is None or (update.effective_message is None and query is None):
        return  # membership changes and the like are not metered
    message = update.message
    if message is not None and len(message.text or "") >= DISPATCH_PART:
        return
    deps = get_deps(context)
    limits = deps.quota or deps.settings.quota
    now = deps.clock.now()
    bucket = take(deps.buckets, chat.id, limits, now)
    if bucket is None:
        return
    with contextlib.suppress(TelegramError):
        if query is not None:
            await query.answer(texts.TOO_MANY_ALERT, show_alert=True)
        elif bucket.noticed_at is None or (now - bucket.noticed_at).total_seconds() >= limits.notice_every:
            bucket.noticed_at = now
            await context.bot.send_message(chat.id, texts.TOO_MANY)
    raise ApplicationHandlerStop
