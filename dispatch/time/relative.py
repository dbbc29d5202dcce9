"""Relative deadlines: counted from an anchor rather than given as a date.

"trong 05 ngày làm việc kể từ ngày nhận được" (from receipt), "... kể từ ngày ký" (from signing),
"kể từ ngày kết thúc đợt kiểm tra" (from an event the text cannot date), and "chậm nhất 05 ngày trước
khi tổ chức" (back from an event the clause dates, or not at all).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dispatch.time.calendar import WorkCalendar
from dispatch.time.deadline import Deadline, patterns

_OWN_DOCUMENT = re.compile(r"\s*(?:$|[,;.)]|(?:van ban|cong van|ke hoach|thong bao|quyet dinh|chi thi|cong dien)\b)")
_COUNTED_FROM = re.compile(r"\W*(?:ke\s+tu|tinh\s+tu|sau\s+khi)\b")


def relative_deadlines(f: str, text: str, ref: date | None, received: date | None, cal: WorkCalendar) -> list[Deadline]:
    """The deadlines of `text` (folded: `f`) counted in days from signing (`ref`), receipt or an event."""
    out = []
    p = patterns()
    for m in p.relative.finditer(f):
        n, working = int(m.group("n")), bool(m.group("work"))
        after = f[m.end() : m.end() + 60]
        anchor_m = p.anchor_signing.match(after)
        signing = anchor_m is not None
        anchor = ref if signing else (received or ref)
        if not signing:
            anchor_m = p.anchor_receipt.match(after)
        unit = "working days" if working else "days"
        label = f"{n} {unit} from {'signing' if signing else 'receipt'}"
        counted_from = _COUNTED_FROM.match(after)
        if anchor_m is None and counted_from:
            # "kể từ ngày kết thúc đợt kiểm tra": counted from an event the text cannot date
            anchor = None
            event = " ".join(text[m.end() : m.end() + 60].split()[:8]).rstrip(",.;")
            label = f"{n} {unit} from an event: {event}"
        elif anchor_m and not _OWN_DOCUMENT.match(after[anchor_m.end() :]):
            # "kể từ ngày nhận được hồ sơ": counted from an event the text cannot date
            anchor = None
            event = " ".join(text[m.end() : m.end() + 60][anchor_m.start() :].split()[:8]).rstrip(",.;")
            label = f"{n} {unit} from an event: {event}"
        due = None
        if anchor is not None and 0 < n <= 366:
            due = cal.add_working_days(anchor, n) if working else cal.add_days(anchor, n)
        end = m.end()
        if anchor_m:
            end += anchor_m.end()
        out.append(Deadline(m.start(), end, text[m.start() : end], due, None, None, label))
    return out


_BEFORE_EVENT = re.compile(r"(?P<n>\d{1,3})\s*(?:\([^)]{0,20}\)\s*)?ngay(?P<work>\s+lam\s+viec)?\s+truoc\s+(?:khi|ngay)\b")


def before_event_deadlines(f: str, text: str, found: list[Deadline], cal: WorkCalendar) -> list[Deadline]:
    """ "chậm nhất 05 ngày trước khi tổ chức" (the event "diễn ra ngày 14/12"): 5 days before the event.

    The event is the date right after the phrase ("05 ngày trước ngày 14/12"), else the event date the clause
    gives ("diễn ra ngày ..."); without one there is no date, and the card asks for it.
    """
    out = []
    for m in _BEFORE_EVENT.finditer(f):
        n, working = int(m.group("n")), bool(m.group("work"))
        after = [d for d in found if d.date and d.end > m.end() and d.start <= m.end() + 12]
        events = after or [d for d in found if d.weak and d.date]
        unit = "working days" if working else "days"
        due = None
        if events and events[0].date is not None and 0 < n <= 366:
            event = events[0].date
            due = cal.add_working_days(event, -n) if working else event - timedelta(days=n)
        label = f"{n} {unit} before an event: {' '.join(text[m.end() : m.end() + 60].split()[:6]).rstrip(',.;')}"
        out.append(Deadline(m.start(), m.end(), text[m.start() : m.end()], due, None, None, label))
    return out
