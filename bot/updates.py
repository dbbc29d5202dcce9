"""Updates of different chats are handled at once; those of one chat one after another, in order.

PTB handles one update at a time unless told otherwise: while one group's 10-page scan was read,
another chat's /help waited 12.5 s (issue 10). Handling every update at once would break what
depends on order within a chat: the parts of a pasted dispatch gathered in sequence, "Sửa hạn"
followed by the date, a button pressed right after the card was sent. So updates are chained per
chat: each waits for the one before it from the same chat (or from the same user, when there is no
chat), and no longer than that. Files are read in the background (handlers.readqueue), so a chat
itself is not held by its own file either.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT_UPDATES = 512
"""Updates in flight, waiting ones included (PTB's semaphore is taken before the chat's turn)."""


def order_key(update: object) -> tuple[str, int] | None:
    """What an update is ordered with: its chat, else its user; None for updates without either."""
    if not isinstance(update, Update):
        return None
    if update.message is not None and update.message.migrate_to_chat_id:
        # a group upgraded to a supergroup: Telegram tells both chats; one move, so one order (the new id)
        return ("chat", update.message.migrate_to_chat_id)
    if update.effective_chat is not None:
        return ("chat", update.effective_chat.id)
    if update.effective_user is not None:
        return ("user", update.effective_user.id)
    return None


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Handles each chat's updates in the order they came, different chats concurrently."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._last: dict[tuple[str, int], asyncio.Future[None]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the previous update of the same chat, then handle this one."""
        key = order_key(update)
        if key is None:
            await coroutine
            return
        previous = self._last.get(key)
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._last[key] = done
        try:
            if previous is not None:
                try:
                    await asyncio.shield(previous)
                except asyncio.CancelledError:
                    if asyncio.iscoroutine(coroutine):
                        coroutine.close()  # never started: no "never awaited" warning
                    raise
            await coroutine
        finally:
            done.set_result(None)
            if self._last.get(key) is done:
                del self._last[key]

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close: the Application awaits the updates in flight before it stops."""
