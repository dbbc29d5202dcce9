"""Telegram's flood limits: messages spaced evenly at the bot's overall rate, on a schedule its instances share.

Telegram (and tests/fakebot) count messages in any one-second window. An aiolimiter bucket of 30 per second
lets 30 go at once, then one every 1/30 s: 31 within the first second, a 429, and every request paused for
retry_after (41.8 s for 1,000 chats, 131 429s). Spacing the messages evenly at 97% of the rate (34 ms apart at
30/s) the window never catches even with some jitter: 1,000 digests in ~34.4 s against the 33.3 s floor
(bench/fanout.py).

The limit is the bot's, not a process's. Alone (SQLite, or before the database is open) an instance keeps its
own schedule; once it is given a PostgreSQL engine (``share``) it takes each slot from the schedule all
instances share (storage.pace), so three instances send 30 a second together, not 90 tried and 60 refused.
Should the database not answer, the message takes a slot of the local schedule: a reply is not held up by it.

Per-group buckets (20 a minute) and the retries after a 429 stay aiolimiter's, through AIORateLimiter.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any

from sqlalchemy import Engine
from telegram.ext import AIORateLimiter

from storage.pace import take_send_slot

log = logging.getLogger(__name__)
HEADROOM = 0.97  # pace at 97% of telegram.overall_max_rate
WARN_EVERY = 60.0  # seconds between two warnings that the shared schedule cannot be reached


class PacedRateLimiter(AIORateLimiter):
    """AIORateLimiter with the overall limit replaced by even spacing, local or shared through the database."""

    def __init__(self, *, overall_max_rate: float, group_max_rate: float, max_retries: int) -> None:
        super().__init__(overall_max_rate=0, group_max_rate=group_max_rate, max_retries=max_retries)
        self.gap = 1 / (overall_max_rate * HEADROOM)  # seconds between two messages
        self._next_local = 0.0  # the local schedule's next free instant (time.monotonic)
        self._shared: Engine | None = None
        self._warned_at = -WARN_EVERY

    def share(self, engine: Engine) -> None:
        """From now on take slots from the schedule every instance on this PostgreSQL database shares."""
        self._shared = engine

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        if data.get("chat_id") is None:  # getUpdates, getFile, answerCallbackQuery...: not a message
            return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)

        async def paced(*a: Any, **k: Any) -> Any:  # each attempt, retries included, takes a slot
            await asyncio.sleep(await self._slot())
            return await callback(*a, **k)

        return await super().process_request(paced, args, kwargs, endpoint, data, rate_limit_args)

    async def _slot(self) -> float:
        """Reserve the next slot; the seconds to wait for it."""
        if self._shared is not None:
            try:
                return await asyncio.to_thread(take_send_slot, self._shared, gap=self.gap)
            except Exception:
                now = time.monotonic()
                if now - self._warned_at >= WARN_EVERY:
                    self._warned_at = now
                    log.warning("shared send schedule unreachable; pacing this instance alone", exc_info=True)
        now = time.monotonic()
        slot = max(self._next_local, now)
        self._next_local = slot + self.gap
        return slot - now
