"""What a found deadline is, and the patterns and date helpers that every deadline form shares.

`Deadline` is one deadline phrase with its date (or its recurrence or relative label). `patterns()`
compiles the deadline phrases of dispatch/data once; `clock`, `valid_date` and `next_on_or_after`
turn the numbers of a match into a time or a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from functools import cache

from dispatch.core.rules import alternation, rules
from dispatch.time.recurrence import Recurrence

# "10h00'" (a prime for the minutes) is a time as well
TIME = r"(?P<h>\d{1,2})\s*(?:h|gio|:)\s*(?P<mi>\d{2})?(?:\s*phut|')?(?![\w/])(?:\s+(?P<ap>sang|trua|chieu|toi)\b)?"
# "thứ Sáu," / "Chủ nhật" between a marker and its date ("trước 17h00, thứ Sáu ngày 30/7/2021")
WEEKDAY_WORD = r"(?:thu\s+(?:hai|ba|tu|nam|sau|bay|[2-7])|chu\s+nhat)"
WEEKDAYS = {
    "thu hai": "MON", "thu 2": "MON", "thu ba": "TUE", "thu 3": "TUE", "thu tu": "WED", "thu 4": "WED",
    "thu nam": "THU", "thu 5": "THU", "thu sau": "FRI", "thu 6": "FRI", "thu bay": "SAT", "thu 7": "SAT",
    "chu nhat": "SUN",
}


@dataclass(frozen=True, slots=True)
class Deadline:
    """A deadline found at text[start:end]."""

    start: int
    end: int
    text: str
    date: date | None
    time: time | None = None
    recurrence: Recurrence | None = None
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
    half_yearly: re.Pattern[str]
    yearly: re.Pattern[str]
    weekly: re.Pattern[str]
    daily: re.Pattern[str]
    daily_then_time: re.Pattern[str]
    plain_recurring: re.Pattern[str]
    recurring_hint: re.Pattern[str]
    anchor_receipt: re.Pattern[str]
    anchor_signing: re.Pattern[str]
    ongoing: re.Pattern[str]
    open_ended: re.Pattern[str]
    vague: re.Pattern[str]
    basis: re.Pattern[str]
    basis_verb: re.Pattern[str]
    topic: re.Pattern[str]


def _unnamed(pattern: str) -> str:
    """`pattern` with the named groups of TIME made plain, so that it can be repeated."""
    for name in ("h", "mi", "ap"):
        pattern = pattern.replace(f"(?P<{name}>", "(?:")
    return pattern


def clock(m: re.Match[str]) -> time | None:
    """The time of a TIME match; "3 giờ chiều" is 15:00."""
    h, mi = int(m.group("h")), int(m.group("mi") or 0)
    if m.group("ap") in ("chieu", "toi") and h < 12:
        h += 12
    return time(h, mi) if h < 24 and mi < 60 else None


def _no_day(marker: str) -> str:
    """A folded event marker without its closing "ngày" ("vao ngay" -> "vao")."""
    words = marker.split()
    return " ".join(words[:-1]) if len(words) > 1 and words[-1] == "ngay" else marker


# the start of a sentence in folded text, past its list mark and emphasis ("2. ", "a) ", "- ", "*")
_SENTENCE_OPEN = r"(?:^|(?<=[.!?\n]))[\s*]*(?:(?:[ivx]+|\d+(?:\.\d+)*|[a-z])[.)][\s*]*|[-+•–][\s*]*)?"


@cache
def patterns() -> _Patterns:
    d = rules().deadlines
    markers = alternation(d.markers)
    fill = rf"[\s:,]*(?:(?:{TIME})[\s,]*)?(?:(?:vao|la|ngay|cua|tu|{WEEKDAY_WORD})[\s,(]*)*$"
    weekday = alternation(tuple(sorted(WEEKDAYS, key=len, reverse=True)))
    return _Patterns(
        marker_before=re.compile(_unnamed(rf"(?<![\w])(?:{markers}){fill}")),
        # "vào ngày 19/12" and "vào ngày 19 tháng 12" (whose match starts at "ngày") alike
        event_before=re.compile(rf"(?:{alternation(tuple(_no_day(x) for x in d.event_markers))})(?:\s+ngay)?\s*$"),
        full=re.compile(r"(?<![\d/.\-])(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4})(?![\d/])"),
        words=re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+nam\s+(\d{4}))?(?!\d)"),
        noyear=re.compile(r"(?<![\d/.\-])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/]|\s*[/.\-]\s*\d)|(?<=ngay )(\d{1,2})[.\-](\d{1,2})(?!\d|[.\-]\d)"),
        range_=re.compile(r"(?<![\d/])(\d{1,2})\s*-\s*(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?(?![\d/])"),
        period=re.compile(
            r"thang\s+(?P<w1>\d{1,2})\s*[-–]\s*(?P<w2>\d{1,2})\s*/\s*(?P<wy>\d{4})(?!\d)"  # "tháng 8-9/2025"
            r"|(?P<kind>thang|quy|qui|nam)\s+(?P<n>\d{1,2}|iv|i{1,3})\s*(?:/|nam|-(?=\d{4}))\s*(?P<y>\d{4})(?!\d)"  # "Quí IV-2025"
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
        half_yearly=re.compile(
            r"ngay\s+(\d{1,2})\s+(?:cua\s+)?thang\s+cuoi\s+(?:cua\s+)?(?:moi\s+|hang\s+)?(?:6|sau)\s+thang"
        ),
        yearly=re.compile(
            rf"ngay\s+(\d{{1,2}})\s*(?:/|\s+thang\s+)\s*(\d{{1,2}})\s+(?:cua\s+)?(?:{alternation(d.yearly)})"
            # "hằng năm (trước ngày 15 tháng 11)", "Hàng năm, trước ngày 25 tháng 12": the period first
            rf"|(?:{alternation(d.yearly)})\s*[,(]?\s*(?:truoc|cham\s+nhat|vao)\s+ngay\s+(\d{{1,2}})\s*(?:/|\s+thang\s+)"
            rf"\s*(\d{{1,2}})\b(?!\s*(?:[/.\-]|nam)\s*\d)"
        ),
        weekly=re.compile(rf"(?:(?:{TIME})\s+(?:ngay\s+)?)?(?P<wd>{weekday})\s+(?:{alternation(d.weekly)})"),
        daily=re.compile(rf"(?:{TIME})\s+(?:{alternation(d.daily)})"),
        # "hằng ngày, trước 16 giờ" (the hour after the words)
        daily_then_time=re.compile(rf"(?:{alternation(d.daily)})\s*[,(]?\s*(?:truoc|cham\s+nhat|vao|luc)\s+(?:{TIME})"),
        plain_recurring=re.compile(
            rf"(?P<m>{alternation(d.monthly)})|(?P<w>{alternation(d.weekly)})|(?P<q>{alternation(d.quarterly)})"
            rf"|(?P<y>{alternation(d.yearly)})|(?P<d>{alternation(d.daily)})"
        ),
        recurring_hint=re.compile(alternation(d.monthly + d.weekly + d.quarterly + d.yearly + d.daily)),
        anchor_receipt=re.compile(rf"^\W*(?:\w+\s+){{0,4}}?(?:{alternation(d.receipt)})"),
        anchor_signing=re.compile(rf"^\W*(?:\w+\s+){{0,4}}?(?:{alternation(d.signing)})"),
        ongoing=re.compile(rf"\b(?:{alternation(d.ongoing + d.open_ended)})\b"),
        open_ended=re.compile(rf"\s*,?\s*(?:{alternation(d.open_ended)})\b"),
        vague=re.compile(r"\b(?:ngay\s+sau\s+(?:ky\s+nghi\s+)?tet|truoc\s+tet|sau\s+tet|dip\s+tet)\b"),
        basis=re.compile(rf"{_SENTENCE_OPEN}(?:{alternation(rules().structure.basis_openers)})\b"),
        basis_verb=re.compile(rf"\b(?:{alternation(d.basis_verbs)})\b"),
        topic=re.compile(rf"{_SENTENCE_OPEN}(?:{alternation(d.topic_openers)})\b[^,:.;]{{0,200}}[,:]"),
    )


def valid_date(y: int, m: int, d: int) -> date | None:
    """The date y-m-d, or None when it does not exist or the year is implausible."""
    if not 1990 <= y <= 2100:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def next_on_or_after(ref: date, m: int, d: int) -> date | None:
    """The first day-month d/m on or after `ref`, this year or next."""
    for y in (ref.year, ref.year + 1):
        got = valid_date(y, m, d)
        if got is not None and got >= ref:
            return got
    return None
