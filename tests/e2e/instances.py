"""Several bot instances on one database, each a real Application in webhook mode on its own loopback port.

Telegram hands each update to one webhook; here the test chooses which instance gets it (`deliver`), as a
reverse proxy spreading requests would.
"""

from __future__ import annotations

import socket
from typing import Any

import httpx
from fakebot import FakeTelegram
from harness import Harness
from telegram import Update
from telegram.ext import TypeHandler
from tornado.httpserver import HTTPServer

from bot import webhook
from bot.app import TICK_JOB, build_application, post_init, post_shutdown
from bot.clock import ManualClock
from bot.settings import Settings, WebhookSettings
from handlers.gathering import SWEEP_JOB

SECRET = "instances-secret_0123"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class WebhookHarness(Harness):
    """One instance: updates reach it only through `deliver()`, over HTTP like Telegram's webhook calls."""

    def __init__(self, fake: FakeTelegram, clock: ManualClock, settings: Settings) -> None:
        super().__init__(fake, clock, settings)
        self.port = 0
        self.http: HTTPServer

    async def start(self) -> None:
        app = build_application(self.settings, clock=self.clock)
        app.add_handler(TypeHandler(Update, self._seen_update), group=10**6)
        await app.initialize()
        await post_init(app)
        assert app.job_queue is not None and app.updater is not None
        await app.start()
        for name in (TICK_JOB, SWEEP_JOB):
            for job in app.job_queue.get_jobs_by_name(name):
                job.schedule_removal()
        self.port = free_port()
        hook = WebhookSettings(listen="127.0.0.1", port=self.port, url="https://bot.example", path="tg",
                               secret_token=SECRET)
        self.http = webhook.server(app, hook)  # the server `dondoc run` uses in webhook mode
        self.http.listen(self.port, address="127.0.0.1")
        self.app = app

    async def stop(self) -> None:
        app, self.app = self.app, None
        if app is None:
            return
        self.http.stop()
        await self.http.close_all_connections()
        await app.stop()
        await post_shutdown(app)
        await app.shutdown()

    async def deliver(self) -> None:
        """Hand every update the fake holds to this instance and wait until its handlers are done."""
        updates: list[dict[str, Any]] = list(self.fake.state.updates)
        self.fake.state.updates.clear()
        async with httpx.AsyncClient(timeout=10) as client:
            for update in updates:
                response = await client.post(f"http://127.0.0.1:{self.port}/tg", json=update,
                                             headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
                assert response.status_code == 200, response.status_code
        wanted = {u["update_id"] for u in updates}
        await self.fake.wait_for(lambda: wanted <= self.seen)
