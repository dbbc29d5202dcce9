"""Rendering tasks, deadlines, cards and summaries as Telegram HTML (escaped, within length limits)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import Protocol

from dispatch.time.recurrence import WEEKDAY_NAMES, Recurrence
from handlers.texts import esc
from scheduler.digest import utf16_len

MAX_MESSAGE = 4096
ROLE_TITLES = {"lead": "Chủ trì", "coordinate": "Phối hợp", "all": "Chung", None: "Khác"}


class TaskLike(Protocol):
    """What rendering needs of a task (a dispatch.Task or a stored storage.Task)."""

    @property
    def text(self) -> str: ...
    @property
    def role(self) -> str | None: ...
    @property
    def deadline(self) -> date | None: ...
    @property
    def deadline_time(self) -> time | None: ...
    @property
    def deadline_text(self) -> str | None: ...
    @property
    def recurrence(self) -> Recurrence | None: ...
    @property
    def relative(self) -> str | None: ...
    @property
    def ongoing(self) -> bool: ...


def day_vi(d: date) -> str:
    """'Thứ Sáu, 25/07/2021'."""
    return f"{WEEKDAY_NAMES[d.weekday()]}, {d:%d/%m/%Y}"


def moment_vi(dt: datetime) -> str:
    """'17:00 15/10/2025'."""
    return f"{dt:%H:%M %d/%m/%Y}"


_RELATIVE = re.compile(
    r"^(?P<n>\d+) (?P<unit>working days|days) (?P<dir>from|before) (?:(?P<anchor>receipt|signing)|an event: (?P<event>.*))$"
)


def relative_vi(rule: str) -> str:
    """'5 working days from receipt' -> '5 ngày làm việc kể từ ngày nhận văn bản' (the event as written)."""
    m = _RELATIVE.match(rule)
    if m is None:
        return "chưa có hạn"
    unit = "ngày làm việc" if m.group("unit") == "working days" else "ngày"
    if m.group("dir") == "before":
        return f"{m.group('n')} {unit} trước khi {m.group('event') or ''} (chưa rõ ngày, hãy sửa hạn)"
    if m.group("event"):
        return f"{m.group('n')} {unit} {m.group('event')} (chưa rõ ngày, hãy sửa hạn)"
    anchor = "nhận văn bản" if m.group("anchor") == "receipt" else "ký văn bản"
    return f"{m.group('n')} {unit} kể từ ngày {anchor}"


def deadline_vi(task: TaskLike) -> str:
    """The deadline as an official would say it (plain text, not escaped)."""
    if task.recurrence:
        said = task.recurrence.label
        at = f"{task.deadline_time:%H:%M}" if task.deadline_time is not None else ""
        if at and at not in said:
            said += f", trước {at}"
        if task.deadline is not None:
            said += f" (kỳ tới: {day_vi(task.deadline)})"
        elif not task.recurrence.dated:
            said += " — chưa rõ ngày, hãy sửa hạn"
        return said
    if task.deadline is not None:
        if task.deadline_time is not None:
            return f"{task.deadline_time:%H:%M} {task.deadline:%d/%m/%Y}"
        return day_vi(task.deadline)
    if task.ongoing:
        return "thường xuyên"
    if task.relative:
        return relative_vi(task.relative)
    if task.deadline_text:
        return f"chưa rõ hạn: {task.deadline_text} — hãy sửa hạn"
    return "chưa có hạn"


def shorten(text: str, limit: int) -> str:
    """One line, at most `limit` characters, cut at a word boundary."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def task_block(number: str, task: TaskLike, *, width: int = 300, extra: str = "") -> str:
    """'<b>1.</b> text\n   ⏰ deadline' as HTML."""
    return f"<b>{esc(number)}.</b> {esc(shorten(task.text, width))}\n   ⏰ {esc(deadline_vi(task))}{extra}"


def grouped(tasks: Sequence[TaskLike], numbers: Sequence[str], *, width: int = 300) -> list[str]:
    """Task blocks under Chủ trì / Phối hợp / Chung headings, in that order."""
    lines: list[str] = []
    for role in ("lead", "coordinate", "all", None):
        members = [(n, t) for n, t in zip(numbers, tasks, strict=True) if t.role == role]
        if not members:
            continue
        lines.append(f"\n<b>{ROLE_TITLES[role]}</b>")
        lines.extend(task_block(n, t, width=width) for n, t in members)
    return lines


def fit(head: Iterable[str], body: Sequence[str], tail: Iterable[str] = (), limit: int = MAX_MESSAGE) -> str:
    """Join lines; drop body lines from the end (saying how many) until it fits in one message."""
    head_s, tail_s = "\n".join(head), "\n".join(tail)

    def join(kept: Sequence[str], dropped: int) -> str:
        parts = [head_s, *kept]
        if dropped:
            parts.append(f"<i>… và {dropped} mục khác</i>")
        if tail_s:
            parts.append(tail_s)
        return "\n".join(p for p in parts if p)

    text = join(body, 0)
    if utf16_len(text) <= limit:
        return text
    # one pass (a dispatch may hold thousands of tasks): keep the lines that fit beside head, note and tail
    budget = limit - utf16_len(join([], len(body)))
    kept = 0
    for line in body:
        budget -= utf16_len(line) + 1
        if budget < 0:
            break
        kept += 1
    text = join(body[:kept], len(body) - kept)
    return text if utf16_len(text) <= limit else shorten(text, limit)
