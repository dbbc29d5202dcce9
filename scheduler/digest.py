"""The Vietnamese reminder digest: one HTML message per chat, split to Telegram's limits."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time

from dispatch.time.recurrence import WEEKDAY_NAMES
from dispatch.time.urgency import URGENCY_NAMES
from scheduler import callbacks
from storage.policy import Assignee, Calendar

MAX_CHARS = 4096
MAX_TASKS_PER_MESSAGE = 25  # 3 buttons each stays under Telegram's ~100 buttons per keyboard
MAX_TASK_TEXT = 600
MAX_UNDELIVERED_SHOWN = 30
URGENCY_ICONS = {"hoa_toc": "🔥", "thuong_khan": "‼️", "khan": "❗"}
URGENCY_MARKS = {key: f"{URGENCY_ICONS[key]} <b>{name.upper()}</b>" for key, name in URGENCY_NAMES.items()}

Button = tuple[str, str]
Buttons = Sequence[Sequence[Button]]


def mention(person: Assignee) -> str:
    """HTML naming the person: @username (Telegram notifies them), else telegram.helpers.mention_html's link."""
    if person.username:
        return f"@{html.escape(person.username)}"
    name = html.escape(person.name or "?", quote=False)
    return f'<a href="tg://user?id={person.user_id}">{name}</a>' if person.user_id else name


@dataclass(frozen=True, slots=True)
class DigestItem:
    """One task to show in a digest, with the reminder its snooze button refers to."""

    task_id: int
    short_id: int
    text: str
    deadline: date
    deadline_time: time | None
    reminder_id: int
    assignees: tuple[Assignee, ...] = ()
    dispatch_number: str | None = None
    urgency: str | None = None
    group: str | None = None  # the task's group, in a private digest (tasks of several groups)


@dataclass(slots=True)
class DigestPart:
    """One message of a digest: its HTML, its buttons and the task ids it shows."""

    html: str
    buttons: list[list[Button]] = field(default_factory=list)
    task_ids: list[int] = field(default_factory=list)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def format_date(d: date, at: time | None = None) -> str:
    """``Thứ Sáu, 25/07/2021`` or ``17:00 Thứ Sáu, 15/10/2025``."""
    day = f"{WEEKDAY_NAMES[d.weekday()]}, {d:%d/%m/%Y}"
    return f"{at:%H:%M} {day}" if at else day


def _status_line(item: DigestItem, today: date, overdue: bool, calendar: Calendar) -> str:
    when = format_date(item.deadline, item.deadline_time)
    if overdue:
        days = (today - item.deadline).days
        late = f"quá hạn {days} ngày" if days > 0 else "đã quá giờ hạn hôm nay"
        return f"🔴 Hạn: {when} — <b>{late}</b>"
    if item.deadline <= today:
        return f"📌 Hạn: {when} — <b>hôm nay là hạn chót</b>"
    left = calendar.working_days_between(today, item.deadline)
    return f"⏳ Hạn: {when} — còn {left} ngày làm việc"


def _task_block(item: DigestItem, today: date, overdue: bool, calendar: Calendar) -> str:
    text = " ".join(item.text.split())
    if len(text) > MAX_TASK_TEXT:
        text = text[: MAX_TASK_TEXT - 1].rstrip() + "…"
    mark = f"{URGENCY_MARKS[item.urgency]} " if item.urgency in URGENCY_MARKS else ""
    lines = [f"<b>#{item.short_id}</b> {mark}{html.escape(text)}", _status_line(item, today, overdue, calendar)]
    if item.group:
        lines.append(f"👥 {html.escape(item.group)}")
    if item.dispatch_number:
        lines.append(f"📄 Văn bản số {html.escape(item.dispatch_number)}")
    if item.assignees:
        lines.append("👤 " + ", ".join(mention(a) for a in item.assignees))
    return "\n".join(lines)


