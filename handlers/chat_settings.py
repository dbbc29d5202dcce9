"""/caidat (/settings): days before the deadline, send time, collective tasks, the weekly summary."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session
from telegram import Update
from telegram.ext import ContextTypes

import storage
from handlers import texts
from handlers.access import number, require_admin
from handlers.deps import Deps, get_deps
from handlers.pipeline import ensure_chat

ON = frozenset({"on", "bat", "bật", "co", "có", "yes", "1"})
OFF = frozenset({"off", "tat", "tắt", "khong", "không", "no", "0"})
WEEKLY = frozenset({"tonghop", "tổnghợp", "weekly", "tuan", "tuần"})


def parse_days(arg: str) -> list[int] | None:
    """'7,3,1' -> [7, 3, 1]; None when not whole numbers 1..60."""
    items = [p for p in arg.replace(" ", "").split(",") if p]
    days = [number(p, 2) for p in items]
    if not items or len(items) > 10 or not all(d is not None and 1 <= d <= 60 for d in days):
        return None
    return [d for d in days if d is not None]


def parse_time(arg: str) -> str | None:
    """'8:00' / '08:00' / '8h' -> '08:00'; None otherwise."""
    hour, _sep, minute = arg.lower().replace("h", ":").partition(":")
    h, m = number(hour, 2), number(minute or "00", 2)
    if h is None or m is None or h >= 24 or m >= 60 or len(minute or "00") != 2:
        return None
    return f"{h:02d}:{m:02d}"


def saved(session: Session, *, deps: Deps, chat_id: int, title: str | None, actor_id: int | None,
          change: dict[str, Any]) -> None:
    """Store a change of settings (the chat created with the deployment's defaults if new)."""
    ensure_chat(session, deps, chat_id, title)
    storage.update_settings(session, chat_id=chat_id, now=deps.clock.now(), calendar=deps.calendar,
                            actor_id=actor_id, **change)


async def settings_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show or change the settings: /caidat [ngay 7,3,1 | gio 08:00 | chung bat|tat | tonghop bat|tat]."""
    message = update.effective_message
    assert message is not None
    deps = get_deps(context)
    args = context.args or []
    if args:
        if len(args) != 2 or args[0].lower() not in {"days", "ngay", "time", "gio", "chung", *WEEKLY}:
            await message.reply_text(texts.SETTINGS_USAGE)
            return
        key, value = args[0].lower(), args[1].lower()
        change: dict[str, object] = {}
        if key in {"days", "ngay"} and (days := parse_days(value)) is not None:
            change["days_before"] = days
        elif key in {"time", "gio"} and (at := parse_time(value)) is not None:
            change["send_at"] = at
        elif key == "chung" and value in ON | OFF:
            change["remind_collective"] = value in ON
        elif key in WEEKLY and value in ON | OFF:
            change["weekly_summary"] = value in ON
        else:
            await message.reply_text(texts.SETTINGS_USAGE)
            return
        if not await require_admin(update, context, "đổi cài đặt"):
            return
        await deps.run(saved, deps=deps, chat_id=message.chat.id, title=message.chat.title,
                       actor_id=update.effective_user.id if update.effective_user else None, change=change)
        await message.reply_text(texts.SETTINGS_SAVED)
    chat = await deps.run(ensure_chat, deps=deps, chat_id=message.chat.id, title=message.chat.title)
    shown = texts.SETTINGS_SHOW.format(days=", ".join(str(d) for d in chat.days_before), send_at=chat.send_at,
                                       collective=texts.YES if chat.remind_collective else texts.NO,
                                       weekly=texts.YES if chat.weekly_summary else texts.NO)
    await message.reply_text(shown)
