"""Vietnam's official working calendar and the legal rules for counting deadlines.

Working days are Monday to Friday, minus public holidays and days in lieu, plus the Saturdays the
government swaps into working days ("làm bù"). Public holidays come from the `holidays` package
(country VN); announcements it does not know yet live in `dispatch/data/calendar.toml`, and a
deployment can add its own with `WorkCalendar.with_overrides`.

Counting follows Bộ luật Dân sự 2015: the day a period starts from is not counted (Điều 147), and a
period in days that ends on a day off ends at the end of the next working day (Điều 148).
Everything here is pure: no clock, no I/O except reading the packaged TOML once.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from datetime import MAXYEAR, MINYEAR, date, datetime, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

import holidays

from dispatch.errors import RulesError

__all__ = [
    "VN_TZ",
    "WorkCalendar",
    "default_calendar",
    "end_of_half",
    "end_of_month",
    "end_of_quarter",
    "end_of_year",
]

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# Longest period we count day by day; longer ones are input errors, not deadlines.
MAX_PERIOD_DAYS = 10_000

_ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=64)
def _vn_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=year)


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    """Days off of `year` (holidays, days in lieu, swapped-out weekdays)."""
    return frozenset(_vn_holidays(year).keys())


@lru_cache(maxsize=64)
def _swapped_weekends(year: int) -> frozenset[date]:
    """Weekend days of `year` that are working days.

    A swap can cross a year boundary (a day off on 2 January made up on a December Saturday), so
    the neighbouring years' announcements are read too.
    """
    found: set[date] = set()
    for y in range(max(MINYEAR, year - 1), min(MAXYEAR, year + 1) + 1):
        found.update(d for d in _vn_holidays(y).weekend_workdays if d.year == year)
    return frozenset(found)


def _as_dates(values: Iterable[date], what: str) -> frozenset[date]:
    out: set[date] = set()
    for value in values:
        if isinstance(value, datetime) or not isinstance(value, date):
            raise TypeError(f"{what} must be dates, got {value!r}")
        out.add(value)
    return frozenset(out)


class WorkCalendar:
    """Vietnam's working days for officials, with optional announced extra days off and workdays.

    `extra_holidays` are days off on top of the `holidays` package; `extra_workdays` are working
    days even if the package or the weekend says otherwise (a swapped Saturday). Immutable.
    """

    __slots__ = ("_extra_holidays", "_extra_workdays")

    _extra_holidays: frozenset[date]
    _extra_workdays: frozenset[date]

    def __init__(self, extra_holidays: Iterable[date] = (), extra_workdays: Iterable[date] = ()) -> None:
        off = _as_dates(extra_holidays, "extra_holidays")
        on = _as_dates(extra_workdays, "extra_workdays")
        both = off & on
        if both:
            listed = ", ".join(d.isoformat() for d in sorted(both))
            raise ValueError(f"dates both extra holiday and extra workday: {listed}")
        object.__setattr__(self, "_extra_holidays", off)
        object.__setattr__(self, "_extra_workdays", on)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("WorkCalendar is immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WorkCalendar):
            return NotImplemented
        return (self._extra_holidays, self._extra_workdays) == (other._extra_holidays, other._extra_workdays)

    def __hash__(self) -> int:
        return hash((self._extra_holidays, self._extra_workdays))

    def __repr__(self) -> str:
        return (
            f"WorkCalendar(extra_holidays={sorted(self._extra_holidays)!r}, "
            f"extra_workdays={sorted(self._extra_workdays)!r})"
        )

    @property
    def extra_holidays(self) -> frozenset[date]:
        return self._extra_holidays

    @property
    def extra_workdays(self) -> frozenset[date]:
        return self._extra_workdays

    def with_overrides(
        self, extra_holidays: Iterable[date] = (), extra_workdays: Iterable[date] = ()
    ) -> WorkCalendar:
        """A calendar with these days added; they win over this calendar's own extra days."""
        off = _as_dates(extra_holidays, "extra_holidays")
        on = _as_dates(extra_workdays, "extra_workdays")
        return WorkCalendar(
            extra_holidays=(self._extra_holidays - on) | off,
            extra_workdays=(self._extra_workdays - off) | on,
        )

    def is_working_day(self, d: date) -> bool:
        """True on a day officials work: Mon–Fri that is not a day off, or a swapped weekend day."""
        if d in self._extra_workdays:
            return True
        if d in self._extra_holidays:
            return False
        if d.weekday() >= 5:
            return d in _swapped_weekends(d.year)
        return d not in _public_holidays(d.year)

    def next_working_day(self, d: date) -> date:
        """`d` if it is a working day, otherwise the first working day after it."""
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    def previous_working_day(self, d: date) -> date:
        """`d` if it is a working day, otherwise the last working day before it."""
        while not self.is_working_day(d):
            d -= _ONE_DAY
        return d

    def add_working_days(self, start: date, n: int) -> date:
        """The day `n` working days after `start`, not counting `start` (BLDS 2015 Điều 147).

        "trong 05 ngày làm việc kể từ ngày 24/4/2025" -> 5/5/2025. A negative `n` counts back
        (`n` working days before `start`); `n == 0` gives `start` or the next working day.
        """
        _check_period(n)
        if n == 0:
            return self.next_working_day(start)
        step = _ONE_DAY if n > 0 else -_ONE_DAY
        d = start
        for _ in range(abs(n)):
            d += step
            while not self.is_working_day(d):
                d += step
        return d

    def add_days(self, start: date, n: int) -> date:
        """The end of a period of `n` calendar days from `start`, start not counted (Điều 147).

        If that day is a day off, the period ends on the next working day (Điều 148). Counting
        back (`n < 0`, e.g. a reminder before a deadline) moves to the previous working day.
        """
        _check_period(n)
        end = start + timedelta(days=n)
        return self.previous_working_day(end) if n < 0 else self.next_working_day(end)

    def working_days_between(self, a: date, b: date) -> int:
        """Working days after `a` up to and including `b`; negative when `b` is before `a`.

        Inverse of `add_working_days`: `working_days_between(a, add_working_days(a, n)) == n`.
        """
        if b < a:
            return -self.working_days_between(b, a)
        _check_period((b - a).days)
        count = 0
        d = a
        while d < b:
            d += _ONE_DAY
            count += self.is_working_day(d)
        return count


