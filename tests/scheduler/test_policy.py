"""Reminder policy, table-driven: working days, holidays, swapped days, recurrence, late saves."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from dispatch.time.calendar import VN_TZ, default_calendar
from dispatch.time.recurrence import Recurrence
from storage.policy import ChatSettings, TaskSchedule, next_occurrence, next_round, plan_reminders

CAL = default_calendar()
DEFAULT = ChatSettings()


def at(s: str, hhmm: str = "08:00") -> datetime:
    return datetime.combine(date.fromisoformat(s), time.fromisoformat(hhmm), tzinfo=VN_TZ)


def plan(deadline: str | None, now: datetime, settings: ChatSettings = DEFAULT, **kw: object) -> list[tuple]:
    task = TaskSchedule(deadline=date.fromisoformat(deadline) if deadline else None, **kw)  # type: ignore[arg-type]
    return [
        (p.kind, p.days, p.due_at.astimezone(VN_TZ).strftime("%Y-%m-%d %H:%M"))
        for p in plan_reminders(task, settings=settings, calendar=CAL, now=now)
    ]


CASES = [
    # (name, deadline, now, expected [(kind, days, local time)])
    (
        "ordinary week",
        "2024-11-29",
        at("2024-11-01", "00:00"),
        [
            ("before", 7, "2024-11-20 08:00"),
            ("before", 3, "2024-11-26 08:00"),
            ("before", 1, "2024-11-28 08:00"),
            ("due", 0, "2024-11-29 08:00"),
            ("overdue", 3, "2024-12-02 08:00"),
        ],
    ),
    (
        "Tết 2025 skipped",
        "2025-02-05",
        at("2025-01-01"),
        [
            ("before", 7, "2025-01-20 08:00"),
            ("before", 3, "2025-01-24 08:00"),
            ("before", 1, "2025-02-04 08:00"),
            ("due", 0, "2025-02-05 08:00"),
            ("overdue", 1, "2025-02-06 08:00"),
        ],
    ),
    (
        "30/4-1/5 and 2/5/2025 off, Saturday 26/4 swapped in",
        "2025-05-02",
        at("2025-04-01"),
        [
            ("before", 7, "2025-04-22 08:00"),
            ("before", 3, "2025-04-26 08:00"),
            ("due", 0, "2025-04-29 08:00"),
            ("overdue", 3, "2025-05-05 08:00"),
        ],
    ),
    (
        "2/9/2025 on a holiday: due moves to Friday",
        "2025-09-02",
        at("2025-08-01"),
        [
            ("before", 7, "2025-08-21 08:00"),
            ("before", 3, "2025-08-27 08:00"),
            ("due", 0, "2025-08-29 08:00"),
            ("overdue", 1, "2025-09-03 08:00"),
        ],
    ),
    (
        "New Year 2026 swap: 2/1 off, Saturday 10/1 working",
        "2026-01-12",
        at("2025-12-01"),
        [
            ("before", 7, "2025-12-31 08:00"),
            ("before", 3, "2026-01-08 08:00"),
            ("before", 1, "2026-01-10 08:00"),
            ("due", 0, "2026-01-12 08:00"),
            ("overdue", 1, "2026-01-13 08:00"),
        ],
    ),
    (
        "weekend deadline: due on Friday, 1-before merged",
        "2024-11-30",
        at("2024-11-01"),
        [
            ("before", 7, "2024-11-21 08:00"),
            ("before", 3, "2024-11-27 08:00"),
            ("due", 0, "2024-11-29 08:00"),
            ("overdue", 2, "2024-12-02 08:00"),
        ],
    ),
    (
        "saved late: the reminders of earlier days are not sent",
        "2024-11-29",
        at("2024-11-27", "09:00"),
        [
            ("before", 1, "2024-11-28 08:00"),
            ("due", 0, "2024-11-29 08:00"),
            ("overdue", 3, "2024-12-02 08:00"),
        ],
    ),
    (
        "saved on the deadline day after the send time: today's reminder, at once",
        "2024-11-29",
        at("2024-11-29", "10:00"),
        [("due", 0, "2024-11-29 08:00"), ("overdue", 3, "2024-12-02 08:00")],
    ),
    (
        "saved the day before after the send time: the day-before reminder at once",
        "2024-11-29",
        at("2024-11-28", "15:00"),
        [("before", 1, "2024-11-28 08:00"), ("due", 0, "2024-11-29 08:00"), ("overdue", 3, "2024-12-02 08:00")],
    ),
    (
        "already overdue, saved before the round: today",
        "2024-11-20",
        at("2024-11-25", "07:00"),
        [("overdue", 5, "2024-11-25 08:00")],
    ),
    (
        "already overdue, saved after the round: next working day",
        "2024-11-20",
        at("2024-11-25", "09:00"),
        [("overdue", 6, "2024-11-26 08:00")],
    ),
    (
        "already overdue, saved on Saturday: Monday",
        "2024-11-20",
        at("2024-11-23", "09:00"),
        [("overdue", 5, "2024-11-25 08:00")],
    ),
    ("no date", None, at("2024-11-01"), []),
]


@pytest.mark.parametrize(("name", "deadline", "now", "expected"), CASES, ids=[c[0] for c in CASES])
def test_plan(name: str, deadline: str | None, now: datetime, expected: list[tuple]) -> None:
    assert plan(deadline, now) == expected


def test_custom_settings() -> None:
    settings = ChatSettings(days_before=(5, 2), send_at=time(7, 30))
    assert plan("2024-11-29", at("2024-11-01"), settings) == [
        ("before", 5, "2024-11-22 07:30"),
        ("before", 2, "2024-11-27 07:30"),
        ("due", 0, "2024-11-29 07:30"),
        ("overdue", 3, "2024-12-02 07:30"),
    ]


@pytest.mark.parametrize(
    ("settings", "kw", "expected_kinds"),
    [
        (ChatSettings(remind_collective=False), {"role": "all"}, []),
        (
            ChatSettings(remind_collective=True),
            {"role": "all"},
            ["before", "before", "before", "due", "overdue"],
        ),
        (
            ChatSettings(remind_collective=False),
            {"role": "lead"},
            ["before", "before", "before", "due", "overdue"],
        ),
        (DEFAULT, {"ongoing": True}, []),
        (DEFAULT, {"status": "done"}, []),
    ],
)
def test_who_is_reminded(settings: ChatSettings, kw: dict[str, object], expected_kinds: list[str]) -> None:
    assert [k for k, _, _ in plan("2024-11-29", at("2024-11-01"), settings, **kw)] == expected_kinds


def test_recurring_gets_a_roll_marker_not_overdue_alerts() -> None:
    assert plan("2024-12-20", at("2024-12-01"), recurrence=Recurrence("monthly", day=20)) == [
        ("before", 7, "2024-12-11 08:00"),
        ("before", 3, "2024-12-17 08:00"),
        ("before", 1, "2024-12-19 08:00"),
        ("due", 0, "2024-12-20 08:00"),
        ("recurring", 0, "2024-12-21 00:00"),
    ]


@pytest.mark.parametrize(
    ("recurrence", "start", "expected"),
    [
        ("monthly:20", "2024-12-21", ("2025-01-20", None)),
        ("monthly:20", "2024-12-20", ("2024-12-20", None)),
        ("monthly:31", "2025-02-01", ("2025-02-28", None)),
        ("weekly:FRI", "2024-11-29", ("2024-11-29", None)),
        ("weekly:FRI", "2024-11-30", ("2024-12-06", None)),
        ("weekly:THU 08:00", "2024-11-29", ("2024-12-05", "08:00")),
        ("weekly:thu 17:00", "2024-12-05", ("2024-12-05", "17:00")),
        ("yearly:11-20", "2024-11-21", ("2025-11-20", None)),
        ("yearly:02-29", "2025-01-01", ("2025-02-28", None)),
        ("quarterly:15", "2024-11-16", ("2024-12-15", None)),
        ("quarterly:15", "2024-12-16", ("2025-03-15", None)),
        ("quarterly:31", "2025-04-02", ("2025-06-30", None)),
        ("half_yearly:31", "2025-07-01", ("2025-12-31", None)),
        ("half_yearly:15", "2025-06-16", ("2025-12-15", None)),
        ("daily", "2024-12-16", ("2024-12-16", None)),
        ("daily 16:00", "2024-12-16", ("2024-12-16", "16:00")),
        ("monthly", "2024-12-16", None),
        ("daily:1", "2024-12-16", None),
        ("monthly:x", "2024-12-16", None),
    ],
)
def test_next_occurrence(recurrence: str, start: str, expected: tuple[str, str | None] | None) -> None:
    rule = Recurrence.parse(recurrence)
    got = None if rule is None else next_occurrence(rule, date.fromisoformat(start))
    if expected is None:
        assert got is None
    else:
        assert got == (
            date.fromisoformat(expected[0]),
            time.fromisoformat(expected[1]) if expected[1] else None,
        )


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at("2024-11-25", "07:59"), "2024-11-25 08:00"),
        (at("2024-11-25", "08:00"), "2024-11-25 08:00"),
        (at("2024-11-25", "08:01"), "2024-11-26 08:00"),
        (at("2024-11-29", "12:00"), "2024-12-02 08:00"),
        (at("2025-01-24", "12:00"), "2025-02-03 08:00"),
    ],
)
def test_next_round(now: datetime, expected: str) -> None:
    got = next_round(now, settings=DEFAULT, calendar=CAL)
    assert got.astimezone(VN_TZ).strftime("%Y-%m-%d %H:%M") == expected


SAVED = at("2026-03-02", "09:00")
URGENT_CASES = [
    # (name, deadline, kw, now, the "urgent" reminders expected)
    ("Hỏa tốc due at 16:00 the day it is saved", "2026-03-02", {"deadline_time": time(16, 0)}, SAVED,
     [("urgent", 0, "2026-03-02 09:00"), ("urgent", 0, "2026-03-02 14:00")]),
    ("planned again at noon: the saving moment is past, 14:00 stays", "2026-03-02", {"deadline_time": time(16, 0)},
     at("2026-03-02", "12:00"), [("urgent", 0, "2026-03-02 14:00")]),
    ("due within two hours: at saving only", "2026-03-02", {"deadline_time": time(10, 30)}, SAVED,
     [("urgent", 0, "2026-03-02 09:00")]),
    ("due that day without an hour: at saving only", "2026-03-02", {}, SAVED, [("urgent", 0, "2026-03-02 09:00")]),
    ("Hỏa tốc due tomorrow: the ordinary plan", "2026-03-03", {"deadline_time": time(16, 0)}, SAVED, []),
    ("Thượng khẩn the same day: the ordinary plan", "2026-03-02", {"deadline_time": time(16, 0),
                                                                   "urgency": "thuong_khan"}, SAVED, []),
    ("a collective task the chat is not reminded of", "2026-03-02", {"role": "all"}, SAVED, []),
]


@pytest.mark.parametrize(("name", "deadline", "kw", "now", "expected"), URGENT_CASES,
                         ids=[c[0] for c in URGENT_CASES])
def test_a_same_day_hoa_toc_task_is_reminded_when_saved_and_two_hours_before(
        name: str, deadline: str, kw: dict[str, object], now: datetime, expected: list[tuple]) -> None:
    settings = ChatSettings(remind_collective=False)
    options = {"urgency": "hoa_toc", "saved_at": SAVED, **kw}
    got = plan(deadline, now, settings, **options)
    assert [p for p in got if p[0] == "urgent"] == expected
    ordinary = plan(deadline, now, settings, **{**options, "urgency": None})
    assert [p for p in got if p[0] != "urgent"] == ordinary, "the ordinary reminders are kept as they were"
