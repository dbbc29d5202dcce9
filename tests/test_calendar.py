"""Vietnam's working calendar and the BLDS 2015 counting rules (dispatch.time.calendar)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from datetime import date, datetime
from importlib import resources

import pytest

from dispatch.errors import RulesError
from dispatch.time.calendar import (
    WorkCalendar,
    _parse_calendar_data,
    default_calendar,
    end_of_half,
    end_of_month,
    end_of_quarter,
    end_of_year,
)

D = date.fromisoformat
CAL = default_calendar()


@pytest.mark.parametrize(
    ("day", "working", "why"),
    [
        ("2025-01-01", False, "Tết Dương lịch"),
        ("2025-01-02", True, "ordinary Thursday"),
        ("2025-01-24", True, "last working day before Tết 2025"),
        ("2025-01-27", False, "Tết 2025: 28 tháng Chạp"),
        ("2025-01-29", False, "Tết 2025: mùng 1"),
        ("2025-01-31", False, "Tết 2025: mùng 3"),
        ("2025-02-03", True, "first working day after Tết 2025"),
        ("2025-04-07", False, "Giỗ Tổ Hùng Vương 2025"),
        ("2025-04-26", True, "Saturday swapped for 2/5/2025"),
        ("2025-04-27", False, "ordinary Sunday"),
        ("2025-04-30", False, "30/4"),
        ("2025-05-01", False, "1/5"),
        ("2025-05-02", False, "day off swapped from 26/4/2025"),
        ("2025-05-05", True, "back to work after 30/4-1/5 2025"),
        ("2025-09-01", False, "day adjacent to 2/9 in 2025"),
        ("2025-09-02", False, "Quốc khánh"),
        ("2025-09-03", True, "back to work after 2/9/2025"),
        ("2025-11-24", True, "Ngày Văn hóa Việt Nam is a holiday only from 2026"),
        ("2025-11-22", False, "ordinary Saturday"),
        ("2026-01-01", False, "Tết Dương lịch 2026"),
        ("2026-01-02", False, "swapped day off (12729/VPCP-KGVX), from calendar.toml"),
        ("2026-01-10", True, "Saturday worked for 2/1/2026, from calendar.toml"),
        ("2026-02-13", True, "last working day before Tết 2026"),
        ("2026-02-14", False, "Saturday at the start of Tết 2026"),
        ("2026-02-16", False, "Tết 2026: 29 tháng Chạp"),
        ("2026-02-17", False, "Tết 2026: mùng 1"),
        ("2026-02-20", False, "Tết 2026: mùng 4"),
        ("2026-02-23", True, "first working day after Tết 2026"),
        ("2026-04-27", False, "Giỗ Tổ 2026 falls on Sunday 26/4: day in lieu"),
        ("2026-04-30", False, "30/4/2026"),
        ("2026-05-01", False, "1/5/2026"),
        ("2026-08-22", True, "Saturday swapped for 31/8/2026"),
        ("2026-08-31", False, "day off swapped from 22/8/2026"),
        ("2026-09-01", False, "day adjacent to 2/9 in 2026"),
        ("2026-09-02", False, "Quốc khánh 2026"),
        ("2026-09-03", True, "back to work after 2/9/2026"),
        ("2026-11-24", False, "Ngày Văn hóa Việt Nam from 2026"),
        ("2024-04-29", False, "day off swapped from 4/5/2024"),
        ("2024-05-04", True, "Saturday swapped for 29/4/2024"),
    ],
)
def test_is_working_day(day: str, working: bool, why: str) -> None:
    assert CAL.is_working_day(D(day)) is working, why


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # "trong 05 ngày làm việc kể từ ngày nhận được văn bản", received 24/4/2025 (the acceptance case):
        # 25/4, Saturday 26/4 (swapped), 28/4, 29/4, then 30/4-4/5 off, 5/5.
        ("2025-04-24", 5, "2025-05-05"),
        ("2025-04-25", 1, "2025-04-26"),
        ("2025-11-20", 1, "2025-11-21"),
        ("2025-11-21", 1, "2025-11-24"),
        ("2025-11-22", 1, "2025-11-24"),
        ("2025-01-24", 1, "2025-02-03"),
        ("2026-02-13", 1, "2026-02-23"),
        ("2025-08-29", 1, "2025-09-03"),
        ("2026-11-23", 1, "2026-11-25"),
        ("2025-12-31", 1, "2026-01-05"),
        ("2026-01-09", 1, "2026-01-10"),
        ("2025-11-20", 10, "2025-12-04"),
        ("2025-11-22", 0, "2025-11-24"),
        ("2025-11-20", 0, "2025-11-20"),
        ("2025-05-05", -1, "2025-04-29"),
        ("2025-05-05", -5, "2025-04-24"),
    ],
)
def test_add_working_days(start: str, n: int, expected: str) -> None:
    assert CAL.add_working_days(D(start), n) == D(expected)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2025-11-20", 1, "2025-11-21"),
        ("2025-11-20", 3, "2025-11-24"),  # Sunday 23/11 -> Monday (Điều 148)
        ("2025-04-20", 10, "2025-05-05"),  # 30/4 -> after the 30/4-4/5 break
        ("2026-02-10", 7, "2026-02-23"),  # 17/2/2026 is mùng 1 Tết
        ("2025-08-22", 10, "2025-09-03"),  # 1/9/2025 -> after 2/9
        ("2026-11-14", 10, "2026-11-25"),  # 24/11/2026 is a holiday
        ("2026-01-01", 9, "2026-01-10"),  # the swapped Saturday is a working day
        ("2025-11-20", 0, "2025-11-20"),
        ("2025-05-05", -3, "2025-04-29"),  # counting back: off day -> previous working day
    ],
)
def test_add_days_moves_off_days_to_the_next_working_day(start: str, n: int, expected: str) -> None:
    assert CAL.add_days(D(start), n) == D(expected)


@pytest.mark.parametrize(
    ("day", "next_day", "previous_day"),
    [
        ("2025-11-20", "2025-11-20", "2025-11-20"),
        ("2025-11-22", "2025-11-24", "2025-11-21"),
        ("2025-04-30", "2025-05-05", "2025-04-29"),
        ("2026-02-17", "2026-02-23", "2026-02-13"),
        ("2025-04-26", "2025-04-26", "2025-04-26"),
    ],
)
def test_next_and_previous_working_day(day: str, next_day: str, previous_day: str) -> None:
    assert CAL.next_working_day(D(day)) == D(next_day)
    assert CAL.previous_working_day(D(day)) == D(previous_day)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2025-04-24", "2025-05-05", 5),
        ("2025-05-05", "2025-04-24", -5),
        ("2025-11-20", "2025-11-20", 0),
        ("2025-11-21", "2025-11-23", 0),
        ("2026-02-13", "2026-02-23", 1),
        ("2025-12-31", "2026-01-12", 7),  # 1/1, 2/1 off; 5-9/1, Saturday 10/1 and 12/1 worked
    ],
)
def test_working_days_between(a: str, b: str, expected: int) -> None:
    assert CAL.working_days_between(D(a), D(b)) == expected


@pytest.mark.parametrize("n", [1, 2, 5, 7, 15, 30, 60])
@pytest.mark.parametrize("start", ["2025-01-20", "2025-04-24", "2025-08-28", "2025-12-30", "2026-02-12"])
def test_working_days_between_inverts_add_working_days(start: str, n: int) -> None:
    end = CAL.add_working_days(D(start), n)
    assert CAL.is_working_day(end)
    assert CAL.working_days_between(D(start), end) == n


def test_packaged_announcements_change_what_the_holidays_package_says() -> None:
    bare = WorkCalendar()
    assert bare.is_working_day(D("2026-01-02")) and not CAL.is_working_day(D("2026-01-02"))
    assert not bare.is_working_day(D("2026-01-10")) and CAL.is_working_day(D("2026-01-10"))
    assert bare.add_working_days(D("2025-12-31"), 1) == D("2026-01-02")
    assert CAL.add_working_days(D("2025-12-31"), 1) == D("2026-01-05")


def test_every_packaged_entry_has_a_source_and_is_not_redundant() -> None:
    raw = resources.files("dispatch").joinpath("data").joinpath("calendar.toml").read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    bare = WorkCalendar()
    for entry in data.get("holiday", []):
        assert entry["note"].strip()
        assert bare.is_working_day(entry["date"]), f"{entry['date']} is already a day off: drop it"
    for entry in data.get("workday", []):
        assert entry["note"].strip()
        assert not bare.is_working_day(entry["date"]), f"{entry['date']} is already a workday: drop it"


def test_config_overrides_add_days_off_and_workdays() -> None:
    # A locally announced day off and a Sunday worked in exchange (as a deployment's config.toml would).
    local = CAL.with_overrides(extra_holidays=[D("2025-11-21")], extra_workdays=[D("2025-11-23")])
    assert not local.is_working_day(D("2025-11-21"))
    assert local.is_working_day(D("2025-11-23"))
    assert local.add_working_days(D("2025-11-20"), 1) == D("2025-11-23")
    assert local.add_days(D("2025-11-20"), 1) == D("2025-11-23")
    # The packaged announcements survive, and the base calendar is unchanged.
    assert not local.is_working_day(D("2026-01-02"))
    assert CAL.is_working_day(D("2025-11-21"))


def test_config_override_wins_over_a_packaged_announcement() -> None:
    cancelled = CAL.with_overrides(extra_workdays=[D("2026-01-02")], extra_holidays=[D("2026-01-10")])
    assert cancelled.is_working_day(D("2026-01-02"))
    assert not cancelled.is_working_day(D("2026-01-10"))


def test_an_override_can_reopen_a_package_holiday() -> None:
    assert WorkCalendar(extra_workdays=[D("2025-09-01")]).is_working_day(D("2025-09-01"))


def test_calendar_is_immutable_and_compares_by_value() -> None:
    a = WorkCalendar(extra_holidays=[D("2025-11-21")])
    assert a == WorkCalendar(extra_holidays={D("2025-11-21")})
    assert hash(a) == hash(WorkCalendar(extra_holidays=(D("2025-11-21"),)))
    assert a != WorkCalendar()
    with pytest.raises(AttributeError):
        a.extra_days = frozenset()  # type: ignore[attr-defined]
    assert default_calendar() is default_calendar()


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"extra_holidays": [D("2025-11-21")], "extra_workdays": [D("2025-11-21")]}, ValueError),
        ({"extra_holidays": [datetime(2025, 11, 21, 9, 0)]}, TypeError),  # noqa: DTZ001
        ({"extra_workdays": ["2025-11-22"]}, TypeError),
    ],
)
def test_bad_overrides_are_refused(kwargs: dict[str, list[object]], error: type[Exception]) -> None:
    with pytest.raises(error):
        WorkCalendar(**kwargs)  # type: ignore[arg-type]


def test_absurd_periods_are_refused_instead_of_looping() -> None:
    with pytest.raises(ValueError):
        CAL.add_working_days(D("2025-01-01"), 1_000_000)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("[[holiday]]\ndate = 2026-01-02\n", "note"),
        ('[[holiday]]\ndate = "2026-01-02"\nnote = "x"\n', "date"),
        ('[[workday]]\ndate = 2026-01-09\nnote = "a Friday"\n', "not a weekend"),
        ('[[holiday]]\ndate = 2026-01-03\nnote = "a Saturday"\n', "weekend"),
        ('[[holidays]]\ndate = 2026-01-02\nnote = "typo"\n', "unknown"),
        ("[[holiday]\n", "calendar.toml"),
        ('[[holiday]]\ndate = 2026-01-10\nnote = "x"\n', "weekend"),
    ],
)
def test_malformed_calendar_data_fails_at_load_time(raw: str, message: str) -> None:
    with pytest.raises(RulesError, match=message):
        _parse_calendar_data(raw)


def test_calendar_data_parses() -> None:
    off, on = _parse_calendar_data(
        '[[holiday]]\ndate = 2027-01-04\nnote = "n"\n[[workday]]\ndate = 2027-01-09\nnote = "n"\n'
    )
    assert (off, on) == ([D("2027-01-04")], [D("2027-01-09")])


@pytest.mark.parametrize(
    ("got", "expected"),
    [
        (end_of_month(2023, 10), "2023-10-31"),
        (end_of_month(2024, 2), "2024-02-29"),
        (end_of_month(2025, 2), "2025-02-28"),
        (end_of_month(2025, 4), "2025-04-30"),
        (end_of_month(2025, 12), "2025-12-31"),
        (end_of_quarter(2025, 1), "2025-03-31"),
        (end_of_quarter(2024, 3), "2024-09-30"),
        (end_of_quarter(2021, 4), "2021-12-31"),
        (end_of_half(2022, 1), "2022-06-30"),
        (end_of_half(2022, 2), "2022-12-31"),
        (end_of_year(2021), "2021-12-31"),
    ],
)
def test_period_ends(got: date, expected: str) -> None:
    assert got == D(expected)


@pytest.mark.parametrize(
    "call",
    [
        lambda: end_of_month(2025, 13),
        lambda: end_of_month(2025, 0),
        lambda: end_of_quarter(2025, 5),
        lambda: end_of_half(2025, 3),
    ],
)
def test_period_out_of_range(call: object) -> None:
    with pytest.raises(ValueError):
        call()  # type: ignore[operator]


def test_importing_calendar_and_userdates_stays_light() -> None:
    code = (
        "import sys, dispatch.time.calendar, dispatch.user.userdates\n"
        "bad = {'telegram', 'sqlmodel', 'httpx', 'apscheduler'} & {m.split('.')[0] for m in sys.modules}\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
