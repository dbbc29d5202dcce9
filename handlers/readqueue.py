"""Files waiting to be read: a few at once, a bounded number waiting, each chat's files in the order sent.

A file is read in a child process (dispatch.readers.worker) from a thread of a pool of ``workers``
threads, so the event loop and the default thread pool (database calls) are never held by a read.
At most ``per_chat`` files of one chat and ``total`` files in all are admitted (reading or waiting);
beyond that the sender is told to send again later. A chat reads one file at a time (its cards come
in the order its files were sent); a free worker goes to the chat served longest ago, so a chat that
sent three files does not make another chat's one file wait for all three.

    admission = queue.admit(chat_id)       # or raises QueueFull
    await queue.wait_turn(admission)       # a worker is free for it
    await queue.run(admission, work)       # work(cancel=event) in the pool (once per file of an album)
    queue.release(admission)               # always, in a finally
"""

from __future__ import annotations

import asyncio
import functools
import logging
import threading
from collections import deque
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from dispatch.readers.worker import CANCELLED, Cancelled

log = logging.getLogger(__name__)
T = TypeVar("T")
CLOSE_WAIT_SECONDS = 10.0  # a read told to stop kills its child at once; this is only a bound


class QueueFull(Exception):
    """No room for another file: in this chat ("chat") or in the whole bot ("all")."""

    def __init__(self, scope: Literal["chat", "all"], count: int) -> None:
        super().__init__(f"read queue full ({scope}: {count})")
        self.scope = scope
        self.count = count


@dataclass(eq=False)
class Admission:
    """One file's place in the queue."""

    chat_id: int
    ahead: int  # files admitted before it and not finished when it came
    started: asyncio.Future[None]
    cancel: threading.Event = field(default_factory=threading.Event)


class ReadQueue:
    """The bounded queue of files to read (one per process; see the module docstring)."""

    def __init__(self, *, workers: int, per_chat: int, total: int) -> None:
        self.workers, self.per_chat, self.total = workers, per_chat, total
        self._waiting: deque[Admission] = deque()
        self._reading: set[Admission] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._pool: ThreadPoolExecutor | None = None
        self._closed = False
        self._served: dict[int, int] = {}  # chat -> number of the last start, forgotten when it has no file
        self._starts = 0

    def admitted(self, chat_id: int | None = None) -> int:
        """Files reading or waiting (of one chat, or in all)."""
        every = [*self._reading, *self._waiting]
        return len(every) if chat_id is None else sum(a.chat_id == chat_id for a in every)

    def admit(self, chat_id: int) -> Admission:
        """A place for one more file of this chat, started at once when a worker is free."""
        if (in_chat := self.admitted(chat_id)) >= self.per_chat:
            raise QueueFull("chat", in_chat)
        if (in_all := self.admitted()) >= self.total or self._closed:
            raise QueueFull("all", in_all)
        admission = Admission(chat_id, in_all, asyncio.get_running_loop().create_future())
        self._waiting.append(admission)
        self._dispatch()
        return admission

    def _dispatch(self) -> None:
        """Start waiting files while workers are free: the oldest file of the chat served longest ago first."""
        while len(self._reading) < self.workers:
            busy = {a.chat_id for a in self._reading}
            firsts: dict[int, Admission] = {}
            for admission in self._waiting:
                if admission.chat_id not in busy and not admission.started.done():
                    firsts.setdefault(admission.chat_id, admission)
            if not firsts:
                return
            chosen = min(firsts.values(), key=lambda a: self._served.get(a.chat_id, -1))
            self._waiting.remove(chosen)
            self._reading.add(chosen)
            self._starts += 1
            self._served[chosen.chat_id] = self._starts
            chosen.started.set_result(None)

    def release(self, admission: Admission) -> None:
        """Give the place back (after the read, or when it was never started)."""
        self._reading.discard(admission)
        if admission in self._waiting:
            self._waiting.remove(admission)
        if not admission.started.done():
            admission.started.cancel()
        if not self.admitted(admission.chat_id):
            self._served.pop(admission.chat_id, None)
        self._dispatch()

    async def wait_turn(self, admission: Admission) -> None:
        """Until a worker is free for this chat's oldest file (raises Cancelled when shutting down)."""
        await asyncio.shield(admission.started)

    async def run(self, admission: Admission, work: Callable[..., T]) -> T:
        """Run ``work(cancel=event)`` in the pool once the admission's turn has come; release() it after the last."""
        await self.wait_turn(admission)
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="dondoc-read")
        try:
            return await asyncio.get_running_loop().run_in_executor(
                self._pool, functools.partial(work, cancel=admission.cancel))
        except asyncio.CancelledError:
            admission.cancel.set()  # the thread kills its child and ends
            raise

    def spawn(self, coroutine: Coroutine[Any, Any, None], *, name: str) -> None:
        """Run a read in the background; close() stops and awaits it."""
        task = asyncio.create_task(coroutine, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        """Shutting down: waiting files fail with CANCELLED, reads kill their child; await their replies."""
        self._closed = True
        for admission in list(self._waiting):
            if not admission.started.done():
                admission.started.set_exception(Cancelled(CANCELLED))
        for admission in list(self._reading):
            admission.cancel.set()
        if self._tasks:
            _, late = await asyncio.wait(set(self._tasks), timeout=CLOSE_WAIT_SECONDS)
            for task in late:
                task.cancel()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
