"""Webhook mode: the HTTP server Telegram (through the reverse proxy) posts updates to, and its /healthz.

    POST /<path>   an update; 403 without the right X-Telegram-Bot-Api-Secret-Token or when not JSON
    GET  /healthz  200 {"status": "ok", ...} while the database answers and the reminder tick keeps running;
                   503 {"status": "unhealthy", ...} otherwise (what is wrong is named, never an error text)

PTB's own webhook server has no room for a second route, so this one is ours (tornado, as PTB's); updates go
to ``application.update_queue`` exactly as there. ``run`` mirrors ``Application.run_webhook``'s lifecycle.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import signal
from datetime import datetime, timedelta
from http import HTTPStatus
from typing import Any

from sqlalchemy import text
from telegram import Update
from telegram.ext import Application
from tornado.httpserver import HTTPServer
from tornado.web import Application as TornadoApplication
from tornado.web import RequestHandler

from bot.app import ALLOWED_UPDATES
from bot.settings import WebhookSettings
from handlers.deps import DEPS_KEY, Deps

log = logging.getLogger(__name__)
DATABASE_TIMEOUT = 5.0  # seconds /healthz waits for SELECT 1
TICK_SLACK = timedelta(seconds=60)  # beyond three tick intervals without a tick, the instance is unhealthy


def health(deps: Deps, *, now: datetime, database_ok: bool) -> tuple[bool, dict[str, Any]]:
    """Whether this instance works: the database answered and a tick ran recently, or is running and moving.

    A tick may run for many minutes (10,000 chats at 30 a second take 5.5), its leases renewed all along
    (scheduler.leases); it is stuck only when Telegram has answered none of its sends for a whole lease.
    """
    stale_after = timedelta(seconds=3 * deps.settings.tick_seconds) + TICK_SLACK
    if deps.tick_running_since is not None:
        moved_at = max(deps.tick_running_since, deps.tick_answered_at or deps.tick_running_since)
        ticking = now - moved_at <= timedelta(seconds=deps.settings.lease_seconds)
    else:
        ticking = now - (deps.last_tick_at or deps.started_at or now) <= stale_after
    report = {
        "status": "ok" if database_ok and ticking else "unhealthy",
        "database": "ok" if database_ok else "unreachable",
        "tick": "ok" if ticking else "stale",
        "last_tick": deps.last_tick_at.isoformat() if deps.last_tick_at else None,
        "tick_running_since": deps.tick_running_since.isoformat() if deps.tick_running_since else None,
        "tick_answered_at": deps.tick_answered_at.isoformat() if deps.tick_running_since and deps.tick_answered_at
        else None,
        "instance": deps.instance_id,
    }
    return database_ok and ticking, report


def _database_answers(deps: Deps) -> bool:
    try:
        with deps.db.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:  # any failure means unreachable; the error text may name hosts
        log.warning("healthz: the database did not answer", exc_info=True)
        return False
    return True


class HealthHandler(RequestHandler):
    """GET /healthz."""

    def initialize(self, bot_app: Application) -> None:  # type: ignore[type-arg]
        self.bot_app = bot_app

    async def get(self) -> None:
        deps: Deps = self.bot_app.bot_data[DEPS_KEY]
        try:
            database_ok = await asyncio.wait_for(asyncio.to_thread(_database_answers, deps), DATABASE_TIMEOUT)
        except TimeoutError:
            database_ok = False
        ok, report = health(deps, now=deps.clock.now(), database_ok=database_ok)
        self.set_status(HTTPStatus.OK if ok else HTTPStatus.SERVICE_UNAVAILABLE)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(report))


class UpdateHandler(RequestHandler):
    """POST /<path>: one update from Telegram, queued for the Application."""

    SUPPORTED_METHODS = ("POST",)

    def initialize(self, bot_app: Application, secret_token: str) -> None:  # type: ignore[type-arg]
        self.bot_app = bot_app
        self.secret_token = secret_token

    async def post(self) -> None:
        given = self.request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if not hmac.compare_digest(given.encode(), self.secret_token.encode()):
            self.send_error(HTTPStatus.FORBIDDEN)
            return
        if self.request.headers.get("Content-Type", "").split(";")[0].strip() != "application/json":
            self.send_error(HTTPStatus.FORBIDDEN)
            return
        try:
            update = Update.de_json(json.loads(self.request.body), self.bot_app.bot)
        except Exception:  # not an update: tell Telegram (it will not retry a 400)
            log.warning("webhook: a request that is not an update was refused")
            self.send_error(HTTPStatus.BAD_REQUEST)
            return
        await self.bot_app.update_queue.put(update)
        self.finish()

    def log_exception(self, *args: Any) -> None:
        """Tornado's default would log the request line; our log lines come from the handlers above."""


def server(application: Application, hook: WebhookSettings) -> HTTPServer:  # type: ignore[type-arg]
    """The HTTP server (not yet listening) for this application's webhook and health check."""
    routes = TornadoApplication(
        [
            (rf"/{hook.path}/?", UpdateHandler, {"bot_app": application, "secret_token": hook.secret_token}),
            (r"/healthz", HealthHandler, {"bot_app": application}),
        ],
        log_function=lambda handler: None,
    )
    return HTTPServer(routes)


async def serve(application: Application, hook: WebhookSettings,  # type: ignore[type-arg]
                stop: asyncio.Event) -> None:
    """Initialise, listen, register the webhook, run until ``stop`` is set; then shut down as run_webhook does."""
    http = server(application, hook)
    try:
        await application.initialize()
        if application.post_init:
            await application.post_init(application)
        http.listen(hook.port, address=hook.listen)
        await application.bot.set_webhook(url=f"{hook.url.rstrip('/')}/{hook.path}", secret_token=hook.secret_token,
                                          allowed_updates=ALLOWED_UPDATES)
        await application.start()
        await stop.wait()
    finally:
        http.stop()
        with contextlib.suppress(Exception):
            await http.close_all_connections()
        if application.running:
            await application.stop()
            if application.post_stop:
                await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)


def run(application: Application, hook: WebhookSettings) -> None:  # type: ignore[type-arg]
    """Serve the webhook until SIGINT or SIGTERM."""
    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await serve(application, hook, stop)

    asyncio.run(main())
