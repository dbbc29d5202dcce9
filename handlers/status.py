"""/status: the four official states, what is due within 7 days, and what is overdue — one message."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session
from telegram import Update
from telegram.ext import ContextTypes

import storage
from handlers.deps import get_deps
from handlers.format import deadline_vi, fit, shorten
from handlers.texts import esc
from scheduler.digest import undelivered_line

HORIZON_DAYS = 7


def render(summary: storage.StatusSummary, agency: str | None, today: str) -> str:
    """The /status message as HTML."""
    head = [
        f"📊 <b>Tình hình thực hiện nhiệm vụ</b>{' — ' + esc(agency) if agency else ''}",
        f"<i>Đến {today}</i>",
        "",
        f"🟢 Chưa hoàn thành, trong hạn: <b>{summary.open_on_time}</b>",
        f"🔴 Chưa hoàn thành, quá hạn: <b>{summary.open_overdue}</b>",
        f"✅ Hoàn thành đúng hạn: <b>{summary.done_on_time}</b>",
        f"🟠 Hoàn thành quá hạn: <b>{summary.done_late}</b>",
    ]
    body: list[str] = []
    if summary.overdue:
        body.append("\n<b>Quá hạn</b>")
        body.extend(f"<b>#{t.short_id}</b> quá {days} ngày · {esc(deadline_vi(t))}\n   {esc(shorten(t.text, 120))}"
                    for t, days in summary.overdue)
    if summary.due_soon:
        body.append(f"\n<b>Đến hạn trong {HORIZON_DAYS} ngày</b>")
        body.extend(f"<b>#{t.short_id}</b> {esc(deadline_vi(t))}\n   {esc(shorten(t.text, 120))}"
                    for t in summary.due_soon)
    if summary.undelivered:
        head.append("\n" + undelivered_line(summary.undelivered))
    return fit(head, body)


def summary_of(session: Session, *, chat_id: int, now: datetime) -> tuple[str | None, storage.StatusSummary]:
    """The chat's agency and its status as of now."""
    chat = storage.get_chat(session, chat_id=chat_id)
    summary = storage.status_summary(session, chat_id=chat_id, now=now, horizon_days=HORIZON_DAYS)
    return (chat.agency if chat else None), summary


async def status_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the chat's task status."""
    message = update.effective_message
    assert message is not None
    deps = get_deps(context)
    now = deps.clock.now()
    agency, summary = await deps.run(summary_of, chat_id=message.chat.id, now=now)
    await message.reply_text(render(summary, agency, f"{now:%H:%M %d/%m/%Y}"))