def _check_period(n: int) -> None:
    if abs(n) > MAX_PERIOD_DAYS:
        raise ValueError(f"period of {n} days is longer than {MAX_PERIOD_DAYS}")


def _parse_calendar_data(raw: str) -> tuple[list[date], list[date]]:
    """Extra holidays and workdays from calendar.toml text; RulesError when it is malformed."""
    try:
        data: dict[str, Any] = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"calendar.toml: {exc}") from exc
    unknown = set(data) - {"holiday", "workday"}
    if unknown:
        raise RulesError(f"calendar.toml: unknown tables {sorted(unknown)}")
    out: dict[str, list[date]] = {}
    for key in ("holiday", "workday"):
        days: list[date] = []
        for entry in data.get(key, []):
            if not isinstance(entry, dict):
                raise RulesError(f"calendar.toml: [[{key}]] entries must be tables")
            day, note = entry.get("date"), entry.get("note")
            if isinstance(day, datetime) or not isinstance(day, date):
                raise RulesError(f"calendar.toml: [[{key}]] needs a date like 2026-01-02, got {day!r}")
            if not isinstance(note, str) or not note.strip():
                raise RulesError(f"calendar.toml: [[{key}]] {day} needs a note naming its source")
            if key == "workday" and day.weekday() < 5:
                raise RulesError(f"calendar.toml: workday {day} is not a weekend day")
            if key == "holiday" and day.weekday() >= 5:
                raise RulesError(f"calendar.toml: holiday {day} falls on a weekend")
            days.append(day)
        out[key] = days
    both = set(out["holiday"]) & set(out["workday"])
    if both:
        raise RulesError(f"calendar.toml: both holiday and workday: {sorted(both)}")
    return out["holiday"], out["workday"]


@lru_cache(maxsize=1)
def default_calendar() -> WorkCalendar:
    """The calendar the product uses: the `holidays` package plus the packaged announcements."""
    raw = resources.files("dispatch").joinpath("data").joinpath("calendar.toml").read_text(encoding="utf-8")
    extra_holidays, extra_workdays = _parse_calendar_data(raw)
    return WorkCalendar(extra_holidays=extra_holidays, extra_workdays=extra_workdays)


def end_of_month(year: int, month: int) -> date:
    """Last day of the month ("cuối tháng", "trong tháng 10/2023")."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, got {month}")
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - _ONE_DAY


def end_of_quarter(year: int, quarter: int) -> date:
    """Last day of the quarter ("trong quý III/2024" -> 30/9/2024)."""
    if not 1 <= quarter <= 4:
        raise ValueError(f"quarter must be 1..4, got {quarter}")
    return end_of_month(year, quarter * 3)


def end_of_half(year: int, half: int) -> date:
    """Last day of the half-year ("6 tháng đầu năm" -> 30/6, "6 tháng cuối năm" -> 31/12)."""
    if half not in (1, 2):
        raise ValueError(f"half must be 1 or 2, got {half}")
    return end_of_month(year, half * 6)


def end_of_year(year: int) -> date:
    """Last day of the year ("trong năm 2021" -> 31/12/2021)."""
    return date(year, 12, 31)
