"""Deadlines in Vietnamese form, and every rendering staying valid Telegram HTML within 4096 characters."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from fakebot import parse_html

from bot.clock import VN_TZ
from dispatch.model import Extraction, Task
from handlers import cards, confirm, reminders
from handlers.deps import Draft
from handlers.format import deadline_vi, fit
from scheduler.digest import split_html


@pytest.mark.parametrize(("task", "expected"), [
    (Task("x", deadline=date(2021, 7, 25)), "Chủ Nhật, 25/07/2021"),
    (Task("x", deadline=date(2021, 7, 23)), "Thứ Sáu, 23/07/2021"),
    (Task("x", deadline=date(2025, 10, 15), deadline_time=time(17, 0)), "17:00 15/10/2025"),
    (Task("x", recurrence="monthly:20"), "hằng tháng, trước ngày 20"),
    (Task("x", recurrence="weekly:FRI"), "hằng tuần, thứ sáu"),
    (Task("x", recurrence="weekly:THU 08:00"), "hằng tuần, 08:00 thứ năm"),
    (Task("x", recurrence="yearly:11-20"), "hằng năm, trước ngày 20/11"),
    (Task("x", recurrence="weekly:FRI", deadline_time=time(17, 0)), "hằng tuần, thứ sáu, trước 17:00"),
    (Task("x", relative="3 days from an event: kể từ ngày kết thúc đợt kiểm tra"),
     "3 ngày kể từ ngày kết thúc đợt kiểm tra (chưa rõ ngày, hãy sửa hạn)"),
    (Task("x", relative="5 working days from receipt"), "5 ngày làm việc kể từ ngày nhận văn bản"),
    (Task("x", relative="5 days before an event: tổ chức"), "5 ngày trước khi tổ chức (chưa rõ ngày, hãy sửa hạn)"),
    (Task("x", ongoing=True), "thường xuyên"),
    (Task("x"), "chưa có hạn"),
])
def test_deadline_in_vietnamese(task: Task, expected: str) -> None:
    assert deadline_vi(task) == expected


HOSTILE = '<b>x</b> & &amp; <script> *_ </i> > < "\'' + "\u0000\u202e🙂"


def test_card_of_hostile_and_huge_dispatch_is_valid_html_within_limit() -> None:
    tasks = tuple(Task(HOSTILE * 40, role=r, deadline=date(2026, 3, 20))  # type: ignore[arg-type]
                  for r in ("lead", "coordinate", "all", None) for _ in range(30))
    extraction = Extraction(number=HOSTILE, issuer=HOSTILE, subject=HOSTILE * 100, tasks=tasks)
    draft = Draft("abc123", -1, 1, "t", extraction, cards.order_tasks(tasks),
                  datetime(2026, 3, 2, tzinfo=VN_TZ), show_all=True)
    for text in (cards.render(draft, HOSTILE, extraction), cards.saved_text(draft, list(range(1, 121)))):
        assert len(parse_html(text)) <= 4096
    for row in cards.keyboard(draft).inline_keyboard:
        assert all(len(b.callback_data.encode()) <= 64 for b in row)  # type: ignore[union-attr]


def test_fit_and_split_keep_messages_short() -> None:
    lines = [f"<b>{n}</b> " + "ạ" * 300 for n in range(100)]
    assert len(fit(["head"], lines)) <= 4096
    assert all(len(chunk) <= 4096 for chunk in split_html("\n".join(lines)))


@pytest.mark.parametrize("data", ["", "cd", "cd:x", "cd:x:save:1:2", "cd:x:rm", "cd:x:drop:abc", "cd:x:drop:9999"])
def test_card_callback_data_is_validated(data: str) -> None:
    assert confirm.parse_data(data) is None


@pytest.mark.parametrize("data", ["done:", "done:x", "snooze:-1", "extend:1e3", "delete:1", "done:" + "9" * 30])
def test_reminder_callback_data_is_validated(data: str) -> None:
    assert reminders.parse_data(data) is None
