"""Deadlines in a clause: every form of DOMAIN.md, and only dates that carry a deadline marker.

A date is a deadline when a marker stands right before it ("trước ngày", "chậm nhất", "đến ngày",
"trong tháng", ...), or when it opens the clause of a "phải" sentence ("11h30 ngày 09/7/2021, các
điểm thi phải ..."). Dates of other documents ("Nghị quyết số 68/NQ-CP ngày 01/7/2021") have no
marker and are never deadlines. Typos such as 12/6/20201 never match a date.
"""

from __future__ import annotations

import re
from datetime import date, time

from dispatch.core.text import fold
from dispatch.time.calendar import WorkCalendar, end_of_half, end_of_month, end_of_quarter, end_of_year
from dispatch.time.deadline import TIME, WEEKDAY_WORD, Deadline, clock, next_on_or_after, patterns, valid_date
from dispatch.time.recurring import NEXT_MONTH, monthly_hint, recurring_deadlines
from dispatch.time.relative import before_event_deadlines, relative_deadlines

QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}  # a quarter as written, folded


def _time_before(f: str, start: int) -> time | None:
    m = _TIME_BEFORE.search(f[max(0, start - 40) : start])
    return clock(m) if m else None


def _clause_bounds(f: str, start: int, end: int) -> tuple[int, int]:
    left = max(f.rfind(c, 0, start) for c in ",;.:") + 1
    rights = [i for i in (f.find(c, end) for c in ",;") if i != -1]
    return left, min(rights) if rights else len(f)


_TIME_BEFORE = re.compile(rf"{TIME}[\s,]*(?:{WEEKDAY_WORD}[\s,(]*)?(?:ngay)?[\s,(]*$")
_TIME_AT_END = re.compile(rf"(?:{TIME})\s*(?:ngay\s*)?$")
_LEADING = re.compile(rf"(?:(?:{TIME})\s*)?(?:ngay)?")
_MUST = re.compile(r"\b(?:phai|can|hoan thanh)\b")
_CUTOFF = re.compile(r"(?:tinh|so\s+lieu)\s+den(?:\s+het)?\s+ngay\s*$")


_RANGE_END = re.compile(r"\btu\s+ngay\s+[\d/.-]+\s+den(?:\s+het)?\s+ngay\s*$")
_RESULTS = re.compile(r"\b(?:ket qua|tinh hinh|so lieu)\b")


def _reporting_period(f: str, start: int) -> bool:
    """ "báo cáo kết quả ... từ ngày 30/01 đến ngày 24/4": the range a report covers, not a window to act in."""
    if not _RANGE_END.search(f, max(0, start - 40), start):
        return False
    clause = f[max(f.rfind(c, 0, start) for c in ".;") + 1 : start]
    return "bao cao" in clause and _RESULTS.search(clause) is not None


def _strong(f: str, start: int, end: int, marker: re.Match[str] | None = None) -> bool:
    """A marker right before the date, or a leading date of a sentence that says 'phải'."""
    before = f[max(0, start - 60) : start]
    if _CUTOFF.search(before) or _reporting_period(f, start):
        return False
    if marker is not None or patterns().marker_before.search(before):
        return True
    left, right = _clause_bounds(f, start, end)
    chunk = (f[left:start] + f[end:right]).strip()
    leading = _LEADING.fullmatch(chunk) is not None
    sentence_end = f.find(".", end)
    rest = f[right : sentence_end if sentence_end != -1 else len(f)]
    return leading and _MUST.search(rest) is not None


# before a date that opens a step of a schedule: only a list mark and "ngày" ("- Ngày 28/9: ...", "Ngày 28/9, ...")
_STEP_OPENING = re.compile(r"[\W\d]{0,6}?(?:[a-z][.)]\s*)?ngay\s*")


def _step_day(f: str, start: int, end: int, day: date, ref: date | None) -> bool:
    """ "Ngày 28/9: Sở Y tế tổ chức khai mạc", "Ngày 28/6, các trường ...": the day a step of a schedule is done,
    not a date cited in passing (those come before the issue day)."""
    return (
        f.startswith((":", ","), end)
        and _STEP_OPENING.fullmatch(f, 0, start) is not None
        and (ref is None or day >= ref)
    )


_PERIOD_MARKER = re.compile(
    r"(?:trong|truoc|cuoi|het|den\s+het|den\s+cuoi|hoan\s+thanh\s+trong|xong\s+trong|ngay\s+trong|"
    r"thoi\s+han|han\s+hoan\s+thanh|thoi\s+gian(?:\s+hoan\s+thanh|\s+thuc\s+hien)?|hoan\s+thanh)[\s:]*$"
)


def _periods(f: str, text: str, ref: date | None) -> list[Deadline]:
    out = []
    for m in patterns().period.finditer(f):
        before = f[max(0, m.start() - 30) : m.start()]
        marker = _PERIOD_MARKER.search(before)
        if marker is None or patterns().open_ended.match(f, m.end()):
            continue
        due: date | None = None
        if m.group("w1"):  # a window of months ends with its last month
            y, m1, m2 = int(m.group("wy")), int(m.group("w1")), int(m.group("w2"))
            due = end_of_month(y, m2) if 1990 <= y <= 2100 and 1 <= m1 < m2 <= 12 else None
        elif m.group("kind"):
            quarter = m.group("kind") in ("quy", "qui")
            n = QUARTERS.get(m.group("n")) if quarter else int(m.group("n"))
            y = int(m.group("y"))
            if not 1990 <= y <= 2100 or n is None:
                continue
            if m.group("kind") == "thang" and 1 <= n <= 12:
                due = end_of_month(y, n)
            elif quarter and 1 <= n <= 4:
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
            start = m.start() - len(before) + marker.start()
            out.append(Deadline(start, m.end(), text[start : m.end()], due))
    return out


