"""From stored tasks to a report in the office's words (shared by /baocao, /thongke and the weekly summary)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

import storage
from dispatch.time.calendar import VN_TZ
from dispatch.time.urgency import URGENCY_NAMES, URGENCY_ORDER
from handlers import texts
from handlers.format import ROLE_TITLES, deadline_vi, fit, shorten
from handlers.texts import esc
from reports.model import STATES, Report, ReportRow
from reports.periods import Period
from scheduler.digest import URGENCY_MARKS

URGENCY_KEYS = {name: key for key, name in URGENCY_NAMES.items()}  # a report row carries the urgency's name


def assignee_of(task: storage.Task) -> str:
    """Who answers for the task, as the report prints it."""
    return ", ".join(person.label for person in task.people)


def report_row(task: storage.Task, dispatch: storage.Dispatch | None, now: datetime) -> ReportRow:
    """One report line for a task."""
    state, days = storage.official_state(task, now)
    if task.recurrence or task.deadline is None:
        note = deadline_vi(task)
    else:
        note = f"trước {task.deadline_time:%H:%M}" if task.deadline_time is not None else ""
    return ReportRow(
        number=task.short_id, text=task.text, role=ROLE_TITLES.get(task.role, ROLE_TITLES[None]),
        assignee=assignee_of(task), deadline=task.deadline, deadline_note=note, state=state,
        state_name=texts.STATE_NAMES[state], days_overdue=days,
        done_on=task.done_at.astimezone(VN_TZ).date() if task.done_at else None,
        dispatch_number=dispatch.number if dispatch else None,
        dispatch_issued=dispatch.issued if dispatch else None,
        dispatch_subject=dispatch.subject if dispatch else None,
        urgency=URGENCY_NAMES.get(task.urgency or "", ""),
    )


def build_report(session: Session, *, chat_id: int, period: Period, now: datetime) -> Report:
    """The chat's report over a period, as of now."""
    chat = storage.get_chat(session, chat_id=chat_id)
    pairs = storage.report_tasks(session, chat_id=chat_id, start=period.start, end=period.end)
    return Report(agency=chat.agency or "" if chat else "", period_label=period.label, start=period.start,
                  end=period.end, made_at=now.astimezone(VN_TZ),
                  rows=tuple(report_row(t, d, now) for t, d in pairs), state_names=dict(texts.STATE_NAMES))


def counts_lines(report: Report) -> list[str]:
    """The four official states with their counts (HTML)."""
    counts = report.counts()
    return [f"{texts.STATE_ICONS[s]} {texts.STATE_NAMES[s]}: <b>{counts[s]}</b>" for s in STATES]


def mark(row: ReportRow) -> str:
    """' · 🔥 HỎA TỐC' for an urgent task, as its card and the digest mark it ("" otherwise)."""
    key = URGENCY_KEYS.get(row.urgency)
    return f" · {URGENCY_MARKS[key]}" if key in URGENCY_MARKS else ""


def urgency_order(row: ReportRow) -> int:
    return URGENCY_ORDER.get(URGENCY_KEYS.get(row.urgency), URGENCY_ORDER[None])


def overdue_lines(report: Report) -> list[str]:
    """Open overdue tasks, the urgent first as in the digest, then the most overdue (HTML)."""
    late = sorted((r for r in report.rows if r.state == "open_overdue"),
                  key=lambda r: (urgency_order(r), -(r.days_overdue or 0), r.number))
    return [texts.STATS_OVERDUE_LINE.format(number=r.number, mark=mark(r), days=r.days_overdue or 0,
                                            deadline=f"{r.deadline:%d/%m/%Y}" if r.deadline else "",
                                            who=f" · 👤 {esc(r.assignee)}" if r.assignee else "",
                                            text=esc(shorten(r.text, 150)))
            for r in late]


def stats_text(report: Report, *, title: str, upcoming: Report | None = None) -> str:
    """/thongke and the weekly summary: counts by state, the overdue list, and what is due in ``upcoming``."""
    head = [title.format(period=esc(report.period_label), agency=esc(report.agency) or "—"),
            texts.STATS_RANGE.format(start=f"{report.start:%d/%m/%Y}", end=f"{report.end:%d/%m/%Y}",
                                     count=len(report.rows)),
            "", *counts_lines(report)]
    body: list[str] = []
    late = overdue_lines(report)
    if late:
        body += [texts.STATS_OVERDUE_TITLE, *late]
    if upcoming is not None:
        soon = sorted((r for r in upcoming.rows if r.state == "open_on_time" and r.deadline is not None
                       and upcoming.start <= r.deadline <= upcoming.end), key=urgency_order)
        if soon:
            body.append(texts.STATS_DUE_TITLE.format(period=esc(upcoming.period_label)))
            body += [texts.STATS_DUE_LINE.format(number=r.number, mark=mark(r), deadline=f"{r.deadline:%d/%m/%Y}",
                                                 text=esc(shorten(r.text, 150))) for r in soon if r.deadline]
    if not report.rows:
        body.append(texts.STATS_EMPTY)
    return fit(head, body)
