"""The weekly summary: which chats are due one now, each claimed by exactly one caller."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from storage.models import Chat
from storage.policy import Calendar, at_send_time, local_date


def first_working_day_of_week(day: date, calendar: Calendar) -> date | None:
    """The first working day of the (Monday to Sunday) week of ``day``; None for a week without one."""
    monday = day - timedelta(days=day.weekday())
    return next((d for d in (monday + timedelta(days=n) for n in range(7)) if calendar.is_working_day(d)), None)


def claim_weekly_summaries(session: Session, *, now: datetime, calendar: Calendar) -> list[int]:
    """The chats whose weekly summary is due now, marked as sent for this week (one caller gets each).

    Due on the week's first working day (Monday, or the day after a holiday) from the chat's send time, for
    active chats with an agency that did not turn the summary off. The mark comes before the message: an
    instance that dies in between loses that week's summary rather than sending it twice.
    """
    today = local_date(now)
    if first_working_day_of_week(today, calendar) != today:
        return []
    monday = today - timedelta(days=today.weekday())
    candidates = session.exec(
        select(Chat).where(
            col(Chat.active),
            col(Chat.weekly_summary),
            col(Chat.agency).is_not(None),
            or_(col(Chat.summary_week).is_(None), col(Chat.summary_week) < monday),
        )
    ).all()
    claimed: list[int] = []
    for chat in candidates:
        if now < at_send_time(today, chat.settings):
            continue
        result = session.execute(
            update(Chat)
            .where(col(Chat.id) == chat.id, or_(col(Chat.summary_week).is_(None), col(Chat.summary_week) < monday))
            .values(summary_week=monday)
        )
        if getattr(result, "rowcount", 0) == 1:
            claimed.append(chat.id)
    session.commit()
    return claimed