def _dates(f: str, text: str, ref: date | None, taken: list[tuple[int, int]]) -> list[Deadline]:
    p = patterns()
    out: list[Deadline] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    hits: list[tuple[int, int, date | None]] = []
    windows: set[int] = set()  # starts of "từ 01-15/8" windows: a deadline without a marker
    for m in p.full.finditer(f):
        hits.append((m.start(), m.end(), valid_date(int(m.group(4)), int(m.group(3)), int(m.group(1)))))
    for m in p.words.finditer(f):
        if m.group(3):
            hits.append((m.start(), m.end(), valid_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))))
        elif ref:
            hits.append((m.start(), m.end(), next_on_or_after(ref, int(m.group(2)), int(m.group(1)))))
    for m in p.range_.finditer(f):
        # "từ 01-15/8/2021" is a window: it ends on its last day
        window = re.search(r"\btu(?:\s+ngay)?\s*$", f[max(0, m.start() - 10) : m.start()]) is not None
        if window:
            windows.add(m.start())
        d1 = int(m.group(2)) if window else int(m.group(1))
        mo = int(m.group(3))
        y = int(m.group(4)) if m.group(4) else None
        hits.append((m.start(), m.end(), valid_date(y, mo, d1) if y else (next_on_or_after(ref, mo, d1) if ref else None)))
    if ref is not None and "thang" in f and not monthly_hint(f):
        for m in NEXT_MONTH.finditer(f):  # "trước ngày 05 của tháng sau": that day of the month after the issue
            y, mo = (ref.year + 1, 1) if ref.month == 12 else (ref.year, ref.month + 1)
            hits.append((m.start(), m.end(), valid_date(y, mo, int(m.group(1)))))
    for m in p.noyear.finditer(f):
        dd, mm = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if ref and not any(a <= m.start() < b for a, b, _ in hits):
            hits.append((m.start(), m.end(), next_on_or_after(ref, int(mm), int(dd))))
    hits.sort(key=lambda h: (h[0], -h[1]))
    last_end = -1
    for s, e, d in hits:
        if s < last_end or d is None or not free(s, e):
            continue
        last_end = e
        # Extend the phrase back over its marker and time for display.
        before = f[max(0, s - 60) : s]
        mk = p.marker_before.search(before)
        if _strong(f, s, e, mk) or s in windows or _step_day(f, s, e, d, ref):
            if mk:
                start = s - len(before) + mk.start()
            else:
                tm = _TIME_AT_END.search(before)
                start = s - len(before) + tm.start() if tm else s
            if f.count("(", start, e) > f.count(")", start, e) and f.startswith(")", e):
                e += 1  # "trước ngày thứ Sáu (30/7/2021)"
            out.append(Deadline(start, e, text[start:e].strip(), d, _time_before(f, s)))
        elif (ev := p.event_before.search(before)) is not None:
            start = s - len(before) + ev.start()
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
    if not _has_digit(f) and not patterns().recurring_hint.search(f):
        return []
    found = recurring_deadlines(f, text, ref) + relative_deadlines(f, text, ref, received, calendar)
    taken = [(d.start, d.end) for d in found]
    found += [d for d in _periods(f, text, ref) if all(d.end <= a or d.start >= b for a, b in taken)]
    taken = [(d.start, d.end) for d in found]
    found += _dates(f, text, ref, taken)
    if "truoc" in f:
        found += before_event_deadlines(f, text, found, calendar)
    spans = _adjuncts(f)
    if spans:
        found = [d for d in found if not any(a <= d.start < b for a, b in spans)]
    return sorted(found, key=lambda d: d.start)


def _adjuncts(f: str) -> list[tuple[int, int]]:
    """Spans of sentence-opening adjuncts that hold no deadline: a basis clause up to the separator before the
    directive verb ("Thực hiện ... (dự báo vào cuối tháng 11); UBND Thành phố yêu cầu"), a topic ("Đối với các
    nhiệm vụ triển khai trong năm 2025, ...")."""
    p = patterns()
    spans = [(m.start(), m.end()) for m in p.topic.finditer(f)]
    for m in p.basis.finditer(f):
        stop = f.find(".", m.end())
        verb = p.basis_verb.search(f, m.end(), stop if stop != -1 else len(f))
        if verb is not None:
            cut = max(f.rfind(";", m.end(), verb.start()), f.rfind(",", m.end(), verb.start()))
            if cut != -1:
                spans.append((m.start(), cut))
    return spans


def is_ongoing(text: str) -> bool:
    """"thường xuyên", "kịp thời": a job without a date that must be kept up."""
    return patterns().ongoing.search(fold(text)) is not None


def vague_deadline(text: str) -> str | None:
    """An event-anchored deadline ("trước Tết") that needs the user to set a date."""
    m = patterns().vague.search(fold(text))
    return text[m.start() : m.end()] if m else None
