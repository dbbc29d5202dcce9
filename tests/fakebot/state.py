"""What the fake Bot API server remembers: chats, messages, updates, files, faults and limits."""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# Telegram's default when a bot names no allowed_updates: every kind but these (Bot API, getUpdates)
NOT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class ApiError(Exception):
    """An error answer of the Bot API (ok=false)."""

    def __init__(self, code: int, description: str, retry_after: int | None = None,
                 migrate_to_chat_id: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after
        self.migrate_to_chat_id = migrate_to_chat_id


@dataclass
class Chat:
    id: int
    type: str  # "private" | "group" | "supergroup"
    title: str | None = None
    admins: set[int] = field(default_factory=set)
    bot_kicked: bool = False
    bot_status: str = "member"
    muted_until: datetime | None = None  # the bot may not post before then (400 not enough rights)
    migrated_to: int | None = None  # a group upgraded to this supergroup (400 with migrate_to_chat_id)
    started: bool = False  # private: the user wrote to the bot (pressed Start); before that the bot gets 403

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.title:
            out["title"] = self.title
        else:
            out["first_name"] = "Chat"
        return out


@dataclass
class User:
    id: int
    first_name: str
    username: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            out["username"] = self.username
        return out


@dataclass
class Message:
    """A message in a chat, by the bot or a simulated user, with its edit history."""

    chat_id: int
    message_id: int
    text: str
    from_bot: bool
    reply_markup: dict[str, Any] | None = None
    method: str = "sendMessage"
    versions: list[str] = field(default_factory=list)
    deleted: bool = False
    document: dict[str, Any] | None = None

    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback_data) of every inline button."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [(b["text"], b.get("callback_data", "")) for row in rows for b in row]

    def button(self, label: str) -> str:
        """callback_data of the first button whose label contains `label`."""
        for text, data in self.buttons():
            if label.lower() in text.lower():
                return data
        raise LookupError(f"no button {label!r} in {self.buttons()}")


@dataclass
class Fault:
    method: str | None
    code: int
    description: str
    retry_after: int | None
    chat_id: int | None
    remaining: int
    delay: float = 0.0  # seconds the fake waits before answering (longer than the client's timeout: a timeout)
    deliver: bool = False  # after the delay, carry the call out anyway (Telegram got it, the answer was lost)
    after: str = ""  # with deliver: "error" answers the fault's code anyway, "drop" closes the connection


class DropConnection(Exception):
    """Close the connection without an answer (the call may have been carried out)."""


class Limits:
    """Telegram's sending limits: ~30 messages/s overall, 20/min per group (sliding windows, real time)."""

    def __init__(self, overall_per_second: int = 30, group_per_minute: int = 20) -> None:
        self.overall_per_second = overall_per_second
        self.group_per_minute = group_per_minute
        self._overall: deque[float] = deque()
        self._groups: dict[int, deque[float]] = {}

    def check(self, chat_id: int) -> None:
        now = time.monotonic()
        while self._overall and now - self._overall[0] >= 1.0:
            self._overall.popleft()
        if len(self._overall) >= self.overall_per_second:
            raise ApiError(429, "Too Many Requests: retry after 1", retry_after=1)
        if chat_id < 0:
            window = self._groups.setdefault(chat_id, deque())
            while window and now - window[0] >= 60.0:
                window.popleft()
            if len(window) >= self.group_per_minute:
                wait = max(1, int(60.0 - (now - window[0])) + 1)
                raise ApiError(429, f"Too Many Requests: retry after {wait}", retry_after=wait)
            window.append(now)
        self._overall.append(now)


@dataclass
class State:
    """Mutable state shared by the HTTP handlers and the simulated users."""

    token: str
    bot_id: int = 7000000001
    bot_username: str = "dondoc_test_bot"
    can_read_all_group_messages: bool = False
    clock: Callable[[], datetime] | None = None
    chats: dict[int, Chat] = field(default_factory=dict)
    users: dict[int, User] = field(default_factory=dict)
    messages: dict[tuple[int, int], Message] = field(default_factory=dict)
    calls: list[tuple[str, dict[str, Any], int]] = field(default_factory=list)
    commands: list[dict[str, Any]] = field(default_factory=list)  # the default scope's menu
    menus: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # scope type -> menu
    files: dict[str, bytes] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    random_fault_rate: float = 0.0
    limits: Limits | None = None
    updates: list[dict[str, Any]] = field(default_factory=list)
    pushed: list[int] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (method, description) of every 4xx answered
    confirmed_offset: int = 0
    allowed_updates: list[str] | None = None  # the last getUpdates' allowed_updates (None: Telegram's default)
    withheld: list[dict[str, Any]] = field(default_factory=list)  # updates of kinds the bot did not ask for

    def __post_init__(self) -> None:
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._file_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self.changed = asyncio.Condition()
        self.rng = random.Random(1234)

    def now_ts(self) -> int:
        return int((self.clock() if self.clock else datetime.now().astimezone()).timestamp())

    def next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def next_update_id(self) -> int:
        return next(self._update_ids)

    def next_file_id(self) -> str:
        return f"FILE{next(self._file_ids):06d}"

    def next_callback_id(self) -> str:
        return f"CB{next(self._callback_ids):06d}"

    def bot_user(self) -> dict[str, Any]:
        return {"id": self.bot_id, "is_bot": True, "first_name": "Đôn đốc", "username": self.bot_username}

    def chat(self, chat_id: int) -> Chat:
        if chat_id not in self.chats:
            raise ApiError(400, "Bad Request: chat not found")
        chat = self.chats[chat_id]
        if chat.bot_kicked:
            raise ApiError(403, f"Forbidden: bot was kicked from the {chat.type} chat")
        if chat.migrated_to is not None:
            raise ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat",
                           migrate_to_chat_id=chat.migrated_to)
        return chat

    def check_can_post(self, chat: Chat) -> None:
        """A bot restricted in a group (muted) may not post until the restriction ends."""
        if chat.muted_until is not None and self.clock is not None and self.clock() < chat.muted_until:
            raise ApiError(400, "Bad Request: not enough rights to send text messages to the chat")

    def allows(self, update: dict[str, Any]) -> bool:
        """Whether Telegram would deliver this update to the bot, given what it subscribed to."""
        kind = next(k for k in update if k != "update_id")
        if self.allowed_updates is None:
            return kind not in NOT_BY_DEFAULT
        return kind in self.allowed_updates

    def take_fault(self, method: str, chat_id: int | None) -> Fault | None:
        for fault in self.faults:
            if fault.method not in (None, method) or fault.chat_id not in (None, chat_id):
                continue
            fault.remaining -= 1
            if fault.remaining <= 0:
                self.faults.remove(fault)
            return fault
        return None

    async def notify(self) -> None:
        async with self.changed:
            self.changed.notify_all()
