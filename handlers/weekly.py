"""The weekly summary posted to each group on the first working day of the week, at its send time."""

from __future__ import annotations

import logging
from typing import Any

from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

import storage
from handlers import texts
from handlers.deps import DEPS_KEY, Deps
from handlers.reporting import build_report, stats_text
from reports.periods import period_of
from storage.policy import local_date

log = logging.getLogger(__name__)
WEEKLY_JOB = "WEEKLY_SUMMARY"


async def send_weekly_summaries(application: Application[Any, Any, Any, Any, Any, Any]) -> int:
    """Post the summaries due now (last week's figures, the overdue list, this week's deadlines); how many."""
    deps: Deps = application.bot_data[DEPS_KEY]
    now = deps.clock.now()
    chat_ids = await deps.run(storage.claim_weekly_summaries, now=now, calendar=deps.calendar)
    sent = 0
    for chat_id in chat_ids:
        last = await deps.run(build_report, chat_id=chat_id, period=period_of("week", local_date(now), previous=True),
                              now=now)
        this = await deps.run(build_report, chat_id=chat_id, period=period_of("week", local_date(now)), now=now)
        if not last.rows and not this.rows:
            continue  # nothing to say: no message
        try:
            await application.bot.send_message(chat_id, stats_text(last, title=texts.WEEKLY_TITLE, upcoming=this))
        except TelegramError:
            log.warning("weekly summary not sent to chat %s", chat_id, exc_info=True)
            continue
        sent += 1
    return sent


async def weekly_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """JobQueue callback: the weekly summaries due now."""
    sent = await send_weekly_summaries(context.application)
    if sent:
        log.info("weekly summaries sent: %s", sent)
