"""The product rules for deadlines typed in Telegram: the words they know, their patterns, what each resolves to.

Each rule is a pattern over the text folded to lower-case ASCII (so "thu 6" and "thứ 6" read the same),
the resolver that turns a match into a date relative to today, and the examples it must accept.
`match_rule` gives the first rule that takes the whole text; dispatch.user.userdates does the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from dispatch.time.calendar import WorkCalendar, end_of_half, end_of_month, end_of_quarter, end_of_year

# --- words, as data (folded: lower-case, no diacritics, đ -> d) -------------------------------------
# fmt: off
NUMBER_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "sau": 6, "bay": 7,
                "tam": 8, "chin": 9, "muoi": 10}
DAY_OFFSETS = {"hom nay": 0, "nay": 0, "trong ngay": 0, "ngay mai": 1, "mai": 1, "hom sau": 1,
               "ngay kia": 2, "ngay mot": 2, "mot": 2, "kia": 2}
WEEKDAYS = {"hai": 0, "2": 0, "ba": 1, "3": 1, "tu": 2, "4": 2, "nam": 3, "5": 3, "sau": 4, "6": 4,
            "bay": 5, "7": 5, "chu nhat": 6, "cn": 6}
# "thứ sáu tới" is the coming Friday; "thứ sáu tuần tới" is the Friday of next week.
WEEK_WORDS = {None: "on_or_after", "toi": "after", "nay": "this", "tuan nay": "this",
              "tuan sau": "next", "tuan toi": "next", "tuan ke tiep": "next"}
# How many periods ahead "này / sau / tới" mean for weeks, months, quarters and years.
PERIOD_AHEAD = {None: 0, "nay": 0, "sau": 1, "toi": 1}
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
# fmt: on

_NUM = r"\d{1,4}|" + "|".join(NUMBER_WORDS)
_PERIOD_PREFIX = r"(?:(?P<pre>cuoi|trong|het)\s*)?"
_WEEKDAY = r"thu\s*(?:hai|ba|tu|nam|sau|bay|[2-7])|t[2-7]|chu nhat|cn"
# "thứ Sáu, 28/11": the weekday must agree with the date.
_WEEKDAY_PREFIX = rf"(?:(?P<named>{_WEEKDAY})\s*,?\s*)?"


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What a rule resolves against: today in Vietnam and the working calendar."""

    today: date
    calendar: WorkCalendar


Resolver = Callable[[re.Match[str], RuleContext], date | None]


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    resolve: Resolver
    examples: tuple[str, ...]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day_month(m: re.Match[str], ctx: RuleContext) -> date | None:
    day, month, year = int(m["d"]), int(m["m"]), m["y"]
    found: date | None = None
    if year is not None:
        found = _safe_date(int(year) + (2000 if len(year) == 2 else 0), month, day)
    else:
        for y in (ctx.today.year, ctx.today.year + 1):  # next such day on or after today
            found = _safe_date(y, month, day)
            if found is not None and found >= ctx.today:
                break
    if found is None or (m["named"] is not None and found.weekday() != _weekday_number(m["named"])):
        return None
    return found


def _day_of_month(m: re.Match[str], ctx: RuleContext) -> date | None:
    y, mo = ctx.today.year, ctx.today.month
    for _ in range(13):
        found = _safe_date(y, mo, int(m["d"]))
        if found is not None and found >= ctx.today:
            return found
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return None


def _offset(m: re.Match[str], ctx: RuleContext) -> date:
    return ctx.today + timedelta(days=DAY_OFFSETS[m["w"]])


def _add_months(d: date, n: int) -> date:
    y, m0 = divmod(d.year * 12 + d.month - 1 + n, 12)
    return date(y, m0 + 1, min(d.day, end_of_month(y, m0 + 1).day))


def _count(m: re.Match[str], ctx: RuleContext) -> date | None:
    raw = m["n"]
    n = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
    if n > 3660:
        return None
    unit, cal, today = m["unit"], ctx.calendar, ctx.today
    if unit == "ngay lam viec":
        return cal.add_working_days(today, n)
    if unit == "thang":  # BLDS Đ.148: same day of the last month, or its last day
        return cal.next_working_day(_add_months(today, n)) if n <= 120 else None
    return cal.add_days(today, n * 7 if unit == "tuan" else n)


def _weekday_number(word: str) -> int:
    return WEEKDAYS[word if word in ("chu nhat", "cn") else re.sub(r"^(?:thu\s*|t)", "", word)]


def _weekday(m: re.Match[str], ctx: RuleContext) -> date:
    wd, today = _weekday_number(m["wd"]), ctx.today
    mode = WEEK_WORDS[m["wk"]]
    if mode == "on_or_after":
        return today + timedelta(days=(wd - today.weekday()) % 7)
    if mode == "after":
        return today + timedelta(days=(wd - today.weekday() - 1) % 7 + 1)
    this_week = today + timedelta(days=wd - today.weekday())
    return this_week if mode == "this" else this_week + timedelta(days=7)


def _week_end(m: re.Match[str], ctx: RuleContext) -> date | None:
    """Last working day of the week (normally Friday)."""
    if m["pre"] is None and m["wk"] is None:
        return None
    sunday = ctx.today + timedelta(days=6 - ctx.today.weekday() + 7 * PERIOD_AHEAD[m["wk"]])
    return ctx.calendar.previous_working_day(sunday)


def _month_end(m: re.Match[str], ctx: RuleContext) -> date | None:
    if m["pre"] is None and m["wk"] is None:
        return None
    month = _add_months(ctx.today.replace(day=1), PERIOD_AHEAD[m["wk"]])
    return end_of_month(month.year, month.month)


