"""The fake Bot API server, seen per bot process: each process calls it under its own URL prefix.

A process started with DONDOC_TELEGRAM_API_URL = ``fake.root_for("i2")`` sends to /i2/bot<token>/...; the
server counts accepted sendMessage calls per prefix, can hold every answer to sendMessage for a while (the
message exists, the bot does not know its id yet: the ambiguous window a crash can hit), can SIGKILL a
process at the N-th accepted message (a given one, or whichever sent it), and can hold sendMessage until
several processes are up. Telegram's global limit is FakeTelegram.enforce_limits (429 with retry_after).
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
from collections import Counter
from dataclasses import dataclass
from typing import Any

from fakebot import FakeTelegram
from fakebot.server import _FileHandler, _MethodHandler
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application


@dataclass
class KillSwitch:
    """SIGKILL `pid` when the server has accepted `after` sendMessage calls in all; or, given `pids` (URL
    prefix -> pid) instead, the process that sent that message: one caught in the middle of its tick."""

    pid: int | None
    after: int
    pids: dict[str, int] | None = None
    fired: bool = False
    killed: str | None = None  # the prefix of the process killed (with pids)
    answers_held: int = 0  # messages accepted whose answer had not been written when the kill fired


class _TaggedHandler(_MethodHandler):
    """The base handler, plus the URL prefix of the calling process and a held answer to sendMessage."""

    fake: PerProcessTelegram

    async def post(self, tag: str | None, token: str, method: str) -> None:
        await self._tagged(tag or "-", token, method)

    async def get(self, tag: str | None, token: str, method: str) -> None:
        await self._tagged(tag or "-", token, method)

    async def _tagged(self, tag: str, token: str, method: str) -> None:
        self.tag, self.method = tag, method
        self.held: tuple[int, dict[str, Any]] | None = None
        fake = self.fake
        if method == "setWebhook":
            fake.webhooks_set.add(tag)
            if fake.gate is not None and len(fake.webhooks_set) >= fake.gate_after:
                fake.gate.set()
        if method == "sendMessage" and fake.gate is not None:
            await fake.gate.wait()
        await self._handle(token, method)
        if self.held is not None:
            await asyncio.sleep(fake.answer_delay)
            fake.answers_pending -= 1
            if not self.request.connection.stream.closed():
                super()._reply(*self.held)

    def _reply(self, status: int, body: dict[str, Any]) -> None:
        fake = self.fake
        if self.method != "sendMessage" or status != 200:
            super()._reply(status, body)
            return
        fake.accepted += 1
        fake.sent_by[self.tag] += 1
        fake.sender_of[(int(body["result"]["chat"]["id"]), int(body["result"]["message_id"]))] = self.tag
        switch = fake.kill_switch
        if switch is not None and not switch.fired and fake.accepted >= switch.after:
            pid = switch.pid if switch.pids is None else switch.pids[self.tag]
            assert pid is not None
            os.kill(pid, signal.SIGKILL)  # before this answer (and the held ones) reach the bot
            switch.fired, switch.answers_held = True, fake.answers_pending + 1
            switch.killed = self.tag
        if fake.answer_delay:
            self.held = (status, body)
            fake.answers_pending += 1
            return
        super()._reply(status, body)


class PerProcessTelegram(FakeTelegram):
    """FakeTelegram with per-process URL prefixes, held answers, a kill switch and a start gate."""

    def __init__(self, token: str = "123456:TEST-token-abcdefghijklmnopqrstu") -> None:
        super().__init__(token)
        self.accepted = 0  # sendMessage calls accepted (messages that exist)
        self.sent_by: Counter[str] = Counter()  # accepted sendMessage calls per URL prefix
        self.sender_of: dict[tuple[int, int], str] = {}  # (chat id, message id) -> prefix of its sender
        self.answer_delay = 0.0
        self.answers_pending = 0
        self.kill_switch: KillSwitch | None = None
        self.webhooks_set: set[str] = set()
        self.gate: asyncio.Event | None = None
        self.gate_after = 0

    def root_for(self, tag: str) -> str:
        """The API root a process should use (its DONDOC_TELEGRAM_API_URL)."""
        return f"{self.api_root}/{tag}"

    def hold_messages_until_webhooks(self, count: int) -> None:
        """Accept no sendMessage until `count` processes have called setWebhook (all instances are up)."""
        self.gate, self.gate_after = asyncio.Event(), count

    async def start(self) -> None:
        app = Application([
            (r"/(?:(i\d+)/)?bot([^/]+)/(\w+)", _TaggedHandler, {"fake": self}),
            (r"/(?:i\d+/)?file/bot([^/]+)/(.+)", _FileHandler, {"fake": self}),
        ], log_function=lambda handler: None)
        sockets = bind_sockets(0, "127.0.0.1", family=socket.AF_INET)
        self.port = sockets[0].getsockname()[1]
        self._server = HTTPServer(app, max_body_size=64 * 1024 * 1024)
        self._server.add_sockets(sockets)

    def tasks_delivered(self) -> Counter[int]:
        """How many accepted messages carried each task (its "done:<task id>" button)."""
        seen: Counter[int] = Counter()
        for message in self.state.messages.values():
            if message.from_bot:
                seen.update(int(data.split(":")[1]) for _, data in message.buttons() if data.startswith("done:"))
        return seen

    def refused(self) -> int:
        """sendMessage calls answered 429 (Telegram's flood limits, when enforced)."""
        return sum(1 for method, _, code in self.state.calls if method == "sendMessage" and code == 429)

    def tasks_delivered_by(self, tag: str) -> Counter[int]:
        """As tasks_delivered, for the messages one process sent."""
        seen: Counter[int] = Counter()
        for key in self.messages_by(tag):
            message = self.state.messages[key]
            seen.update(int(data.split(":")[1]) for _, data in message.buttons() if data.startswith("done:"))
        return seen

    def messages_by(self, tag: str) -> list[tuple[int, int]]:
        """(chat id, message id) of every message a process sent."""
        return [key for key, who in self.sender_of.items() if who == tag]
