"""/baocao: the giao ban report as an Excel file; /thongke: the same figures as a message."""

from __future__ import annotations

import asyncio

from telegram import InputFile, Update
from telegram.ext import ContextTypes

from handlers import texts
from handlers.deps import get_deps
from handlers.reporting import build_report, stats_text
from reports.model import Report
from reports.periods import Period, parse_period, period_of
from reports.xlsx import workbook_bytes
from storage.policy import local_date


def file_name(period: Period) -> str:
    """'bao-cao-2026-03-01-2026-03-31.xlsx': ASCII, sortable, says which days."""
    return f"bao-cao-{period.start:%Y-%m-%d}-{period.end:%Y-%m-%d}.xlsx"


async def _report(update: Update, context: ContextTypes.DEFAULT_TYPE, usage: str,
                  allowed: frozenset[str] | None = None) -> tuple[Period, Report] | None:
    message = update.effective_message
    assert message is not None
    wanted = parse_period(context.args or [])
    if wanted is None or (allowed is not None and wanted[0] not in allowed):
        await message.reply_text(usage)
        return None
    deps = get_deps(context)
    now = deps.clock.now()
    period = period_of(wanted[0], local_date(now), previous=wanted[1])
    return period, await deps.run(build_report, chat_id=message.chat.id, period=period, now=now)


async def report_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the Excel report: /baocao [tuần|tháng|quý|năm] [trước]."""
    got = await _report(update, context, texts.REPORT_USAGE)
    if got is None:
        return
    period, report = got
    assert update.effective_message is not None
    data = await asyncio.to_thread(workbook_bytes, report)
    counts = report.counts()
    caption = texts.REPORT_CAPTION.format(period=texts.esc(period.label), count=len(report.rows),
                                          on_time=counts["open_on_time"], overdue=counts["open_overdue"],
                                          done=counts["done_on_time"], late=counts["done_late"])
    await update.effective_message.reply_document(InputFile(data, filename=file_name(period)), caption=caption)


async def stats_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Counts by state and the overdue tasks: /thongke [tuần|tháng] [trước]."""
    got = await _report(update, context, texts.STATS_USAGE, frozenset({"week", "month"}))
    if got is None:
        return
    _, report = got
    assert update.effective_message is not None
    await update.effective_message.reply_text(stats_text(report, title=texts.STATS_TITLE))
