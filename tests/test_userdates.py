"""Deadlines typed by officials in Telegram (dispatch.user.userdates.parse_user_deadline)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from dispatch.time.calendar import VN_TZ, WorkCalendar, default_calendar
from dispatch.user.userdates import _fold, parse_user_deadline
from dispatch.user.userrules import RULES
from dispatch.user.userrules import match_rule as _match_rule

D = date.fromisoformat
CAL = default_calendar()
# Thursday 20/11/2025, 10:00 in Hà Nội.
NOW = datetime(2025, 11, 20, 10, 0, tzinfo=VN_TZ)


def parse(text: str, now: datetime = NOW, calendar: WorkCalendar = CAL) -> tuple[date, time | None] | None:
    return parse_user_deadline(text, now=now, calendar=calendar)


@pytest.mark.parametrize(
    ("text", "day", "at"),
    [
        # explicit dates
        ("25/12", "2025-12-25", None),
        ("25/12/2026", "2026-12-25", None),
        ("25-12-2026", "2026-12-25", None),
        ("25.12.2026", "2026-12-25", None),
        ("25/12/26", "2026-12-25", None),
        ("ngày 25 tháng 12 năm 2026", "2026-12-25", None),
        ("Ngày 25 tháng 12", "2025-12-25", None),
        ("ngày 25/12", "2025-12-25", None),
        ("20/11", "2025-11-20", None),  # today is still allowed
        ("10/11", "2026-11-10", None),  # already past this year: next year's
        ("15/01", "2026-01-15", None),
        ("hạn: 25/12", "2025-12-25", None),
        ("trước ngày 25/12/2025", "2025-12-25", None),
        ("đến hết ngày 25/12", "2025-12-25", None),
        ("25/12 nhé", "2025-12-25", None),
        ("  25 / 12 / 2026 ", "2026-12-25", None),
        ("ngày 25", "2025-11-25", None),
        ("ngày 5", "2025-12-05", None),
        ("mùng 1", "2025-12-01", None),
        ("Thứ Sáu, 28/11", "2025-11-28", None),  # a weekday that agrees with the date
        ("thứ sáu ngày 28 tháng 11", "2025-11-28", None),
        # with a time of day
        ("17h 30/11", "2025-11-30", "17:00"),
        ("17:00 30/11/2026", "2026-11-30", "17:00"),
        ("17h ngày 30/11", "2025-11-30", "17:00"),
        ("30/11 lúc 17h30", "2025-11-30", "17:30"),
        ("trước 17 giờ ngày 15/12/2025", "2025-12-15", "17:00"),
        ("15 giờ 30 phút ngày 1/12", "2025-12-01", "15:30"),
        ("8g30 25/11", "2025-11-25", "08:30"),
        ("9h sáng mai", "2025-11-21", "09:00"),
        ("5h chiều mai", "2025-11-21", "17:00"),
        ("chiều mai 5h", "2025-11-21", "17:00"),
        ("8h tối nay", "2025-11-20", "20:00"),
        ("11h đêm nay", "2025-11-20", "23:00"),
        ("1h trưa mai", "2025-11-21", "13:00"),
        ("17h", "2025-11-20", "17:00"),
        ("3 tiếng nữa", "2025-11-20", "13:00"),
        ("sau 2 giờ", "2025-11-20", "12:00"),
        # named days
        ("hôm nay", "2025-11-20", None),
        ("ngày mai", "2025-11-21", None),
        ("mai", "2025-11-21", None),
        ("Mai", "2025-11-21", None),
        ("ngày kia", "2025-11-22", None),
        ("ngày mốt", "2025-11-22", None),
        # weekdays (today is Thursday)
        ("thứ 6", "2025-11-21", None),
        ("thứ sáu", "2025-11-21", None),
        ("T6", "2025-11-21", None),
        ("thứ năm", "2025-11-20", None),  # the nearest Thursday is today
        ("thứ năm tới", "2025-11-27", None),  # "tới": the coming one, not today
        ("thứ hai", "2025-11-24", None),
        ("thứ 2 tới", "2025-11-24", None),
        ("thứ sáu tuần này", "2025-11-21", None),
        ("thứ sáu tuần sau", "2025-11-28", None),
        ("thứ 6 tuần tới", "2025-11-28", None),
        ("thứ tư tuần sau", "2025-11-26", None),
        ("chủ nhật", "2025-11-23", None),
        ("CN", "2025-11-23", None),
        # counted periods: calendar days move off a day off (Điều 148), working days skip them
        ("3 ngày nữa", "2025-11-24", None),  # Sunday 23/11 -> Monday
        ("sau 1 ngày", "2025-11-21", None),
        ("trong 10 ngày", "2025-12-01", None),  # 30/11 is a Sunday
        ("ba ngày nữa", "2025-11-24", None),
        ("5 ngày làm việc", "2025-11-27", None),
        ("trong 05 ngày làm việc", "2025-11-27", None),
        ("10 ngày làm việc", "2025-12-04", None),
        ("2 tuần nữa", "2025-12-04", None),
        ("1 tháng nữa", "2025-12-22", None),  # 20/12 is a Saturday
        # periods end on their last day
        ("cuối tuần", "2025-11-21", None),  # last working day of this week
        ("tuần sau", "2025-11-28", None),
        ("cuối tuần sau", "2025-11-28", None),
        ("cuối tháng", "2025-11-30", None),
        ("trong tháng", "2025-11-30", None),
        ("cuối tháng sau", "2025-12-31", None),
        ("tháng sau", "2025-12-31", None),
        ("trong tháng 12", "2025-12-31", None),
        ("tháng 3", "2026-03-31", None),
        ("tháng 10/2026", "2026-10-31", None),
        ("tháng 2 năm 2028", "2028-02-29", None),
        ("cuối quý", "2025-12-31", None),
        ("quý sau", "2026-03-31", None),
        ("quý III/2026", "2026-09-30", None),
        ("trong quý 1", "2026-03-31", None),
        ("6 tháng đầu năm", "2026-06-30", None),
        ("6 tháng cuối năm", "2025-12-31", None),
        ("cuối năm", "2025-12-31", None),
        ("năm sau", "2026-12-31", None),
        ("trong năm 2026", "2026-12-31", None),
        # typed without diacritics, as many people do on a phone
        ("thu 6 tuan sau", "2025-11-28", None),
        ("ngay mai", "2025-11-21", None),
        ("cuoi thang", "2025-11-30", None),
        ("5 ngay lam viec", "2025-11-27", None),
        ("chu nhat", "2025-11-23", None),
        # dateparser fallback, for what no rule claims
        ("25 tháng mười hai", "2025-12-25", None),
    ],
)
def test_parses_what_officials_type(text: str, day: str, at: str | None) -> None:
    expected_time = time.fromisoformat(at) if at else None
    assert parse(text) == (D(day), expected_time)


@pytest.mark.parametrize(
    "text",
    [
        "31/02",  # no such day
        "31/02/2026",
        "30/2",
        "32/1",
        "25/13",
        "0/5",
        "12/6/20201",  # a typo in the year is never repaired
        "ngày 12/6/20201",
        "25/12/2037",  # more than ten years ahead
        "trong năm 2040",
        "10/11/2025",  # in the past
        "19/11/2025",
        "hôm qua",
        "thứ tư tuần này",  # yesterday
        "8h",  # earlier today
        "9h hôm nay",
        "24h 30/11",
        "17h61 30/11",
        "15h sáng mai",  # contradiction
        "12/2026",  # month/year without a day: ambiguous
        "5",
        "2025",
        "",
        "   ",
        "abc",
        "xyz 25/12",  # unexplained words around a date
        "25/12 hoặc 26/12",
        "17h 18h 30/11",
        "quý 5",
        "thứ 5 28/11",  # 28/11/2025 is a Friday: which one did they mean?
        "tháng mười hai",  # dateparser would borrow today's day (20/12)
        "3 giờ",  # 03:00 today has passed
        "tháng 13",
        "100000 ngày nữa",
    ],
)
def test_refuses_unclear_past_or_invalid_dates(text: str) -> None:
    assert parse(text) is None


@pytest.mark.parametrize(
    ("text", "now", "day"),
    [
        # received 24/4/2025: 25/4, Saturday 26/4 (swapped), 28/4, 29/4, then the 30/4-4/5 break
        ("5 ngày làm việc", datetime(2025, 4, 24, 9, 0, tzinfo=VN_TZ), "2025-05-05"),
        ("cuối tuần", datetime(2025, 4, 24, 9, 0, tzinfo=VN_TZ), "2025-04-26"),  # swapped Saturday works
        ("3 ngày nữa", datetime(2026, 2, 13, 9, 0, tzinfo=VN_TZ), "2026-02-23"),  # 16/2 is in Tết
        ("1 ngày làm việc", datetime(2025, 1, 24, 9, 0, tzinfo=VN_TZ), "2025-02-03"),  # over Tết 2025
        ("2 ngày", datetime(2025, 8, 30, 9, 0, tzinfo=VN_TZ), "2025-09-03"),  # 1/9, 2/9 off
        ("1 ngày làm việc", datetime(2025, 12, 31, 9, 0, tzinfo=VN_TZ), "2026-01-05"),  # 2/1/2026 swapped off
        ("2 ngày làm việc", datetime(2026, 11, 20, 9, 0, tzinfo=VN_TZ), "2026-11-25"),  # 24/11/2026 holiday
        ("25/12", datetime(2025, 12, 25, 9, 0, tzinfo=VN_TZ), "2025-12-25"),
        ("30/4", datetime(2025, 5, 10, 9, 0, tzinfo=VN_TZ), "2026-04-30"),
        ("29/2", datetime(2027, 3, 1, 9, 0, tzinfo=VN_TZ), "2028-02-29"),
        ("thứ 6", datetime(2025, 11, 21, 9, 0, tzinfo=VN_TZ), "2025-11-21"),
        ("thứ 6 tới", datetime(2025, 11, 21, 9, 0, tzinfo=VN_TZ), "2025-11-28"),
        ("cuối tháng", datetime(2024, 2, 10, 9, 0, tzinfo=VN_TZ), "2024-02-29"),
        ("cuối quý", datetime(2025, 4, 1, 9, 0, tzinfo=VN_TZ), "2025-06-30"),
        ("tháng sau", datetime(2025, 12, 5, 9, 0, tzinfo=VN_TZ), "2026-01-31"),
        ("1 tháng nữa", datetime(2025, 1, 31, 9, 0, tzinfo=VN_TZ), "2025-02-28"),  # no 31/2: last day
        ("hôm nay", datetime(2025, 11, 20, 18, 0, tzinfo=UTC), "2025-11-21"),  # 01:00 on 21/11 in Vietnam
    ],
)
def test_relative_forms_count_from_now_with_the_calendar(text: str, now: datetime, day: str) -> None:
    result = parse(text, now=now)
    assert result is not None and result[0] == D(day)


def test_year_less_date_that_does_not_exist_soon_is_refused() -> None:
    assert parse("29/2", now=datetime(2025, 3, 1, 9, 0, tzinfo=VN_TZ)) is None


def test_cuoi_tuan_on_a_weekend_is_refused_not_moved_back() -> None:
    assert parse("cuối tuần", now=datetime(2025, 11, 22, 9, 0, tzinfo=VN_TZ)) is None


def test_time_later_today_is_kept_and_earlier_is_refused() -> None:
    now = datetime(2025, 11, 30, 16, 0, tzinfo=VN_TZ)
    assert parse("17h 30/11", now=now) == (D("2025-11-30"), time(17, 0))
    assert parse("15h 30/11", now=now) is None


def test_config_override_changes_working_day_counting() -> None:
    local = CAL.with_overrides(extra_holidays=[D("2025-11-21")])
    assert parse("1 ngày làm việc", calendar=CAL) == (D("2025-11-21"), None)
    assert parse("1 ngày làm việc", calendar=local) == (D("2025-11-24"), None)
    assert parse("ngày mai", calendar=local) == (D("2025-11-21"), None)  # a named day is never moved


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        parse_user_deadline("25/12", now=datetime(2025, 11, 20, 10, 0), calendar=CAL)  # noqa: DTZ001


@pytest.mark.parametrize(("rule", "example"), [(r, e) for r in RULES for e in r.examples])
def test_every_rule_accepts_its_own_examples(rule: object, example: str) -> None:
    from dispatch.user.userrules import RuleContext as _Ctx

    claimed = _match_rule(" ".join(_fold(example).split()), _Ctx(NOW.date(), CAL))
    assert claimed is not None and claimed[0] == rule.name  # type: ignore[attr-defined]
    assert parse(example) is not None
