"""Recurring deadlines: "ngày 05 hằng tháng", "thứ Sáu hằng tuần", "ngày 20 tháng cuối quý", "hằng năm".

Each gets its next date on or after the issue date and a recurrence label ("monthly:5", "weekly:FRI");
`plain_recurrence` names the period of a recurrence given without a day ("báo cáo hằng tháng").
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dispatch.calendar import end_of_month
from dispatch.deadline import WEEKDAYS, Deadline, clock, next_on_or_after, patterns, valid_date
from dispatch.text import fold

_WEEKDAY_INDEX = {"MON": 0, "TUE": 1, "WED": 2, "THU": 3, "FRI": 4, "SAT": 5, "SUN": 6}
NEXT_MONTH = re.compile(r"(?<=ngay )(\d{1,2})\s+(?:cua\s+)?thang\s+(?:sau|tiep\s+theo|ke\s+tiep)\b")


def _monthly_next(ref: date, day: int) -> date | None:
    """The first `day` of a month on or after `ref` (the 31st is the last day in a short month)."""
    if not 1 <= day <= 31:
        return None
    for k in range(0, 3):
        y, mo = ref.year + (ref.month - 1 + k) // 12, (ref.month - 1 + k) % 12 + 1
        nxt = valid_date(y, mo, min(day, end_of_month(y, mo).day))
        if nxt and nxt >= ref:
            return nxt
    return None


def monthly_hint(f: str) -> bool:
    """Whether the recurrence the text names is monthly ("Hằng tháng, ... trước ngày 05 của tháng sau")."""
    m = patterns().plain_recurring.search(f)
    return m is not None and m.lastgroup == "m"


def recurring_deadlines(f: str, text: str, ref: date | None) -> list[Deadline]:
    """The recurring deadlines of `text` (folded: `f`), each with its next date on or after `ref`."""
    p = patterns()
    out: list[Deadline] = []
    if not p.recurring_hint.search(f):
        return out
    for m in p.monthly.finditer(f):
        day = int(m.group(1) or m.group(2))
        nxt = _monthly_next(ref, day) if ref else None
        out.append(Deadline(m.start(), m.end(), text[m.start() : m.end()], nxt, None, f"monthly:{day}"))
    if monthly_hint(f) and not out:  # "Hằng tháng, ... trước ngày 05 của tháng sau"
        for m in NEXT_MONTH.finditer(f):
            day = int(m.group(1))
            nxt = _monthly_next(ref, day) if ref else None
            out.append(Deadline(m.start(), m.end(), text[m.start() : m.end()], nxt, None, f"monthly:{day}"))
    for m in p.quarterly.finditer(f):
        day, nxt = int(m.group(1)), None
        if ref:
            for k in range(0, 15):
                y, mo = ref.year + (ref.month - 1 + k) // 12, (ref.month - 1 + k) % 12 + 1
                cand = valid_date(y, mo, day) if mo % 3 == 0 else None
                if cand and cand >= ref:
                    nxt = cand
                    break
        out.append(Deadline(m.start(), m.end(), text[m.start() : m.end()], nxt, None, f"quarterly:{day}"))
    for m in p.yearly.finditer(f):
        day, mo = int(m.group(1) or m.group(3)), int(m.group(2) or m.group(4))
        nxt = next_on_or_after(ref, mo, day) if ref else None
        end = m.end() + (f.count("(", m.start(), m.end()) > f.count(")", m.start(), m.end()) and f.startswith(")", m.end()))
        if valid_date(2000, mo, day):  # "hằng năm (trước ngày 15 tháng 12)" shown with its bracket closed
            out.append(Deadline(m.start(), end, text[m.start() : end], nxt, None, f"yearly:{mo:02d}-{day:02d}"))
    for m in p.daily.finditer(f):
        t = clock(m)
        nxt = ref + timedelta(days=1) if ref else None
        out.append(Deadline(m.start(), m.end(), text[m.start() : m.end()], nxt, t, "daily"))
    for m in p.weekly.finditer(f):
        wd = WEEKDAYS[re.sub(r"\s+", " ", m.group("wd"))]
        t = clock(m) if m.group("h") else None
        nxt = ref + timedelta(days=(_WEEKDAY_INDEX[wd] - ref.weekday()) % 7) if ref else None
        out.append(Deadline(m.start(), m.end(), text[m.start() : m.end()], nxt, t, f"weekly:{wd}"))
    return out


def plain_recurrence(text: str) -> str | None:
    """'monthly', 'weekly', ... when the text says "hằng tháng" without a day."""
    m = patterns().plain_recurring.search(fold(text))
    if not m:
        return None
    return {"m": "monthly", "w": "weekly", "q": "quarterly", "y": "yearly", "d": "daily"}[m.lastgroup or "m"]
