"""Keeping a tick's chat leases alive while it works, and checking one before each send (the fence).

A tick leases its chats until ``now + ttl`` (scheduler.claims). Sending can take longer than that: at
Telegram's 30 messages a second 3,000 chats take 100 s, and every 429 pauses an instance for its
retry_after. So while a tick works a ``LeaseKeeper`` renews every lease it still holds each ``ttl / 3``
(also during a long 429 wait or a slow send: the renewal is a task of its own), and before each message it
fences the chat: one conditional UPDATE that extends the lease only if this instance still holds it
(``claimed_by`` is this instance and it has not expired). A chat whose lease was lost (the renewals could
not reach the database for ``2/3 ttl``, and another instance leased it meanwhile) is not sent to: its new
holder sends it. What happened to messages already out is still recorded (scheduler.outcomes: a message
sent is marked sent; a failure is recorded only under the lease).

A restarted process takes its own leases back at once (``resume_own_leases``): its instance id is stable
across restarts (bot.settings: DONDOC_INSTANCE_ID, or host name and webhook port), and a process that has
just started has no tick running, so whatever that id still holds was left by its previous life.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, update
from sqlmodel import col

from storage.models import Chat

log = logging.getLogger(__name__)


def renew_leases(engine: Engine, *, chat_ids: Sequence[int], instance_id: str, now: datetime,
                 ttl: timedelta) -> set[int]:
    """Extend to ``now + ttl`` the leases on these chats that this instance still holds; the chats still held."""
    if not chat_ids:
        return set()
    with engine.begin() as conn:
        return _renew(conn, chat_ids, instance_id=instance_id, now=now, ttl=ttl)


def _renew(conn: Any, chat_ids: Sequence[int], *, instance_id: str, now: datetime, ttl: timedelta) -> set[int]:
    """The conditional UPDATE of a renewal, in the caller's transaction (on PostgreSQL it locks the rows held)."""
    held = (
        update(Chat)
        .where(col(Chat.id).in_(sorted(chat_ids)), col(Chat.claimed_by) == instance_id,
               col(Chat.claim_expires_at) > now)
        .values(claim_expires_at=now + ttl)
        .returning(col(Chat.id))
    )
    return {int(i) for i in conn.execute(held).scalars()}


@dataclass(frozen=True, slots=True)
class Fence:
    """What recording a failed send must check first: that ``instance_id`` still holds ``chat_id``'s lease."""

    chat_id: int
    instance_id: str
    now: datetime
    ttl: timedelta

    def holds(self, conn: Any) -> bool:
        """In the caller's transaction: whether the lease is still held (then extended, and on PostgreSQL its
        row locked until the commit, so no other instance can lease the chat before the outcome is written)."""
        return bool(_renew(conn, [self.chat_id], instance_id=self.instance_id, now=self.now, ttl=self.ttl))


def resume_own_leases(engine: Engine, *, instance_id: str) -> int:
    """At start-up: free the leases this instance id still holds from before a crash; how many there were."""
    with engine.begin() as conn:
        freed = conn.execute(
            update(Chat).where(col(Chat.claimed_by) == instance_id).values(claimed_by=None, claim_expires_at=None)
        )
    return int(freed.rowcount)


class LeaseKeeper:
    """A tick's leases: renewed every ``ttl / 3`` until the tick ends, fenced before each send.

    ``clock`` gives the current time for lease arithmetic (the tick's ``now`` stays the instant it serves);
    ``pause`` waits between renewals (asyncio.sleep; tests inject one that waits for their clock).
    """

    def __init__(self, engine: Engine, *, chat_ids: Iterable[int], instance_id: str,
                 clock: Callable[[], datetime], ttl: timedelta,
                 pause: Callable[[float], Awaitable[object]] = asyncio.sleep) -> None:
        self.engine, self.instance_id, self.clock, self.ttl, self.pause = engine, instance_id, clock, ttl, pause
        self.held: set[int] = set(chat_ids)  # leased and not yet finished
        self.lost: set[int] = set()  # found taken over (or expired): never sent to again by this tick
        self.renewals = 0
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> LeaseKeeper:
        self._task = asyncio.create_task(self._keep(), name=f"lease renewal {self.instance_id}")
        return self

    async def __aexit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def finished(self, chat_id: int) -> None:
        """The chat's digest is over (sent or given back): no need to renew its lease any more."""
        self.held.discard(chat_id)

    async def fence(self, chat_id: int) -> bool:
        """Right before a send: whether this instance still holds the chat (its lease extended if so)."""
        if chat_id in self.lost:
            return False
        try:
            held = await asyncio.to_thread(renew_leases, self.engine, chat_ids=[chat_id],
                                           instance_id=self.instance_id, now=self.clock(), ttl=self.ttl)
        except Exception:  # the database cannot confirm the lease: do not send; the chat stays pending
            log.warning("lease check failed for chat %s; not sending to it this tick", chat_id, exc_info=True)
            held = set()
        if chat_id not in held:
            self._lose([chat_id])
            return False
        return True

    def fence_for(self, chat_id: int) -> Fence:
        """The check that recording a failed send to this chat must pass."""
        return Fence(chat_id, self.instance_id, self.clock(), self.ttl)

    def _lose(self, chat_ids: Iterable[int]) -> None:
        lost = set(chat_ids) - self.lost
        if lost:
            log.warning("leases lost on %d chats (%s...): left to their new holder", len(lost), sorted(lost)[:3])
        self.lost |= lost
        self.held -= lost

    async def renew(self) -> None:
        """Extend every lease still held; the chats found no longer held are lost."""
        chat_ids = sorted(self.held)
        if not chat_ids:
            return
        held = await asyncio.to_thread(renew_leases, self.engine, chat_ids=chat_ids, instance_id=self.instance_id,
                                       now=self.clock(), ttl=self.ttl)
        self.renewals += 1
        self._lose((set(chat_ids) - held) & self.held)  # not those finished meanwhile

    async def _keep(self) -> None:
        every = self.ttl.total_seconds() / 3
        while True:
            await self.pause(every)
            try:
                await self.renew()
            except Exception:  # the database away for a moment: the next renewal tries again
                log.warning("lease renewal failed; retrying in %.0f s", every, exc_info=True)
