"""Shared runtime state handed to every handler through bot_data (typed access, no globals)."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from sqlmodel import Session
from telegram.ext import ContextTypes

from handlers.readqueue import ReadQueue

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from dispatch.time.calendar import WorkCalendar
    from handlers.quota import Bucket, Limits

DEPS_KEY = "dondoc"
T = TypeVar("T")


class Clock(Protocol):
    """A source of the current time (timezone-aware); bot.clock has the real one and the test ones."""

    def now(self) -> datetime: ...


class HandlerSettings(Protocol):
    """What handlers read of the settings (bot.settings.Settings has these and more): handlers never import bot."""

    @property
    def allowed_chats(self) -> frozenset[int] | None: ...
    @property
    def webhook(self) -> object | None: ...
    @property
    def quota(self) -> Limits: ...
    @property
    def read_workers(self) -> int: ...
    @property
    def read_queue_per_chat(self) -> int: ...
    @property
    def read_queue_total(self) -> int: ...
    @property
    def max_pages(self) -> int: ...
    @property
    def read_timeout(self) -> float: ...
    @property
    def read_memory_mb(self) -> int: ...
    @property
    def max_file_mb(self) -> int: ...
    @property
    def max_file_bytes(self) -> int: ...
    @property
    def gather_seconds(self) -> float: ...
    @property
    def gather_wait_seconds(self) -> float: ...
    @property
    def send_at(self) -> time: ...
    @property
    def days_before(self) -> tuple[int, ...]: ...
    @property
    def remind_collective(self) -> bool: ...
    # read by bot.app and bot.webhook through the same Deps
    @property
    def database_url(self) -> str: ...
    @property
    def tick_seconds(self) -> float: ...
    @property
    def lease_seconds(self) -> float: ...


@dataclass
class Deps:
    """Long-lived resources; conversation state is in the database (storage.conversation), not here."""

    settings: HandlerSettings
    clock: Clock
    calendar: WorkCalendar
    engine: Engine | None = None
    instance_id: str = field(default_factory=lambda: "bot-" + secrets.token_hex(4))
    privacy_mode: bool | None = None
    quota: Limits | None = None  # None: settings.quota (tests put other limits here)
    buckets: dict[int, Bucket] = field(default_factory=dict)
    # what /healthz reports (bot.webhook): when this process started, its last tick ended, its running one began
    started_at: datetime | None = None
    last_tick_at: datetime | None = None
    tick_running_since: datetime | None = None
    tick_answered_at: datetime | None = None  # the running tick's last answer from Telegram to a send
    people_seen: dict[tuple[int, int], tuple[str | None, str]] = field(default_factory=dict)  # handlers.people
    # an assignment notice that failed for now is tried again after each of these (seconds; handlers.assignees)
    notice_retry_delays: tuple[float, ...] = (5.0, 30.0, 120.0, 600.0)
    reads: ReadQueue = field(init=False)

    def __post_init__(self) -> None:
        self.reads = ReadQueue(workers=self.settings.read_workers, per_chat=self.settings.read_queue_per_chat,
                               total=self.settings.read_queue_total)

    @property
    def db(self) -> Engine:
        if self.engine is None:
            raise RuntimeError("database engine not opened (post_init has not run)")
        return self.engine

    async def run(self, work: Callable[..., T], /, **kwargs: Any) -> T:
        """Call a storage function with a session of its own in a worker thread, off the event loop."""
        def call() -> T:
            with Session(self.db, expire_on_commit=False) as session:
                return work(session, **kwargs)
        return await asyncio.to_thread(call)


def get_deps(context: ContextTypes.DEFAULT_TYPE) -> Deps:
    """The Deps the application was built with."""
    deps = context.bot_data[DEPS_KEY]
    assert isinstance(deps, Deps)
    return deps
