"""Digest formatting: escaping, Telegram's 4096 limit, buttons per task, splitting HTML."""

from __future__ import annotations

from datetime import date, time

import pytest
from fakesender import check_telegram_html

from dispatch.time.calendar import default_calendar
from scheduler.digest import DigestItem, format_date, render_digest, split_html, utf16_len
from storage.policy import Assignee

NASTY = "<script>alert('x')</script> & *bold* _it_ &amp; <b>not a tag</b> 😀 "


def item(n: int, text: str, deadline: date = date(2024, 12, 2)) -> DigestItem:
    return DigestItem(
        task_id=100 + n,
        short_id=n,
        text=text,
        deadline=deadline,
        deadline_time=None,
        reminder_id=500 + n,
        assignees=(Assignee(user_id=1, username="user_1", name="A"),) if n % 2 else
        (Assignee(user_id=7, username=None, name="Minh <&> Lê"),),
        dispatch_number="<12>/UBND&VP",
    )


@pytest.mark.parametrize(("count", "text"), [(1, NASTY), (60, NASTY * 3), (40, "x" * 20000), (3, "")])
def test_every_part_is_valid_telegram_html(count: int, text: str) -> None:
    items = [(item(n, text), n % 3 == 0) for n in range(1, count + 1)]
    parts = render_digest(items, today=date(2024, 11, 29), calendar=default_calendar(), catch_up=True)
    seen: list[int] = []
    for part in parts:
        shown = check_telegram_html(part.html)
        assert len(part.buttons) == len(part.task_ids) <= 25
        assert all(len(data.encode()) <= 64 for row in part.buttons for _, data in row)
        seen += part.task_ids
        if text.startswith("<script>"):
            assert "<script>alert('x')</script>" in shown
    assert sorted(seen) == [100 + n for n in range(1, count + 1)]


def test_vietnamese_dates_and_sections() -> None:
    assert format_date(date(2021, 7, 23)) == "Thứ Sáu, 23/07/2021"
    assert format_date(date(2025, 10, 15), time(17, 0)) == "17:00 Thứ Tư, 15/10/2025"
    [part] = render_digest(
        [
            (item(1, "a", date(2024, 11, 25)), True),
            (item(2, "b", date(2024, 11, 29)), False),
            (item(3, "c", date(2024, 12, 4)), False),
        ],
        today=date(2024, 11, 29),
        calendar=default_calendar(),
    )
    assert part.html.index("Quá hạn") < part.html.index("Đến hạn hôm nay") < part.html.index("Sắp đến hạn")
    assert "quá hạn 4 ngày" in part.html and "còn 3 ngày làm việc" in part.html and "@user_1" in part.html


@pytest.mark.parametrize("limit", [50, 100, 4096])
def test_split_html_keeps_tags_balanced(limit: int) -> None:
    text = "\n".join(
        [f"<b>#{n}</b> dòng &amp; {'chữ ' * n}" for n in range(80)] + ["<i>" + "dài " * 3000 + "</i>"]
    )
    parts = split_html(text, limit)
    for part in parts:
        assert utf16_len(part) <= limit
        check_telegram_html(part)
    assert "".join(p.replace("<i>", "").replace("</i>", "").replace("\n", "") for p in parts) == (
        text.replace("<i>", "").replace("</i>", "").replace("\n", "")
    )
