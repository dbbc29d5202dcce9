"""Deadlines in a clause: every form of DOMAIN.md, and only dates that carry a deadline marker.

A date is a deadline when a marker stands right before it ("trước ngày", "chậm nhất", "đến ngày",
"trong tháng", ...), or when it opens the clause of a "phải" sentence ("11h30 ngày 09/7/2021, các
điểm thi phải ..."). Dates of other documents ("Nghị quyết số 68/NQ-CP ngày 01/7/2021") have no
marker and are never deadlines. Typos such as 12/6/20201 never match a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import cache

from dispatch.calendar import WorkCalendar, end_of_half, end_of_month, end_of_quarter, end_of_year
from dispatch.rules import alternation, rules
from dispatch.text import fold

_TIME = r"(?P<h>\d{1,2})\s*(?:h|gio|:)\s*(?P<mi>\d{2})?(?:\s*phut)?(?![\w/])(?:\s+(?P<ap>sang|trua|chieu|toi)\b)?"
# "thứ Sáu," / "Chủ nhật" between a marker and its date ("trước 17h00, thứ Sáu ngày 30/7/2021")
_WEEKDAY_WORD = r"(?:thu\s+(?:hai|ba|tu|nam|sau|bay|[2-7])|chu\s+nhat)"
_WEEKDAYS = {
    "thu hai": "MON", "thu 2": "MON", "thu ba": "TUE", "thu 3": "TUE", "thu tu": "WED", "thu 4": "WED",
    "thu nam": "THU", "thu 5": "THU", "thu sau": "FRI", "thu 6": "FRI", "thu bay": "SAT", "thu 7": "SAT",
    "chu nhat": "SUN",
}
_WEEKDAY_INDEX = {"MON": 0, "TUE": 1, "WED": 2, "THU": 3, "FRI": 4, "SAT": 5, "SUN": 6}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True, slots=True)
class Deadline:
    """A deadline found at text[start:end]."""

    start: int
    end: int
    text: str
    date: date | None
    time: time | None = None
    recurrence: str | None = None
    relative: str | None = None
    weak: bool = False


@dataclass(frozen=True, slots=True)
class _Patterns:
    marker_before: re.Pattern[str]
    event_before: re.Pattern[str]
    full: re.Pattern[str]
    words: re.Pattern[str]
    noyear: re.Pattern[str]
    range_: re.Pattern[str]
    period: re.Pattern[str]
    relative: re.Pattern[str]
    monthly: re.Pattern[str]
    quarterly: re.Pattern[str]
    yearly: re.Pattern[str]
    weekly: re.Pattern[str]
    daily: re.Pattern[str]
    plain_recurring: re.Pattern[str]
    recurring_hint: re.Pattern[str]
    anchor_receipt: re.Pattern[str]
    anchor_signing: re.Pattern[str]
    ongoing: re.Pattern[str]
    vague: re.Pattern[str]


def _unnamed(pattern: str) -> str:
    """`pattern` with the named groups of _TIME made plain, so that it can be repeated."""
    for name in ("h", "mi", "ap"):
        pattern = pattern.replace(f"(?P<{name}>", "(?:")
    return pattern


def _clock(m: re.Match[str]) -> time | None:
    """The time of a _TIME match; "3 giờ chiều" is 15:00."""
    h, mi = int(m.group("h")), int(m.group("mi") or 0)
    if m.group("ap") in ("chieu", "toi") and h < 12:
        h += 12
    return time(h, mi) if h < 24 and mi < 60 else None


@cache
def _patterns() -> _Patterns:
    d = rules().deadlines
    markers = alternation(d.markers)
    fill = rf"[\s:,]*(?:(?:{_TIME})[\s,]*)?(?:(?:vao|la|ngay|cua|tu|{_WEEKDAY_WORD})[\s,(]*)*$"
    weekday = "|".join(sorted(_WEEKDAYS, key=len, reverse=True)).replace(" ", r"\s+")
    return _Patterns(
        marker_before=re.compile(_unnamed(rf"(?<![\w])(?:{markers}){fill}")),
        event_before=re.compile(rf"(?:{alternation(d.event_markers)})\s*$"),
        full=re.compile(r"(?<![\d/.\-])(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4})(?![\d/])"),
        words=re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+nam\s+(\d{4}))?(?!\d)"),
        noyear=re.compile(r"(?<![\d/.\-])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/]|\s*[/.\-]\s*\d)|(?<=ngay )(\d{1,2})[.\-](\d{1,2})(?!\d|[.\-]\d)"),
        range_=re.compile(r"(?<![\d/])(\d{1,2})\s*-\s*(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?(?![\d/])"),
        period=re.compile(
            r"(?P<kind>thang|quy|nam)\s+(?P<n>\d{1,2}|iv|i{1,3})\s*(?:/|nam)\s*(?P<y>\d{4})(?!\d)"
            r"|(?P<half>6|sau)\s+thang\s+(?P<hw>dau|cuoi)\s+nam(?:\s+(?P<hy>\d{4}))?"
            r"|nam\s+(?P<year>\d{4})(?:\s*[-–]\s*(?P<year2>\d{4}))?(?!\d)"
            r"|thang\s+(?P<m2>\d{1,2})(?![\d/])"
        ),
        relative=re.compile(
            r"(?:trong|trong\s+thoi\s+han|trong\s+thoi\s+gian|trong\s+vong|thoi\s+han|sau|khong\s+qua|cham\s+nhat\s+sau)\s+"
            r"(?P<n>\d{1,3})\s*(?:\([^)]{0,20}\)\s*)?ngay(?P<work>\s+lam\s+viec)?"
        ),
        monthly=re.compile(
            rf"ngay\s+(\d{{1,2}})\s+(?:cua\s+)?(?:{alternation(d.monthly)})"
            rf"|(?:{alternation(d.monthly)})\s*[,(]?\s*(?:truoc|cham\s+nhat|vao)\s+ngay\s+(\d{{1,2}})\b(?!\s*[/\-.]\s*\d)"
        ),
        quarterly=re.compile(r"ngay\s+(\d{1,2})\s+(?:cua\s+)?thang\s+cuoi\s+(?:cua\s+)?(?:moi\s+|hang\s+)?quy"),
        yearly=re.compile(
            rf"ngay\s+(\d{{1,2}})\s*(?:/|\s+thang\s+)\s*(\d{{1,2}})\s+(?:cua\s+)?(?:{alternation(d.yearly)})"
        ),
        weekly=re.compile(rf"(?:(?:{_TIME})\s+(?:ngay\s+)?)?(?P<wd>{weekday})\s+(?:{alternation(d.weekly)})"),
        daily=re.compile(rf"(?:{_TIME})\s+(?:{alternation(d.daily)})"),
        plain_recurring=re.compile(
            rf"(?P<m>{alternation(d.monthly)})|(?P<w>{alternation(d.weekly)})|(?P<q>{alternation(d.quarterly)})"
            rf"|(?P<y>{alternation(d.yearly)})|(?P<d>{alternation(d.daily)})"
        ),
        recurring_hint=re.compile(alternation(d.monthly + d.weekly + d.quarterly + d.yearly + d.daily)),
        anchor_receipt=re.compile(rf"^\W*(?:\w+\s+){{0,4}}?(?:{alternation(d.receipt)})"),
        anchor_signing=re.compile(rf"^\W*(?:\w+\s+){{0,4}}?(?:{alternation(d.signing)})"),
        ongoing=re.compile(rf"\b(?:{alternation(d.ongoing)})\b"),
        vague=re.compile(r"\b(?:ngay\s+sau\s+(?:ky\s+nghi\s+)?tet|truoc\s+tet|sau\s+tet|dip\s+tet)\b"),
    )


def _valid(y: int, m: int, d: int) -> date | None:
    if not 1990 <= y <= 2100:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _next_on_or_after(ref: date, m: int, d: int) -> date | None:
    for y in (ref.year, ref.year + 1):
        got = _valid(y, m, d)
        if got is not None and got >= ref:
            return got
    return None


def _time_before(f: str, start: int) -> time | None:
    m = _TIME_BEFORE.search(f[max(0, start - 40) : start])
    return _clock(m) if m else None


def _clause_bounds(f: str, start: int, end: int) -> tuple[int, int]:
    left = max(f.rfind(c, 0, start) for c in ",;.:") + 1
    rights = [i for i in (f.find(c, end) for c in ",;") if i != -1]
    return left, min(rights) if rights else len(f)


_NEXT_MONTH = re.compile(r"(?<=ngay )(\d{1,2})\s+(?:cua\s+)?thang\s+(?:sau|tiep\s+theo|ke\s+tiep)\b")
_TIME_BEFORE = re.compile(rf"{_TIME}[\s,]*(?:{_WEEKDAY_WORD}[\s,(]*)?(?:ngay)?[\s,(]*$")
_TIME_AT_END = re.compile(rf"(?:{_TIME})\s*(?:ngay\s*)?$")
_LEADING = re.compile(rf"(?:(?:{_TIME})\s*)?(?:ngay)?")
_MUST = re.compile(r"\b(?:phai|can|hoan thanh)\b")
_CUTOFF = re.compile(r"(?:tinh|so\s+lieu)\s+den(?:\s+het)?\s+ngay\s*$")


def _strong(f: str, start: int, end: int, marker: re.Match[str] | None = None) -> bool:
    """A marker right before the date, or a leading date of a sentence that says 'phải'."""
    before = f[max(0, start - 60) : start]
    if _CUTOFF.search(before):
        return False
    if marker is not None or _patterns().marker_before.search(before):
        return True
    left, right = _clause_bounds(f, start, end)
    chunk = (f[left:start] + f[end:right]).strip()
    leading = _LEADING.fullmatch(chunk) is not None
    sentence_end = f.find(".", end)
    rest = f[right : sentence_end if sentence_end != -1 else len(f)]
    return leading and _MUST.search(rest) is not None


def _monthly_next(ref: date, day: int) -> date | None:
    """The first `day` of a month on or after `ref` (the 31st is the last day in a short month)."""
    if not 1 <= day <= 31:
        return None
    for k in range(0, 3):
        y, mo = ref.year + (ref.month - 1 + k) // 12, (ref.month - 1 + k) % 12 + 1
        nxt = _valid(y, mo, min(day, end_of_month(y, mo).day))
        if nxt and nxt >= ref:
            return nxt
    return None


def _monthly_hint(f: str) -> bool:
    m = _patterns().plain_recurring.search(f)
    return m is not None and m.lastgroup == "m"


def _recurring(f: str, text: str, ref: date | None) -> list[Deadline]:
    p = _patterns()
    out: list[Deadline] = []
    if not p.recurring_hint.search(f):
        return out
    for m in p.monthly.finditer(f):
        day = int(m.group(1) or m.group(2))
        nxt = _monthly_next(ref, day) if ref else None
        out.append(Deadline(m.start(), m.end(), text[m.start() : m.end()], nxt, None, f"monthly:{day}"))
    if _monthly_hint(f) and not out:  # "Hằng tháng, ... trước ngày 05 của tháng sau"
        for m in _NEXT_MONTH.finditer(f):
            day = int(m.group(1))
            nxt = _monthly_next(ref, day) if ref else None
            out.append(Deadline(m.start(), m.end(), text[m.start() : m.end()], nxt, None, f"monthly:{day}"))
    for m in p.quarterly.finditer(f):
        day, nxt = int(m.group(1)), None
        if ref:
            for k in range(0, 15):
                y, mo = ref.year + (ref.month - 1 + k) // 12, (ref.month - 1 + k) % 12 + 1
                cand = _valid(y, mo, day) if mo % 3 == 0 else None
                if cand and cand >= ref:
                    nxt = cand
                    break
        out.append(Deadline(m.start(), m.end(), text[m.start() : m.end()], nxt, None, f"quarterly:{day}"))
    for m in p.yearly.finditer(f):
        day, mo = int(m.group(1)), int(m.group(2))
        nxt = _next_on_or_after(ref, mo, day) if ref else None
        if _valid(2000, mo, day):
            out.append(Deadline(m.start(), m.end(), text[m.start() : m.end()], nxt, None, f"yearly:{mo:02d}-{day:02d}"))
    for m in p.daily.finditer(f):
        t = _clock(m)
        nxt = ref + timedelta(days=1) if ref else None
        out.append(Deadline(m.start(), m.end(), text[m.start() : m.end()], nxt, t, "daily"))
    for m in p.weekly.finditer(f):
        wd = _WEEKDAYS[re.sub(r"\s+", " ", m.group("wd"))]
        t = _clock(m) if m.group("h") else None
        nxt = ref + timedelta(days=(_WEEKDAY_INDEX[wd] - ref.weekday()) % 7) if ref else None
        out.append(Deadline(m.start(), m.end(), text[m.start() : m.end()], nxt, t, f"weekly:{wd}"))
    return out


_OWN_DOCUMENT = re.compile(r"\s*(?:$|[,;.)]|(?:van ban|cong van|ke hoach|thong bao|quyet dinh|chi thi|cong dien)\b)")


_COUNTED_FROM = re.compile(r"\W*(?:ke\s+tu|tinh\s+tu|sau\s+khi)\b")


def _relative(f: str, text: str, ref: date | None, received: date | None, cal: WorkCalendar) -> list[Deadline]:
    out = []
    for m in _patterns().relative.finditer(f):
        n, working = int(m.group("n")), bool(m.group("work"))
        after = f[m.end() : m.end() + 60]
        signing = bool(_patterns().anchor_signing.match(after))
        anchor = ref if signing else (received or ref)
        anchor_m = (_patterns().anchor_signing if signing else _patterns().anchor_receipt).match(after)
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


_PERIOD_MARKER = re.compile(
    r"(?:trong|truoc|cuoi|het|den\s+het|den\s+cuoi|hoan\s+thanh\s+trong|xong\s+trong|ngay\s+trong|"
    r"thoi\s+han|han\s+hoan\s+thanh|thoi\s+gian\s+hoan\s+thanh|thoi\s+gian\s+thuc\s+hien|hoan\s+thanh)[\s:]*$"
)


def _periods(f: str, text: str, ref: date | None) -> list[Deadline]:
    out = []
    for m in _patterns().period.finditer(f):
        before = f[max(0, m.start() - 30) : m.start()]
        if not _PERIOD_MARKER.search(before):
            continue
        due: date | None = None
        if m.group("kind"):
            n = _ROMAN.get(m.group("n")) if m.group("kind") == "quy" else int(m.group("n"))
            y = int(m.group("y"))
            if not 1990 <= y <= 2100 or n is None:
                continue
            if m.group("kind") == "thang" and 1 <= n <= 12:
                due = end_of_month(y, n)
            elif m.group("kind") == "quy" and 1 <= n <= 4:
                due = end_of_quarter(y, n)
        elif m.group("half"):
            y = int(m.group("hy")) if m.group("hy") else (ref.year if ref else 0)
            due = end_of_half(y, 1 if m.group("hw") == "dau" else 2) if 1990 <= y <= 2100 else None
        elif m.group("year"):
            y = int(m.group("year2") or m.group("year"))  # "năm 2025 - 2026" ends with 2026
            due = end_of_year(y) if 1990 <= y <= 2100 and y >= int(m.group("year")) else None
        elif m.group("m2") and ref and re.search(r"(?:cuoi|trong|het)\s*$", before):
            mo = int(m.group("m2"))
            if 1 <= mo <= 12:
                y = ref.year if mo >= ref.month else ref.year + 1
                due = end_of_month(y, mo)
        if due is not None:
            start = m.start() - len(before) + (_PERIOD_MARKER.search(before) or m).start()
            out.append(Deadline(start, m.end(), text[start : m.end()], due))
    return out


def _dates(f: str, text: str, ref: date | None, taken: list[tuple[int, int]]) -> list[Deadline]:
    p = _patterns()
    out: list[Deadline] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    hits: list[tuple[int, int, date | None]] = []
    windows: set[int] = set()  # starts of "từ 01-15/8" windows: a deadline without a marker
    for m in p.full.finditer(f):
        hits.append((m.start(), m.end(), _valid(int(m.group(4)), int(m.group(3)), int(m.group(1)))))
    for m in p.words.finditer(f):
        if m.group(3):
            hits.append((m.start(), m.end(), _valid(int(m.group(3)), int(m.group(2)), int(m.group(1)))))
        elif ref:
            hits.append((m.start(), m.end(), _next_on_or_after(ref, int(m.group(2)), int(m.group(1)))))
    for m in p.range_.finditer(f):
        # "từ 01-15/8/2021" is a window: it ends on its last day
        window = re.search(r"\btu(?:\s+ngay)?\s*$", f[max(0, m.start() - 10) : m.start()]) is not None
        if window:
            windows.add(m.start())
        d1 = int(m.group(2)) if window else int(m.group(1))
        mo = int(m.group(3))
        y = int(m.group(4)) if m.group(4) else None
        hits.append((m.start(), m.end(), _valid(y, mo, d1) if y else (_next_on_or_after(ref, mo, d1) if ref else None)))
    if ref is not None and "thang" in f and not _monthly_hint(f):
        for m in _NEXT_MONTH.finditer(f):  # "trước ngày 05 của tháng sau": that day of the month after the issue
            y, mo = (ref.year + 1, 1) if ref.month == 12 else (ref.year, ref.month + 1)
            hits.append((m.start(), m.end(), _valid(y, mo, int(m.group(1)))))
    for m in p.noyear.finditer(f):
        dd, mm = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if ref and not any(a <= m.start() < b for a, b, _ in hits):
            hits.append((m.start(), m.end(), _next_on_or_after(ref, int(mm), int(dd))))
    hits.sort(key=lambda h: (h[0], -h[1]))
    last_end = -1
    for s, e, d in hits:
        if s < last_end or d is None or not free(s, e):
            continue
        last_end = e
        # Extend the phrase back over its marker and time for display.
        before = f[max(0, s - 60) : s]
        mk = p.marker_before.search(before)
        if _strong(f, s, e, mk) or s in windows:
            if mk:
                start = s - len(before) + mk.start()
            else:
                tm = _TIME_AT_END.search(before)
                start = s - len(before) + tm.start() if tm else s
            if f.count("(", start, e) > f.count(")", start, e) and f.startswith(")", e):
                e += 1  # "trước ngày thứ Sáu (30/7/2021)"
            out.append(Deadline(start, e, text[start:e].strip(), d, _time_before(f, s)))
        elif p.event_before.search(before):
            ev = p.event_before.search(before)
            start = s - len(before) + (ev.start() if ev else 0)
            out.append(Deadline(start, e, text[start:e].strip(), d, _time_before(f, s), weak=True))
    return out


_DECIMAL = re.compile(r"\d")


def _has_digit(f: str) -> bool:
    """any(ch.isdigit() for ch in f), without a Python step per character before the first digit."""
    # \d finds decimal digits; isdigit also counts superscripts and the like, which only non-ASCII text has.
    return _DECIMAL.search(f) is not None or (not f.isascii() and any(map(str.isdigit, f)))


def find_deadlines(text: str, *, ref: date | None, received: date | None, calendar: WorkCalendar) -> list[Deadline]:
    """Every deadline in `text`, in order. `ref` is the issue date, `received` the day it arrived."""
    f = fold(text)
    if not _has_digit(f) and not _patterns().recurring_hint.search(f):
        return []
    found = _recurring(f, text, ref) + _relative(f, text, ref, received, calendar)
    taken = [(d.start, d.end) for d in found]
    found += [d for d in _periods(f, text, ref) if all(d.end <= a or d.start >= b for a, b in taken)]
    taken = [(d.start, d.end) for d in found]
    found += _dates(f, text, ref, taken)
    if "truoc" in f:
        found += _before_event(f, text, found, calendar)
    return sorted(found, key=lambda d: d.start)


_BEFORE_EVENT = re.compile(r"(?P<n>\d{1,3})\s*(?:\([^)]{0,20}\)\s*)?ngay(?P<work>\s+lam\s+viec)?\s+truoc\s+(?:khi|ngay)\b")


def _before_event(f: str, text: str, found: list[Deadline], cal: WorkCalendar) -> list[Deadline]:
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


def plain_recurrence(text: str) -> str | None:
    """'monthly', 'weekly', ... when the text says "hằng tháng" without a day."""
    m = _patterns().plain_recurring.search(fold(text))
    if not m:
        return None
    return {"m": "monthly", "w": "weekly", "q": "quarterly", "y": "yearly", "d": "daily"}[m.lastgroup or "m"]


def is_ongoing(text: str) -> bool:
    """"thường xuyên", "kịp thời": a job without a date that must be kept up."""
    return _patterns().ongoing.search(fold(text)) is not None


def vague_deadline(text: str) -> str | None:
    """An event-anchored deadline ("trước Tết") that needs the user to set a date."""
    m = _patterns().vague.search(fold(text))
    return text[m.start() : m.end()] if m else None
