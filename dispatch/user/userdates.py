"""Deadlines as officials type them in Telegram: "25/12", "thứ sáu tuần sau", "3 ngày nữa", "17h 30/11".

Product rules (dispatch.user.userrules) come first: each is a pattern over the text folded to lower-case
ASCII (so "thu 6" and "thứ 6" read the same) with the examples it must accept. Only what no rule
claims goes to dateparser, with explicit settings. A result is never before today and never silently repaired:
"31/02", "12/6/20201" or a year more than ten years ahead give None.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta

from dispatch.time.calendar import VN_TZ, WorkCalendar
from dispatch.user.userrules import RuleContext, match_rule

__all__ = ["parse_user_deadline"]

MAX_YEARS_AHEAD = 10

# --- words, as data (folded: lower-case, no diacritics, đ -> d) -------------------------------------
# fmt: off
# Parts of the day, matched on the text with diacritics ("tối" is evening, "tới" is "coming").
DAY_PARTS = {"sáng": "am", "sang": "am", "trưa": "noon", "trua": "noon", "chiều": "pm", "chieu": "pm",
             "tối": "pm", "đêm": "night", "dem": "night"}
PREFIX_FILLERS = r"(?:han chot|han|deadline|truoc|cham nhat(?: la)?|den|vao|luc|la|het(?= ngay)|buoi)"
SUFFIX_FILLERS = r"(?:nhe|nha|a|luc|vao|buoi)"
# fmt: on

_TIME = re.compile(
    r"(?<![\d/.\-])(?P<h>\d{1,2})\s*(?:gio|g|h|:)(?![a-z])(?!\s*nua)"
    r"(?:\s*(?P<min>\d{2})(?![\d/.\-])(?:\s*(?:phut|p)(?![a-z]))?)?"
)
_IN_HOURS = re.compile(
    r"(?:(?P<pre>sau|trong vong|trong)\s*)?(?P<n>\d{1,2})\s*(?P<unit>tieng|gio)(?P<nua>\s*nua)?"
)
_DAY_PART = re.compile(r"(?<!\w)(?:" + "|".join(DAY_PARTS) + r")(?!\w)")
_PREFIX = re.compile(rf"(?:{PREFIX_FILLERS}(?![a-z])[\s:,]*)+")
_PUNCT = " ,;:!?"
_SUFFIX = re.compile(rf"(?:(?<![a-z]){SUFFIX_FILLERS})+$")
_NUMERIC_JUNK = re.compile(r"\d\s*[/.\-]\s*\d|\d{5,}")


def _fold_char(c: str) -> str:
    if c == "đ":
        return "d"
    base = "".join(x for x in unicodedata.normalize("NFD", c) if not unicodedata.combining(x))
    return base if len(base) == 1 else c


def _fold(text: str) -> str:
    """Lower-case, diacritics dropped, one character for each character of `text`."""
    return "".join(_fold_char(c) for c in text.lower())


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _trim(text: str) -> tuple[int, int]:
    """The span of `text` left after dropping filler words and punctuation at both ends."""
    start, end = 0, len(text)
    while True:
        before = (start, end)
        while start < end and text[start] in _PUNCT:
            start += 1
        while end > start and text[end - 1] in _PUNCT:
            end -= 1
        if (m := _PREFIX.match(text, start, end)) is not None:
            start = m.end()
        if (m := _SUFFIX.search(text, start, end)) is not None:
            end = m.start()
        if (start, end) == before:
            return start, end


def _apply_part(hour: int, part: str | None) -> int | None:
    """24-hour clock from "5h chiều", "11h đêm", "9h sáng"; None when they contradict ("15h sáng")."""
    if part is None:
        return hour
    if part == "am":
        return hour if hour <= 12 else None
    if hour >= 12:
        return hour
    if part == "pm":
        return hour + 12
    if part == "noon":
        return hour + 12 if hour < 11 else hour
    return hour + 12 if hour >= 6 else hour  # night: "11h đêm" is 23:00, "2h đêm" is 02:00


def _fallback(text: str, now_local: datetime) -> date | None:
    import dateparser  # only for what no product rule claims; slow to import

    settings = {
        "DATE_ORDER": "DMY",
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": now_local,
        "RETURN_AS_TIMEZONE_AWARE": False,
        "REQUIRE_PARTS": ["day", "month"],  # "tháng mười hai" alone must not borrow today's day
    }
    found = dateparser.parse(text, languages=["vi"], settings=settings)
    return found.date() if isinstance(found, datetime) else None


def parse_user_deadline(
    text: str, *, now: datetime, calendar: WorkCalendar
) -> tuple[date, time | None] | None:
    """The deadline a user typed, as (day, time of day or None); None when it is not a clear future date.

    `now` must be timezone-aware; "today" is its date in Vietnam.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    local = now.astimezone(VN_TZ)
    ctx = RuleContext(local.date(), calendar)
    nfc = " ".join(unicodedata.normalize("NFC", text).lower().split())[:200]
    folded = _fold(nfc)  # same length as nfc, position by position

    start, end = _trim(folded)
    hours = _IN_HOURS.fullmatch(folded, start, end)
    # "3 tiếng nữa", "sau 2 giờ": hours from now; a bare "3 giờ" is a time of day.
    if hours is not None and (hours["pre"] or hours["nua"] or hours["unit"] == "tieng"):
        due = local + timedelta(hours=int(hours["n"]))
        return due.date(), due.time().replace(second=0, microsecond=0, tzinfo=None)

    part: str | None = None
    parts = list(_DAY_PART.finditer(nfc))
    if len(parts) > 1:
        return None
    if parts:
        part = DAY_PARTS[parts[0][0]]
        nfc, folded = _blank(nfc, *parts[0].span()), _blank(folded, *parts[0].span())

    at: time | None = None
    times = list(_TIME.finditer(folded))
    if len(times) > 1:
        return None
    if times:
        hour = _apply_part(int(times[0]["h"]), part)
        minute = int(times[0]["min"] or 0)
        if hour is None or hour > 23 or minute > 59:
            return None
        at = time(hour, minute)
        nfc, folded = _blank(nfc, *times[0].span()), _blank(folded, *times[0].span())

    # Both strings keep their spaces at the same places, so they collapse and trim alike.
    nfc, folded = " ".join(nfc.split()), " ".join(folded.split())
    start, end = _trim(folded)
    rest = folded[start:end]
    day: date | None
    if not rest:
        day = ctx.today if at is not None else None
    elif (matched := match_rule(rest, ctx)) is not None:
        day = matched[1]
    elif _NUMERIC_JUNK.search(rest) or not re.search(r"[a-z]", rest):
        day = None  # a broken numeric date ("12/6/20201") or a bare number: never guess
    else:
        day = _fallback(nfc[start:end], local.replace(tzinfo=None))

    if day is None or day < ctx.today or day.year > ctx.today.year + MAX_YEARS_AHEAD:
        return None
    if day == ctx.today and at is not None and at < local.time().replace(tzinfo=None):
        return None
    return day, at
