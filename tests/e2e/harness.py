"""Run the real Application against the fake Bot API server, with a manual clock and a real database."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from typing import Any

from fakebot import FakeTelegram, Message, User
from telegram import Update
from telegram.ext import Application, CallbackContext, ContextTypes, TypeHandler

from bot.app import ALLOWED_UPDATES, TICK_JOB, build_application, run_tick
from bot.clock import ManualClock
from bot.settings import Settings
from handlers import gathering
from handlers.deps import DEPS_KEY, Deps
from handlers.gathering import SWEEP_JOB
from handlers.weekly import WEEKLY_JOB, send_weekly_summaries


def bot_settings(fake: FakeTelegram, database_url: str, **overrides: Any) -> Settings:
    """Settings pointing at the fake server; the tick and the gather sweep run only when a test calls them."""
    base = Settings(token=fake.token, database_url=database_url, api_url=fake.api_root, tick_seconds=3600, overall_max_rate=1000, group_max_rate=1000, max_retries=3)
    return dataclasses.replace(base, **overrides)


class Harness:
    """One running bot process (in this event loop); restart() builds a fresh Application on the same DB."""

    def __init__(self, fake: FakeTelegram, clock: ManualClock, settings: Settings) -> None:
        self.fake = fake
        self.clock = clock
        self.settings = settings
        self.app: Application | None = None  # type: ignore[type-arg]
        self.seen: set[int] = set()

    @property
    def deps(self) -> Deps:
        assert self.app is not None
        deps: Deps = self.app.bot_data[DEPS_KEY]
        return deps

    async def start(self) -> None:
        from bot.app import post_init

        app = build_application(self.settings, clock=self.clock)
        app.add_handler(TypeHandler(Update, self._seen_update), group=10**6)
        await app.initialize()
        await post_init(app)
        assert app.job_queue is not None and app.updater is not None
        await app.start()
        for name in (TICK_JOB, SWEEP_JOB, WEEKLY_JOB):
            for job in app.job_queue.get_jobs_by_name(name):
                job.schedule_removal()  # tests call tick(), sweep() and weekly() themselves, on the manual clock
        await app.updater.start_polling(poll_interval=0, timeout=2, allowed_updates=ALLOWED_UPDATES)
        self.app = app

    async def stop(self) -> None:
        from bot.app import post_shutdown, post_stop

        app, self.app = self.app, None
        if app is None:
            return
        assert app.updater is not None
        await app.updater.stop()
        await app.stop()
        await post_stop(app)
        await post_shutdown(app)
        await app.shutdown()

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def tick(self, when: datetime | None = None) -> Any:
        """Set the clock (optionally) and run one delivery tick now."""
        if when is not None:
            self.clock.set(when)
        assert self.app is not None
        return await run_tick(self.app)

    async def weekly(self, when: datetime | None = None) -> int:
        """Set the clock (optionally) and post the weekly summaries due now."""
        if when is not None:
            self.clock.set(when)
        assert self.app is not None
        return await send_weekly_summaries(self.app)

    async def flush(self) -> None:
        """Read every gather now, as if its window had passed (the clock itself does not move)."""
        await self.settle()
        await self.sweep(self.clock.now() + timedelta(days=1))

    async def sweep(self, now: datetime | None = None) -> int:
        """Run the gather sweep once at ``now`` (default: the clock), as its one-second job does."""
        await self.settle()
        assert self.app is not None
        return await gathering.sweep(CallbackContext(self.app), now=now)

    async def _seen_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        self.seen.add(update.update_id)
        await self.fake.state.notify()

    async def settle(self, timeout: float = 10.0) -> None:
        """Wait until every update sent so far went through all the bot's handlers."""
        await self.fake.wait_for(lambda: set(self.fake.state.pushed) <= self.seen, timeout)

    async def press(self, message: Message, user: User, label: str) -> None:
        """Press the first button whose label contains `label`, and wait until it was handled."""
        query_id = self.fake.press(message, user, message.button(label))
        await self.fake.wait_for(lambda: any(p.get("callback_query_id") == query_id
                                             for p in self.fake.calls("answerCallbackQuery")))
        await self.settle()
