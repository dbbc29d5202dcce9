"""Reporting periods: the week, month, quarter or year that contains a day (or the one before it).

    period_of("month", date(2026, 3, 18))                 -> Period("month", 2026-03-01, 2026-03-31, "Tháng 03/2026")
    period_of("week", date(2026, 3, 18))                  -> 16/03/2026 – 22/03/2026 ("Tuần 12/2026", ISO weeks)
    period_of("quarter", date(2026, 3, 18), previous=True) -> Quý IV/2025
    parse_period(["tháng", "trước"])                      -> ("month", True)
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Kind = Literal["week", "month", "quarter", "year"]
# what people type after /baocao or /thongke, without tone marks (so "tuần", "tuan", "TUẦN" all match)
WORDS: dict[str, Kind] = {
    "tuan": "week", "week": "week",
    "thang": "month", "month": "month",
    "quy": "quarter", "quarter": "quarter",
    "nam": "year", "year": "year",
}
PREVIOUS = frozenset({"truoc", "qua", "previous", "last"})
ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True, slots=True)
class Period:
    """A closed range of days with the name an office gives it."""

    kind: Kind
    start: date
    end: date
    label: str

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def _plain(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.casefold().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def parse_period(args: list[str], *, default: Kind = "month") -> tuple[Kind, bool] | None:
    """The words after the command -> (kind, previous); None when they are not a period."""
    words = [_plain(a) for a in args]
    previous = bool(words) and words[-1] in PREVIOUS
    if previous:
        words = words[:-1]
    if len(words) > 1 or (words and words[0] not in WORDS):
        return None
    return (WORDS[words[0]] if words else default), previous


def _month_end(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def period_of(kind: Kind, day: date, *, previous: bool = False) -> Period:
    """The period of this kind that contains ``day`` (or the one just before it)."""
    if kind == "week":
        start = day - timedelta(days=day.weekday()) - timedelta(weeks=previous)
        end = start + timedelta(days=6)
        year, week, _ = start.isocalendar()
        return Period(kind, start, end, f"Tuần {week}/{year} ({start:%d/%m} – {end:%d/%m/%Y})")
    if kind == "month":
        year, month = day.year, day.month - previous
        if month == 0:
            year, month = year - 1, 12
        return Period(kind, date(year, month, 1), _month_end(year, month), f"Tháng {month:02d}/{year}")
    if kind == "quarter":
        year, quarter = day.year, (day.month - 1) // 3 - previous
        if quarter < 0:
            year, quarter = year - 1, 3
        first = 3 * quarter + 1
        return Period(kind, date(year, first, 1), _month_end(year, first + 2), f"Quý {ROMAN[quarter]}/{year}")
    year = day.year - previous
    return Period(kind, date(year, 1, 1), date(year, 12, 31), f"Năm {year}")
