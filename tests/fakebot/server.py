"""A fake Telegram Bot API server on 127.0.0.1 (tornado), for driving the real Application over HTTP."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Callable
from datetime import datetime
from typing import Any

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

from . import api
from .state import ApiError, DropConnection, Fault, Limits, Message, State
from .users import UserApi

STRING_FIELDS = frozenset({"text", "caption", "parse_mode", "callback_query_id", "file_id", "action", "url",
                           "secret_token", "language_code", "business_connection_id", "emoji", "file_name"})


def decode_params(raw: dict[str, str]) -> dict[str, Any]:
    """Form fields carry JSON-encoded values except plain strings (PTB's json_parameters)."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key in STRING_FIELDS:
            out[key] = value
            continue
        try:
            out[key] = json.loads(value)
        except ValueError:
            out[key] = value
    return out


class _MethodHandler(RequestHandler):
    def initialize(self, fake: FakeTelegram) -> None:
        self.fake = fake

    async def post(self, token: str, method: str) -> None:
        await self._handle(token, method)

    async def get(self, token: str, method: str) -> None:
        await self._handle(token, method)

    async def _handle(self, token: str, method: str) -> None:
        state = self.fake.state
        if token != state.token:
            self._reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        content_type = self.request.headers.get("Content-Type", "")
        files: dict[str, bytes] = {}
        if content_type.startswith("application/json") and self.request.body:
            params = json.loads(self.request.body)
        else:
            raw = {k: v[-1].decode() for k, v in self.request.body_arguments.items()}
            raw.update({k: v[-1].decode() for k, v in self.request.query_arguments.items()})
            params = decode_params(raw)
            files = {k: v[0]["body"] for k, v in self.request.files.items()}
        try:
            result = await api.call(state, method, params, files)
        except asyncio.CancelledError:  # the server is shutting down under a long poll
            self.set_status(503)
            self.finish()
            return
        except DropConnection:
            state.calls.append((method, params, 0))  # 0: no answer at all
            assert self.request.connection is not None
            self.request.connection.close()
            await state.notify()
            return
        except ApiError as exc:
            body: dict[str, Any] = {"ok": False, "error_code": exc.code, "description": exc.description}
            if exc.retry_after is not None:
                body["parameters"] = {"retry_after": exc.retry_after}
            if exc.migrate_to_chat_id is not None:
                body["parameters"] = {"migrate_to_chat_id": exc.migrate_to_chat_id}
            state.calls.append((method, params, exc.code))
            if 400 <= exc.code < 500 and exc.code != 429:
                state.errors.append((method, exc.description))
            self._reply(exc.code, body)
        else:
            state.calls.append((method, params, 200))
            self._reply(200, {"ok": True, "result": result})
        await state.notify()

    def _reply(self, status: int, body: dict[str, Any]) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body, ensure_ascii=False))


class _FileHandler(RequestHandler):
    def initialize(self, fake: FakeTelegram) -> None:
        self.fake = fake

    def get(self, token: str, path: str) -> None:
        file_id = path.rsplit("/", 1)[-1]
        if token != self.fake.state.token or file_id not in self.fake.state.files:
            self.set_status(404)
            self.finish()
            return
        self.finish(self.fake.state.files[file_id])