def _named_period(
    m: re.Match[str], ctx: RuleContext, end: Callable[[int, int], date], n: int, top: int
) -> date | None:
    if not 1 <= n <= top:
        return None
    if m["y"] is not None:
        return end(int(m["y"]), n)
    this_year = end(ctx.today.year, n)
    return this_year if this_year >= ctx.today else end(ctx.today.year + 1, n)


def _month_named(m: re.Match[str], ctx: RuleContext) -> date | None:
    return _named_period(m, ctx, end_of_month, int(m["m"]), 12)


def _quarter_end(m: re.Match[str], ctx: RuleContext) -> date | None:
    if m["pre"] is None and m["wk"] is None:
        return None
    q = (ctx.today.month - 1) // 3 + PERIOD_AHEAD[m["wk"]]
    return end_of_quarter(ctx.today.year + q // 4, q % 4 + 1)


def _quarter_named(m: re.Match[str], ctx: RuleContext) -> date | None:
    q = m["q"]
    return _named_period(m, ctx, end_of_quarter, int(q) if q.isdigit() else ROMAN[q], 4)


def _half_named(m: re.Match[str], ctx: RuleContext) -> date | None:
    return _named_period(m, ctx, end_of_half, 1 if m["h"] == "dau" else 2, 2)


def _year_end(m: re.Match[str], ctx: RuleContext) -> date | None:
    if m["pre"] is None and m["wk"] is None:
        return None
    return end_of_year(ctx.today.year + PERIOD_AHEAD[m["wk"]])


def _year_named(m: re.Match[str], ctx: RuleContext) -> date:
    return end_of_year(int(m["y"]))


def _rule(name: str, pattern: str, resolve: Resolver, *examples: str) -> _Rule:
    return _Rule(name, re.compile(pattern), resolve, examples)


_YEAR_SUFFIX = r"(?:\s*(?:[/\-]|nam)\s*(?P<y>\d{4}))?"
# fmt: off
RULES: tuple[_Rule, ...] = (
    _rule("date", _WEEKDAY_PREFIX + r"(?:ngay\s*)?(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})(?:\s*[/.\-]\s*(?P<y>\d{4}|\d{2}))?",
          _day_month, "25/12", "25/12/2026", "25-12-2026", "25.12.2026", "ngày 25/12", "25/12/26", "thứ Năm, 25/12"),
    _rule("date_words", _WEEKDAY_PREFIX + r"(?:ngay\s*)?(?P<d>\d{1,2})\s*thang\s*(?P<m>\d{1,2})(?:\s*(?:nam|,)?\s*(?P<y>\d{4}))?",
          _day_month, "ngày 25 tháng 12 năm 2026", "25 tháng 12"),
    _rule("day_of_month", r"(?:ngay|mung)\s*(?P<d>\d{1,2})", _day_of_month, "ngày 25", "mùng 5"),
    _rule("offset", r"(?P<w>" + "|".join(DAY_OFFSETS) + ")", _offset, "ngày mai", "mai", "hôm nay", "ngày kia"),
    _rule("count", rf"(?:(?:sau|trong vong|trong thoi han|trong)\s*)?(?P<n>{_NUM})\s*"
          r"(?P<unit>ngay lam viec|ngay|tuan|thang)(?:\s*(?:nua|toi|tiep theo|ke tu hom nay))?",
          _count, "3 ngày nữa", "5 ngày làm việc", "trong 05 ngày làm việc", "sau 2 tuần", "1 tháng nữa"),
    _rule("weekday", rf"(?P<wd>{_WEEKDAY})"
          r"(?:\s*(?P<wk>tuan nay|tuan sau|tuan toi|tuan ke tiep|nay|toi))?",
          _weekday, "thứ sáu tuần sau", "thứ 6", "t6", "thứ hai tới", "chủ nhật này"),
    _rule("week", _PERIOD_PREFIX + r"tuan(?:\s*(?P<wk>nay|sau|toi))?", _week_end, "cuối tuần", "tuần sau"),
    _rule("month", _PERIOD_PREFIX + r"thang(?:\s*(?P<wk>nay|sau|toi))?", _month_end, "cuối tháng", "tháng sau"),
    _rule("month_named", r"(?:(?:cuoi|trong|het)\s*)?thang\s*(?P<m>\d{1,2})" + _YEAR_SUFFIX,
          _month_named, "trong tháng 12", "tháng 10/2026"),
    _rule("quarter", _PERIOD_PREFIX + r"quy(?:\s*(?P<wk>nay|sau|toi))?", _quarter_end, "cuối quý", "quý sau"),
    _rule("quarter_named", r"(?:(?:cuoi|trong|het)\s*)?quy\s*(?P<q>[1-4]|iv|i{1,3})" + _YEAR_SUFFIX,
          _quarter_named, "quý III/2026", "trong quý 4"),
    _rule("half_named", r"(?:trong\s*)?6 thang (?P<h>dau|cuoi) nam(?:\s*(?P<y>\d{4}))?",
          _half_named, "6 tháng cuối năm", "6 tháng đầu năm 2027"),
    _rule("year", _PERIOD_PREFIX + r"nam(?:\s*(?P<wk>nay|sau|toi))?", _year_end, "cuối năm", "năm sau"),
    _rule("year_named", r"(?:(?:cuoi|trong|het)\s*)?nam\s*(?P<y>\d{4})", _year_named, "trong năm 2026"),
)
# fmt: on


def match_rule(folded: str, ctx: RuleContext) -> tuple[str, date | None] | None:
    """The first rule whose pattern takes the whole text, and what it resolves to."""
    for rule in RULES:
        m = rule.pattern.fullmatch(folded)
        if m is not None:
            return rule.name, rule.resolve(m, ctx)
    return None