def _buttons(item: DigestItem) -> list[Button]:
    n = item.short_id
    return [
        (f"✅ Xong #{n}", callbacks.reminder("done", item.task_id)),
        (f"⏰ Hoãn 1 ngày #{n}", callbacks.reminder("snooze", item.reminder_id)),
        (f"📅 Gia hạn #{n}", callbacks.reminder("extend", item.task_id)),
    ]


def undelivered_line(short_ids: Sequence[int]) -> str:
    """What the group is told about reminders that Telegram refused for a day (digest and /status)."""
    shown = ", ".join(f"#{n}" for n in short_ids[:MAX_UNDELIVERED_SHOWN])
    more = "…" if len(short_ids) > MAX_UNDELIVERED_SHOWN else ""
    return f"⚠️ Có nhắc việc chưa gửi được (Telegram từ chối tin nhắn của bot): {shown}{more}"


def render_digest(
    items: Sequence[tuple[DigestItem, bool]], *, today: date, calendar: Calendar, catch_up: bool = False,
    undelivered: Sequence[int] = (),
) -> list[DigestPart]:
    """The digest for one chat: (item, overdue) pairs -> messages of at most 4096 characters.

    ``undelivered``: short ids of tasks whose reminder failed since the last digest, told in the first part.
    """
    sections = (
        ("🔴 <b>Quá hạn</b>", [i for i, late in items if late]),
        ("📌 <b>Đến hạn hôm nay</b>", [i for i, late in items if not late and i.deadline <= today]),
        ("⏳ <b>Sắp đến hạn</b>", [i for i, late in items if not late and i.deadline > today]),
    )
    header = f"🔔 <b>Nhắc việc</b> — {format_date(today)}"
    if catch_up:
        header += "\n<i>Gồm cả các nhắc việc bị lỡ trong lúc bot tạm dừng.</i>"
    if undelivered:
        header += "\n" + undelivered_line(undelivered)
    parts: list[DigestPart] = [DigestPart(header)]
    for title, section in sections:
        if not section:
            continue
        heading = f"\n\n{title}"
        for n, item in enumerate(section):
            block = ("\n\n" if n else "\n") + _task_block(item, today, title.startswith("🔴"), calendar)
            part = parts[-1]
            extra = (heading if n == 0 else "") + block
            if len(part.task_ids) >= MAX_TASKS_PER_MESSAGE or utf16_len(part.html + extra) > MAX_CHARS:
                part = DigestPart(f"🔔 <b>Nhắc việc (tiếp)</b>\n\n{title}")
                parts.append(part)
                extra = block
            part.html += extra
            part.buttons.append(_buttons(item))
            part.task_ids.append(item.task_id)
    return [p for p in parts if p.task_ids]


_TOKEN = re.compile(r"<[^>]*>|&[#\w]+;|[\s\S]")


def split_html(text: str, limit: int = MAX_CHARS) -> list[str]:
    """Split Telegram HTML at line boundaries; an overlong line is cut outside tags and entities,
    closing open tags at the cut and reopening them in the next part."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if utf16_len(candidate) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        current = ""
        if utf16_len(line) <= limit:
            current = line
            continue
        parts.extend(_cut_line(line, limit)[:-1])
        current = _cut_line(line, limit)[-1]
    if current or not parts:
        parts.append(current)
    return parts


def _cut_line(line: str, limit: int) -> list[str]:
    chunks: list[str] = []
    open_tags: list[tuple[str, str]] = []  # (name, opening tag)
    chunk = ""
    for token in _TOKEN.findall(line):
        closing = "".join(f"</{name}>" for name, _ in reversed(open_tags))
        if utf16_len(chunk + token + closing) > limit and chunk:
            chunks.append(chunk + closing)
            chunk = "".join(tag for _, tag in open_tags)
        chunk += token
        if token.startswith("</"):
            name = token[2:-1].strip().lower()
            if open_tags and open_tags[-1][0] == name:
                open_tags.pop()
        elif token.startswith("<") and len(token) > 1:
            open_tags.append((token[1:-1].split()[0].lower(), token))
    chunks.append(chunk)
    return chunks