class FakeTelegram(UserApi):
    """The fake server: start() it, point the Application at .api_root, drive it as users."""

    def __init__(self, token: str = "123456:TEST-token-abcdefghijklmnopqrstu", *,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.state = State(token=token, clock=clock)
        self._server: HTTPServer | None = None
        self.port = 0

    @property
    def token(self) -> str:
        return self.state.token

    @property
    def api_root(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        app = Application([
            (r"/bot([^/]+)/(\w+)", _MethodHandler, {"fake": self}),
            (r"/file/bot([^/]+)/(.+)", _FileHandler, {"fake": self}),
        ], log_function=lambda handler: None)  # URLs carry the token; the fake keeps its own call log
        sockets = bind_sockets(0, "127.0.0.1", family=socket.AF_INET)
        self.port = sockets[0].getsockname()[1]
        self._server = HTTPServer(app, max_body_size=64 * 1024 * 1024)
        self._server.add_sockets(sockets)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None

    # --- faults and limits -------------------------------------------------------------
    def fail_next(self, method: str | None = None, *, code: int = 429, description: str | None = None,
                  retry_after: int | None = None, chat_id: int | None = None, times: int = 1) -> None:
        """Make the next `times` matching calls fail with this error."""
        if description is None:
            description = {429: f"Too Many Requests: retry after {retry_after or 1}",
                           403: "Forbidden: bot was kicked from the group chat",
                           400: "Bad Request: chat not found"}.get(code, "Internal Server Error")
        if code == 429 and retry_after is None:
            retry_after = 1
        self.state.faults.append(Fault(method, code, description, retry_after, chat_id, times))

    def hang_next(self, method: str | None = None, *, seconds: float, chat_id: int | None = None, times: int = 1,
                  deliver: bool = False) -> None:
        """Make the next `times` matching calls answer only after `seconds` (set it beyond the client's timeout).

        deliver=False: the call is then refused with 504, as if it never reached Telegram; deliver=True: it is
        carried out, so the message exists although the client saw a timeout (the ambiguous case).
        """
        self.state.faults.append(Fault(method, 504, "Gateway Timeout", None, chat_id, times, seconds, deliver))

    def lose_answer_next(self, method: str | None = None, *, how: str, chat_id: int | None = None,
                         times: int = 1) -> None:
        """Carry out the next `times` matching calls, then lose the answer: how="5xx" answers 502 anyway,
        how="drop" closes the connection (the ambiguous cases besides a timeout, see hang_next)."""
        after = {"5xx": "error", "drop": "drop"}[how]
        self.state.faults.append(Fault(method, 502, "Bad Gateway", None, chat_id, times, 0.0, True, after))

    def random_faults(self, rate: float, seed: int = 1234) -> None:
        """Fail this share of send/edit calls at random with 429 or 5xx."""
        self.state.random_fault_rate = rate
        self.state.rng.seed(seed)

    def enforce_limits(self, overall_per_second: int = 30, group_per_minute: int = 20) -> None:
        self.state.limits = Limits(overall_per_second, group_per_minute)

    # --- observing what the bot did ------------------------------------------------------
    def bot_messages(self, chat_id: int) -> list[Message]:
        """Messages the bot sent to a chat, oldest first (edited ones show their latest text)."""
        return [m for (c, _), m in sorted(self.state.messages.items()) if c == chat_id and m.from_bot]

    def format_errors(self) -> list[tuple[str, str]]:
        """Rejections caused by what the bot wrote (bad HTML, too long, empty, bad buttons)."""
        markers = ("parse entities", "too long", "is empty", "BUTTON_DATA_INVALID", "unallowed")
        return [(m, d) for m, d in self.state.errors if any(k in d for k in markers)]

    def calls(self, method: str, status: int | None = 200) -> list[dict[str, Any]]:
        return [p for m, p, s in self.state.calls if m == method and (status is None or s == status)]

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Wait (on I/O, not on the reminder clock) until predicate() is truthy; return its value."""
        async def loop() -> Any:
            async with self.state.changed:
                while not (value := predicate()):
                    await self.state.changed.wait()
                return value
        try:
            return await asyncio.wait_for(loop(), timeout)
        except TimeoutError:
            raise AssertionError(f"timed out waiting; bot calls: {[c[0] for c in self.state.calls[-15:]]}") from None

    async def wait_message(self, chat_id: int, contains: str, *, after: int = 0, timeout: float = 10.0) -> Message:
        """Wait until the bot has a message (sent after message id `after`) containing the text."""
        def found() -> Message | None:
            for msg in self.bot_messages(chat_id):
                if msg.message_id > after and contains in msg.text and not msg.deleted:
                    return msg
            return None
        result: Message = await self.wait_for(found, timeout)
        return result

    async def drained(self, timeout: float = 10.0) -> None:
        """Wait until every update was fetched and confirmed by the bot's next getUpdates."""
        await self.wait_for(lambda: not self.state.updates or
                            self.state.confirmed_offset > self.state.updates[-1]["update_id"], timeout)
