"""Recurring deadlines: "ngày 05 hằng tháng", "thứ Sáu hằng tuần", "ngày 20 tháng cuối quý", "hằng năm".

Each gets a `Recurrence` (dispatch.time.recurrence) and its first date after the issue date by that value's
own rule; `plain_recurrence` names the period of a recurrence given without a day ("báo cáo hằng tháng").
"""

from __future__ import annotations

import re
from datetime import date, time

from dispatch.core.text import fold
from dispatch.time.deadline import WEEKDAYS, Deadline, clock, patterns, valid_date
from dispatch.time.recurrence import WEEKDAY_CODES, Freq, Recurrence

NEXT_MONTH = re.compile(r"(?<=ngay )(\d{1,2})\s+(?:cua\s+)?thang\s+(?:sau|tiep\s+theo|ke\s+tiep)\b")


def monthly_hint(f: str) -> bool:
    """Whether the recurrence the text names is monthly ("Hằng tháng, ... trước ngày 05 của tháng sau")."""
    m = patterns().plain_recurring.search(f)
    return m is not None and m.lastgroup == "m"


def _found(m: re.Match[str], text: str, rule: Recurrence, ref: date | None, at: time | None = None,
           end: int | None = None) -> Deadline:
    """The deadline of match `m` (up to `end`), dated at the rule's first occurrence after the issue date."""
    stop = m.end() if end is None else end
    nxt = rule.next_after(ref) if ref else None
    return Deadline(m.start(), stop, text[m.start() : stop], nxt, at, rule)


def recurring_deadlines(f: str, text: str, ref: date | None) -> list[Deadline]:
    """The recurring deadlines of `text` (folded: `f`), each with its next date on or after `ref`."""
    p = patterns()
    out: list[Deadline] = []
    if not (p.recurring_hint.search(f) or p.half_yearly.search(f)):
        return out
    for m in p.monthly.finditer(f):
        day = int(m.group(1) or m.group(2))
        if 1 <= day <= 31:
            out.append(_found(m, text, Recurrence("monthly", day=day), ref))
    if monthly_hint(f) and not out:  # "Hằng tháng, ... trước ngày 05 của tháng sau"
        for m in NEXT_MONTH.finditer(f):
            day = int(m.group(1))
            if 1 <= day <= 31:
                out.append(_found(m, text, Recurrence("monthly", day=day), ref))
    for m in p.quarterly.finditer(f):
        day = int(m.group(1))
        if 1 <= day <= 31:
            out.append(_found(m, text, Recurrence("quarterly", day=day), ref))
    for m in p.half_yearly.finditer(f):
        day = int(m.group(1))
        if 1 <= day <= 31:
            out.append(_found(m, text, Recurrence("half_yearly", day=day), ref))
    for m in p.yearly.finditer(f):
        day, mo = int(m.group(1) or m.group(3)), int(m.group(2) or m.group(4))
        end = m.end() + (f.count("(", m.start(), m.end()) > f.count(")", m.start(), m.end()) and f.startswith(")", m.end()))
        if valid_date(2000, mo, day):  # "hằng năm (trước ngày 15 tháng 12)" shown with its bracket closed
            out.append(_found(m, text, Recurrence("yearly", day=day, month=mo), ref, end=end))
    for m in (*p.daily.finditer(f), *p.daily_then_time.finditer(f)):
        out.append(_found(m, text, Recurrence("daily"), ref, clock(m)))
    for m in p.weekly.finditer(f):
        wd = WEEKDAY_CODES.index(WEEKDAYS[re.sub(r"\s+", " ", m.group("wd"))])
        out.append(_found(m, text, Recurrence("weekly", day=wd), ref, clock(m) if m.group("h") else None))
    return out


def plain_recurrence(text: str) -> Recurrence | None:
    """Recurrence("monthly"), ... when the text says "hằng tháng" without a day."""
    m = patterns().plain_recurring.search(fold(text))
    if not m:
        return None
    freqs: dict[str, Freq] = {"m": "monthly", "w": "weekly", "q": "quarterly", "y": "yearly", "d": "daily"}
    return Recurrence(freqs[m.lastgroup or "m"])
