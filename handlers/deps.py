"""Shared runtime state handed to every handler through bot_data (typed access, no globals)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from telegram.ext import ContextTypes

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from bot.clock import Clock
    from bot.settings import QuotaLimits, Settings
    from dispatch.calendar import WorkCalendar
    from dispatch.model import Extraction, Task
    from handlers.quota import Bucket

DEPS_KEY = "dondoc"


@dataclass
class Draft:
    """A dispatch read but not yet confirmed: shown as a card, nothing scheduled."""

    id: str
    chat_id: int
    user_id: int | None
    text: str
    extraction: Extraction
    tasks: list[Task]
    created: datetime
    message_id: int | None = None
    show_all: bool = False
    full: Extraction | None = None


@dataclass
class Awaiting:
    """The next message of this user in this chat is a deadline for a draft task or a saved task."""

    draft_id: str | None = None
    index: int | None = None
    task_id: int | None = None
    label: str = ""


@dataclass
class Gather:
    """Parts of one long dispatch (texts, or the files of an album) arriving close together."""

    parts: list[Any]
    last_at: datetime
    user_id: int | None
    reply_to: int | None = None
    explicit: bool = False


@dataclass
class Deps:
    """Long-lived resources and in-memory state (drafts expire with the process; the DB is the truth)."""

    settings: Settings
    clock: Clock
    calendar: WorkCalendar
    engine: Engine | None = None
    instance_id: str = field(default_factory=lambda: "bot-" + secrets.token_hex(4))
    privacy_mode: bool | None = None
    drafts: dict[str, Draft] = field(default_factory=dict)
    awaiting: dict[tuple[int, int], Awaiting] = field(default_factory=dict)
    gathers: dict[tuple[Any, ...], Gather] = field(default_factory=dict)
    agency_offers: dict[int, list[str]] = field(default_factory=dict)
    quota: QuotaLimits | None = None  # None: settings.quota (tests put other limits here)
    buckets: dict[int, Bucket] = field(default_factory=dict)

    @property
    def db(self) -> Engine:
        if self.engine is None:
            raise RuntimeError("database engine not opened (post_init has not run)")
        return self.engine

    def new_draft_id(self) -> str:
        while True:
            draft_id = secrets.token_hex(3)
            if draft_id not in self.drafts:
                return draft_id


def get_deps(context: ContextTypes.DEFAULT_TYPE) -> Deps:
    """The Deps the application was built with."""
    deps = context.bot_data[DEPS_KEY]
    assert isinstance(deps, Deps)
    return deps
