"""A Sender that records messages and can be told to fail."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from scheduler.digest import Buttons, utf16_len


@dataclass
class Sent:
    chat_id: int
    html: str
    buttons: list[list[tuple[str, str]]]
    message_id: int


class _Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        assert tag in {"b", "i", "u", "s", "code", "pre", "a"}, tag
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack.pop() == tag, tag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_telegram_html(html: str) -> str:
    """Fail like Telegram would on unbalanced tags, stray '<' or '&', or a text over 4096; return the text."""
    assert utf16_len(html) <= 4096
    parser = _Balance()
    parser.feed(html)
    parser.close()
    assert parser.stack == [], parser.stack
    for i, ch in enumerate(html):
        if ch == "&":
            assert html[i:].split(";")[0] in {"&lt", "&gt", "&amp", "&quot", "&#x27"}, html[i : i + 10]
    return "".join(parser.text)


@dataclass
class FakeSender:
    sent: list[Sent] = field(default_factory=list)
    fail: Callable[[int], Exception | None] = lambda chat_id: None
    yield_between: bool = True
    _next_id: int = 1000

    async def send(self, chat_id: int, html: str, buttons: Buttons) -> int:
        if self.yield_between:
            await asyncio.sleep(0)
        error = self.fail(chat_id)
        if error is not None:
            raise error
        check_telegram_html(html)
        self._next_id += 1
        self.sent.append(Sent(chat_id, html, [list(row) for row in buttons], self._next_id))
        return self._next_id

    def to(self, chat_id: int) -> list[Sent]:
        return [s for s in self.sent if s.chat_id == chat_id]
