"""How /them and «➕ Thêm việc» split what a person typed into the task and its deadline."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from dispatch.time.calendar import VN_TZ, default_calendar
from handlers.adding import read_typed

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)  # a Monday
CASES = [
    # (typed, task text, deadline, time, unreadable)
    ("Gửi báo cáo quý hạn 25/12", "Gửi báo cáo quý", date(2026, 12, 25), None, None),
    ("Gửi báo cáo quý, hạn: 25/12", "Gửi báo cáo quý", date(2026, 12, 25), None, None),
    ("Họp giao ban han thu sau", "Họp giao ban", date(2026, 3, 6), None, None),
    ("Nộp hồ sơ hạn 17h 10/3", "Nộp hồ sơ", date(2026, 3, 10), time(17, 0), None),
    ("Gia hạn giấy phép hạn 3 ngày nữa", "Gia hạn giấy phép", date(2026, 3, 5), None, None),
    ("Rà soát đề nghị gia hạn giấy phép", "Rà soát đề nghị gia hạn giấy phép", None, None, None),
    ("Báo cáo UBND tỉnh trước ngày 20/3/2026", "Báo cáo UBND tỉnh trước ngày 20/3/2026", date(2026, 3, 20), None,
     None),
    ("Nộp hồ sơ hạn 31/02", "Nộp hồ sơ hạn 31/02", None, None, "31/02"),
    ("Nộp hồ sơ hạn 01/01/2020", "Nộp hồ sơ hạn 01/01/2020", None, None, "01/01/2020"),  # never in the past
    ("hạn 25/12", "", date(2026, 12, 25), None, None),
]


@pytest.mark.parametrize(("said", "text", "deadline", "at", "unreadable"), CASES, ids=[c[0] for c in CASES])
def test_read_typed(said: str, text: str, deadline: date | None, at: time | None, unreadable: str | None) -> None:
    got = read_typed(said, now=NOW, calendar=default_calendar())
    assert (got.text, got.deadline, got.deadline_time, got.unreadable) == (text, deadline, at, unreadable)
