"""One rule for the next occurrence: for every recurrence form, extraction, the card and the scheduler agree.

Each row is a phrase of a dispatch, its issue date, and the next two occurrences an official would name.
Extraction dates the task at the first; the card says that date; saved, the task is reminded on it and,
the day after, the scheduler's tick rolls it to the second, the date extraction gives when the same
dispatch is issued on the first, and the card says that one too. SQLite and PostgreSQL (DONDOC_TEST_DATABASE_URL).
"""

from __future__ import annotations

import sys
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from dbfixture import add_tasks, vn
from fakesender import FakeSender
from sqlalchemy import Engine

from dispatch import extract
from dispatch.model import Task as FoundTask
from dispatch.time.calendar import WorkCalendar
from handlers.format import day_vi, deadline_vi
from scheduler.delivery import tick
from storage import Session
from storage.models import Task

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "dispatch"))
from dispatch_helpers import dispatch_with

FORMS = [
    # (phrase, issued, first, second, code, hour)
    ("báo cáo tình hình hằng ngày, trước 16 giờ", "2025-11-18", "2025-11-19", "2025-11-20", "daily", time(16)),
    ("báo cáo tình hình trước 16 giờ hằng ngày", "2025-11-21", "2025-11-22", "2025-11-23", "daily", time(16)),
    ("gửi báo cáo tuần vào thứ Sáu hằng tuần", "2025-11-18", "2025-11-21", "2025-11-28", "weekly:FRI", None),
    ("gửi báo cáo trước ngày 20 hằng tháng", "2025-11-18", "2025-11-20", "2025-12-20", "monthly:20", None),
    ("gửi báo cáo trước ngày 31 hằng tháng", "2026-01-31", "2026-02-28", "2026-03-31", "monthly:31", None),
    ("gửi báo cáo quý trước ngày 31 của tháng cuối quý", "2025-04-02", "2025-06-30", "2025-09-30",
     "quarterly:31", None),
    ("gửi báo cáo trước ngày 15 tháng cuối của mỗi 6 tháng", "2025-07-01", "2025-12-15", "2026-06-15",
     "half_yearly:15", None),
    ("tổng kết công tác trước ngày 15/12 hằng năm", "2025-11-18", "2025-12-15", "2026-12-15", "yearly:12-15", None),
    ("rà soát danh sách trước ngày 29/2 hằng năm", "2025-01-01", "2025-02-28", "2026-02-28", "yearly:02-29", None),
]


def _issued(d: date) -> str:
    return f"ngày {d.day} tháng {d.month} năm {d.year}"


def extracted(phrase: str, issued: date) -> FoundTask:
    """The one task Sở Y tế gets from a dispatch of `issued` that says `phrase`."""
    result = extract(dispatch_with(f"Giao Sở Y tế {phrase}.", issued=_issued(issued)), agency="Sở Y tế")
    [task] = result.tasks
    return task


@pytest.mark.parametrize(("phrase", "issued", "first", "second", "code", "hour"), FORMS,
                         ids=[row[4] for row in FORMS])
async def test_extraction_card_and_scheduler_give_the_same_next_date(
    engine: Engine, calendar: WorkCalendar, phrase: str, issued: str, first: str, second: str, code: str,
    hour: time | None,
) -> None:
    day0, day1, day2 = (date.fromisoformat(x) for x in (issued, first, second))
    task = extracted(phrase, day0)
    assert task.recurrence is not None and task.recurrence.code == code
    assert (task.deadline, task.deadline_time) == (day1, hour)
    shown = deadline_vi(task)
    assert f"kỳ tới: {day_vi(day1)}" in shown and "daily" not in shown and "/)" not in shown

    with Session(engine) as s:
        [saved] = add_tasks(s, chat_id=-1, tasks=[task], now=vn(day0.year, day0.month, day0.day, 9),
                            calendar=calendar)
        task_id = saved.id
    sender = FakeSender()
    await tick(engine=engine, sender=sender, now=vn(day1.year, day1.month, day1.day, 23, 59), calendar=calendar,
               instance_id="a")
    assert any("Giao Sở Y tế" in m.html for m in sender.to(-1)), "reminded of the occurrence by its day"
    after = day1 + timedelta(days=1)
    await tick(engine=engine, sender=sender, now=vn(after.year, after.month, after.day, 0, 0), calendar=calendar,
               instance_id="a")
    with Session(engine) as s:
        rolled = s.get(Task, task_id)
        assert rolled is not None and rolled.status == "open"
        assert rolled.deadline == day2, "the scheduler rolls to the occurrence after"
        assert rolled.recurrence == task.recurrence
        assert f"kỳ tới: {day_vi(day2)}" in deadline_vi(rolled)
    assert extracted(phrase, day1).deadline == day2, "extraction issued on the occurrence names the same next one"
