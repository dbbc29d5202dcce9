"""The e2e Harness, plus: updates fed straight to process_update, every handled error recorded, DB checks."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from fakebot import FakeTelegram, Message, User
from fakebot.users import command_entities
from harness import Harness, bot_settings
from sqlalchemy import text
from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from bot.clock import ManualClock
from bot.settings import QuotaLimits

UNLIMITED = QuotaLimits(burst=10**9, per_minute=10**9)
FUZZED: Counter[str] = Counter()  # inputs pushed through the handlers, per strategy (printed at the end)


@dataclass
class Handled:
    """Errors that reached the error handler, with the update (or job) they came from."""

    errors: list[tuple[object, BaseException]] = field(default_factory=list)


class RobustHarness(Harness):
    """Harness whose updates count as seen even when a gate stops them, and which records handled errors."""

    handled: Handled
    quota: QuotaLimits = UNLIMITED

    @classmethod
    def create(cls, fake: FakeTelegram, clock: ManualClock, database_url: str, **overrides: Any) -> RobustHarness:
        settings = bot_settings(fake, database_url, **{"group_max_rate": 10**6, **overrides})
        harness = cls(fake, clock, settings)
        harness.handled = Handled()
        harness._ids = itertools.count(10**6)
        return harness

    async def start(self) -> None:
        await super().start()
        assert self.app is not None
        app = self.app
        original = app.process_update

        async def process_update(update: object) -> None:
            try:
                await original(update)
            finally:  # also when a gate (allowlist, quota) stopped it before the harness's own handler
                if isinstance(update, Update):
                    self.seen.add(update.update_id)
                await self.fake.state.notify()

        app.process_update = process_update  # type: ignore[method-assign,unused-ignore]
        app.add_error_handler(self._record_error)
        self.deps.quota = self.quota

    async def _record_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert context.error is not None
        self.handled.errors.append((update, context.error))

    def command_names(self) -> list[str]:
        """Every command the Application answers (read from its handlers, so a new one is fuzzed too)."""
        assert self.app is not None
        return sorted({c for group in self.app.handlers.values() for h in group if isinstance(h, CommandHandler)
                       for c in h.commands})

    # --- updates built here and processed directly (no polling round trip) ---------------------------
    def next_id(self) -> int:
        return next(self._ids)

    async def feed(self, payload: dict[str, Any], kind: str = "message") -> None:
        """Process one update now, through every handler of the real Application."""
        assert self.app is not None
        update = Update.de_json({"update_id": self.next_id(), kind: payload}, self.app.bot)
        await self.app.process_update(update)

    def message_dict(self, chat_id: int, user: User | None, text: str | None, **fields: Any) -> dict[str, Any]:
        state = self.fake.state
        if state.chats[chat_id].type == "private":
            state.chats[chat_id].started = True  # writing to the bot is what lets it write back
        message_id = state.next_message_id(chat_id)
        state.messages[(chat_id, message_id)] = Message(chat_id, message_id, text or "", False)
        out: dict[str, Any] = {"message_id": message_id, "date": state.now_ts(),
                               "chat": state.chats[chat_id].to_dict(), **fields}
        if user is not None:
            out["from"] = user.to_dict()
        if text is not None:
            out["text"] = text
            if text.startswith("/"):
                out["entities"] = command_entities(text)
        return out

    async def say(self, chat_id: int, user: User | None, text: str | None, *, kind: str = "message",
                  **fields: Any) -> None:
        await self.feed(self.message_dict(chat_id, user, text, **fields), kind)

    async def click(self, message: Message, user: User, data: str | None, **extra: Any) -> None:
        """A button press on a bot message (data may be anything a modified client sends)."""
        msg = {**self.fake.pressed_message(message), "text": message.text or "."}
        payload: dict[str, Any] = {"id": self.fake.state.next_callback_id(), "from": user.to_dict(),
                                   "chat_instance": str(message.chat_id), "message": msg, **extra}
        if data is not None:
            payload["data"] = data
        await self.feed(payload, "callback_query")

    # --- the database must stay consistent whatever came in --------------------------------------------
    def inconsistencies(self) -> Iterator[str]:
        """Rows that break an invariant; empty when the database is consistent."""
        checks = {
            # a task typed with /them has no dispatch; any other names one that exists
            "task without its dispatch": "SELECT t.id FROM task t LEFT JOIN dispatch d ON d.id = t.dispatch_id "
                                         "WHERE t.dispatch_id IS NOT NULL AND d.id IS NULL",
            "task and dispatch in different chats": "SELECT t.id FROM task t JOIN dispatch d ON d.id = t.dispatch_id "
                                                    "WHERE d.chat_id != t.chat_id",
            "reminder in another chat than its task": "SELECT r.id FROM reminder r JOIN task t ON t.id = r.task_id "
                                                      "WHERE r.chat_id != t.chat_id",
            "pending reminder of a done or deleted task": "SELECT r.id FROM reminder r JOIN task t ON t.id = r.task_id "
                                                          "WHERE r.state = 'pending' AND t.status != 'open'",
            "reminder sent after its task was done": "SELECT r.id FROM reminder r JOIN task t ON t.id = r.task_id "
                                                     "WHERE r.state = 'sent' AND t.status = 'done' "
                                                     "AND t.done_at IS NOT NULL AND r.sent_at > t.done_at "
                                                     "AND t.recurrence IS NULL",
            "duplicate reminder": "SELECT task_id FROM reminder GROUP BY task_id, kind, due_at HAVING COUNT(*) > 1",
            "duplicate short id": "SELECT chat_id FROM task GROUP BY chat_id, short_id HAVING COUNT(*) > 1",
            "short id not below the chat's counter": "SELECT t.id FROM task t JOIN chat c ON c.id = t.chat_id "
                                                      "WHERE t.short_id >= c.next_short_id",
            "unknown task status": "SELECT id FROM task WHERE status NOT IN ('open', 'done', 'deleted')",
            "done task without who/when": "SELECT id FROM task WHERE status = 'done' AND done_at IS NULL",
            "reminder stuck in sending": "SELECT id FROM reminder WHERE state = 'sending'",
            "more than one pending overdue alert": "SELECT task_id FROM reminder WHERE state = 'pending' AND "
                                                   "kind = 'overdue' GROUP BY task_id HAVING COUNT(*) > 1",
        }
        with self.deps.db.connect() as conn:
            for name, sql in checks.items():
                rows = conn.execute(text(sql)).fetchall()
                if rows:
                    yield f"{name}: {[r[0] for r in rows[:10]]}"

    def scalar(self, sql: str, **params: Any) -> Any:
        with self.deps.db.connect() as conn:
            return conn.execute(text(sql), params).scalar()
