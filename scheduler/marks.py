"""Group commit for "sent" marks: the messages of concurrent sends are recorded in one transaction.

Every sender holds a slot (the tick's semaphore) from its send until its message is recorded. Whoever
finishes sending last, with nobody else still sending, writes the whole batch (one flush at a time; sends
finished meanwhile form the next batch); the others wait for it.
So at any moment at most ``concurrency`` messages are out but not yet recorded: the most a crash can
send twice. One commit per wave instead of one per message.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from scheduler.claims import Delivered


class GroupCommit:
    """Collects delivered messages while sends are in flight; flushes when none is."""

    def __init__(self, flush: Callable[[list[Delivered]], Awaitable[int]]) -> None:
        self._flush_batch = flush
        self._batch: list[Delivered] = []
        self._done: asyncio.Future[int] | None = None
        self._flushing = False
        self.sending = 0
        self.recorded = 0  # reminders marked sent so far

    def started(self) -> None:
        """A slot holder is about to send."""
        self.sending += 1

    async def finished(self, delivered: Delivered | None) -> None:
        """The caller's send is over; with a message, return once it is recorded."""
        self.sending -= 1
        done = None
        if delivered is not None:
            self._batch.append(delivered)
            if self._done is None:
                self._done = asyncio.get_running_loop().create_future()
            done = self._done
        while self._batch and self.sending == 0 and not self._flushing:
            # let slot holders that were just given a slot or woken reach their send: they join this batch
            await asyncio.sleep(0)
            if not self._batch or self.sending or self._flushing:
                break
            self._flushing = True  # one flush at a time; sends finished meanwhile form the next batch
            try:
                await self._flush()
            finally:
                self._flushing = False
        if done is not None:
            await asyncio.shield(done)

    async def _flush(self) -> None:
        batch, self._batch = self._batch, []
        done, self._done = self._done, None
        try:
            count = await self._flush_batch(batch)
        except BaseException as exc:
            if done is not None:
                done.set_exception(exc)
                done.exception()  # the flusher raises it; waiters, if any, get it too
            raise
        self.recorded += count
        if done is not None:
            done.set_result(count)
