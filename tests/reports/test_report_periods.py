"""Reporting periods as offices name them, and what people type after /baocao or /thongke."""

from __future__ import annotations

from datetime import date

import pytest

from reports.periods import parse_period, period_of

CASES = [  # (kind, day, previous, start, end, label)
    ("week", date(2026, 3, 18), False, date(2026, 3, 16), date(2026, 3, 22), "Tuần 12/2026 (16/03 – 22/03/2026)"),
    ("week", date(2026, 1, 1), True, date(2025, 12, 22), date(2025, 12, 28), "Tuần 52/2025 (22/12 – 28/12/2025)"),
    ("month", date(2026, 3, 18), False, date(2026, 3, 1), date(2026, 3, 31), "Tháng 03/2026"),
    ("month", date(2026, 3, 18), True, date(2026, 2, 1), date(2026, 2, 28), "Tháng 02/2026"),
    ("month", date(2026, 1, 5), True, date(2025, 12, 1), date(2025, 12, 31), "Tháng 12/2025"),
    ("month", date(2024, 2, 10), False, date(2024, 2, 1), date(2024, 2, 29), "Tháng 02/2024"),
    ("quarter", date(2026, 3, 18), False, date(2026, 1, 1), date(2026, 3, 31), "Quý I/2026"),
    ("quarter", date(2026, 3, 18), True, date(2025, 10, 1), date(2025, 12, 31), "Quý IV/2025"),
    ("quarter", date(2026, 8, 1), False, date(2026, 7, 1), date(2026, 9, 30), "Quý III/2026"),
    ("year", date(2026, 3, 18), True, date(2025, 1, 1), date(2025, 12, 31), "Năm 2025"),
]


@pytest.mark.parametrize(("kind", "day", "previous", "start", "end", "label"), CASES)
def test_period_of(kind: str, day: date, previous: bool, start: date, end: date, label: str) -> None:
    period = period_of(kind, day, previous=previous)  # type: ignore[arg-type]
    assert (period.start, period.end, period.label) == (start, end, label)
    assert day in period_of(kind, day)  # type: ignore[arg-type]


@pytest.mark.parametrize(("args", "expected"), [
    ([], ("month", False)), (["tuần"], ("week", False)), (["TUAN"], ("week", False)), (["Tháng"], ("month", False)),
    (["quý"], ("quarter", False)), (["năm"], ("year", False)), (["tháng", "trước"], ("month", True)),
    (["trước"], ("month", True)), (["tuan", "qua"], ("week", True)),
    (["ngày"], None), (["tháng", "tuần"], None), (["3"], None),
])
def test_parse_period(args: list[str], expected: tuple[str, bool] | None) -> None:
    assert parse_period(args) == expected
