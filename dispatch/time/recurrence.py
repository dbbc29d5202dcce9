"""A recurring deadline as a value: how often, on which day, at what hour; its next date and its Vietnamese name.

Extraction builds it, storage keeps it (as its `code`, storage.types.RecurrenceText), the reminder policy
rolls a task with `next_on_or_after`, and the card and digests say it with `label`. That is the only rule
for the next occurrence, so the card, the saved task and its reminders never disagree::

    Recurrence("daily")                       "daily"              hằng ngày
    Recurrence("weekly", day=4)               "weekly:FRI"         hằng tuần, thứ Sáu
    Recurrence("monthly", day=20)             "monthly:20"         hằng tháng, trước ngày 20
    Recurrence("quarterly", day=31)           "quarterly:31"       hằng quý, trước ngày 31 của tháng cuối quý
    Recurrence("half_yearly", day=15)         "half_yearly:15"     6 tháng một lần, trước ngày 15 của tháng 6 và 12
    Recurrence("yearly", day=20, month=11)    "yearly:11-20"       hằng năm, trước ngày 20/11
    Recurrence("weekly", day=3, at=8:00)      "weekly:THU 08:00"   hằng tuần, thứ Năm, trước 08:00
    Recurrence("monthly")                     "monthly"            hằng tháng (no day: no date to remind)

A day beyond a month's end is that month's last day: "ngày 31 của tháng cuối quý" of the second quarter is
30 June. A recurrence without its day (a plain "báo cáo hằng tháng") has no next date.
"""

from __future__ import annotations

import calendar as _cal
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Literal

Freq = Literal["daily", "weekly", "monthly", "quarterly", "half_yearly", "yearly"]
FREQS: tuple[Freq, ...] = ("daily", "weekly", "monthly", "quarterly", "half_yearly", "yearly")
# The weekday table: Monday is 0, as in date.weekday()
WEEKDAY_CODES = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
_PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6}


def _clamped(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, _cal.monthrange(year, month)[1]))


@dataclass(frozen=True, slots=True)
class Recurrence:
    """How often a deadline comes back: `day` is the weekday (0 = Monday) for weekly, else the day of the month;
    `month` is for yearly only; `at` the hour when the text gives one."""

    freq: Freq
    day: int | None = None
    month: int | None = None
    at: time | None = None

    def __post_init__(self) -> None:
        if self.freq not in FREQS:
            raise ValueError(f"unknown recurrence {self.freq!r}")
        if self.day is not None:
            top = 6 if self.freq == "weekly" else 31
            low = 0 if self.freq == "weekly" else 1
            if self.freq == "daily" or not low <= self.day <= top:
                raise ValueError(f"day {self.day} does not fit a {self.freq} recurrence")
        if self.month is not None and (self.freq != "yearly" or not 1 <= self.month <= 12):
            raise ValueError(f"month {self.month} does not fit a {self.freq} recurrence")
        if self.freq == "yearly" and (self.day is None) != (self.month is None):
            raise ValueError("a yearly recurrence needs both its day and its month")
        if self.freq == "yearly" and self.day is not None and self.month is not None:
            _clamped(2000, self.month, self.day)

    @property
    def dated(self) -> bool:
        """Whether it names its day, so that it has a next date (a plain "hằng tháng" does not)."""
        return self.freq == "daily" or self.day is not None

    def next_on_or_after(self, d: date) -> date | None:
        """The first occurrence on or after `d`; None when the recurrence names no day."""
        if self.freq == "daily":
            return d
        if self.day is None:
            return None
        if self.freq == "weekly":
            return d + timedelta(days=(self.day - d.weekday()) % 7)
        if self.freq == "yearly":
            assert self.month is not None
            candidate = _clamped(d.year, self.month, self.day)
            return candidate if candidate >= d else _clamped(d.year + 1, self.month, self.day)
        step = _PERIOD_MONTHS[self.freq]
        index = d.year * 12 + d.month - 1  # months since year 0
        index += (step - 1) - (index % 12) % step  # the period's last month (the month itself for monthly)
        for _ in range(2):
            candidate = _clamped(index // 12, index % 12 + 1, self.day)
            if candidate >= d:
                return candidate
            index += step
        raise AssertionError("unreachable: the next period always ends after d")

    def next_after(self, d: date) -> date | None:
        """The first occurrence strictly after `d` (a task rolls past the occurrence it was due on)."""
        return self.next_on_or_after(d + timedelta(days=1))

    @property
    def code(self) -> str:
        """The stored form: "monthly:20", "weekly:THU 08:00", "yearly:11-20", "daily"."""
        if self.day is None:
            head: str = self.freq
        elif self.freq == "weekly":
            head = f"weekly:{WEEKDAY_CODES[self.day]}"
        elif self.freq == "yearly":
            head = f"yearly:{self.month:02d}-{self.day:02d}"
        else:
            head = f"{self.freq}:{self.day}"
        return f"{head} {self.at:%H:%M}" if self.at is not None else head

    @classmethod
    def parse(cls, code: str) -> Recurrence | None:
        """The value of a stored code; None when it does not read as one."""
        head, _, hhmm = code.strip().partition(" ")
        freq, _, spec = head.partition(":")
        freq = freq.lower()
        try:
            at = time.fromisoformat(hhmm.strip()) if hhmm.strip() else None
            if freq not in FREQS:
                return None
            if not spec:
                return cls(freq, at=at)
            if freq == "weekly":
                return cls("weekly", day=WEEKDAY_CODES.index(spec[:3].upper()), at=at)
            if freq == "yearly":
                month, _, day = spec.partition("-")
                return cls("yearly", day=int(day), month=int(month), at=at)
            return cls(freq, day=int(spec), at=at)
        except ValueError:
            return None

    @property
    def label(self) -> str:
        """How an official says it: "hằng tháng, trước ngày 20", "hằng tuần, thứ Sáu, trước 17:00"."""
        said = {"daily": "hằng ngày", "weekly": "hằng tuần", "monthly": "hằng tháng", "quarterly": "hằng quý",
                "half_yearly": "6 tháng một lần", "yearly": "hằng năm"}[self.freq]
        if self.day is not None:
            if self.freq == "weekly":
                name = WEEKDAY_NAMES[self.day]
                said += ", " + (name if self.day == 6 else "thứ " + name.split()[1])
            elif self.freq == "monthly":
                said += f", trước ngày {self.day}"
            elif self.freq == "quarterly":
                said += f", trước ngày {self.day} của tháng cuối quý"
            elif self.freq == "half_yearly":
                said += f", trước ngày {self.day} của tháng 6 và tháng 12"
            else:
                said += f", trước ngày {self.day}/{self.month}"
        return f"{said}, trước {self.at:%H:%M}" if self.at is not None else said

    def __str__(self) -> str:
        return self.code
