"""Deadlines in Vietnamese form, and every rendering staying valid Telegram HTML within 4096 characters."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from fakebot import parse_html

from bot.clock import VN_TZ
from dispatch.model import Extraction, Task
from dispatch.time.recurrence import Recurrence
from handlers import cards
from handlers.format import deadline_vi, fit
from scheduler import callbacks
from scheduler.digest import split_html
from storage import Card, Draft, Item
from storage.codec import meta_of


@pytest.mark.parametrize(("task", "expected"), [
    (Task("x", deadline=date(2021, 7, 25)), "Chủ Nhật, 25/07/2021"),
    (Task("x", deadline=date(2021, 7, 23)), "Thứ Sáu, 23/07/2021"),
    (Task("x", deadline=date(2025, 10, 15), deadline_time=time(17, 0)), "17:00 15/10/2025"),
    (Task("x", recurrence=Recurrence.parse("monthly:20")), "hằng tháng, trước ngày 20"),
    (Task("x", recurrence=Recurrence.parse("weekly:FRI")), "hằng tuần, thứ Sáu"),
    (Task("x", recurrence=Recurrence.parse("weekly:THU 08:00")), "hằng tuần, thứ Năm, trước 08:00"),
    (Task("x", recurrence=Recurrence.parse("weekly:SUN")), "hằng tuần, Chủ Nhật"),
    (Task("x", recurrence=Recurrence.parse("yearly:11-20")), "hằng năm, trước ngày 20/11"),
    (Task("x", recurrence=Recurrence.parse("quarterly:31")), "hằng quý, trước ngày 31 của tháng cuối quý"),
    (Task("x", recurrence=Recurrence.parse("half_yearly:15")), "6 tháng một lần, trước ngày 15 của tháng 6 và tháng 12"),
    (Task("x", recurrence=Recurrence.parse("daily"), deadline_time=time(16, 0)), "hằng ngày, trước 16:00"),
    (Task("x", recurrence=Recurrence.parse("daily"), deadline=date(2025, 11, 19), deadline_time=time(16, 0)),
     "hằng ngày, trước 16:00 (kỳ tới: Thứ Tư, 19/11/2025)"),
    (Task("x", recurrence=Recurrence.parse("weekly:FRI"), deadline_time=time(17, 0)), "hằng tuần, thứ Sáu, trước 17:00"),
    (Task("x", relative="3 days from an event: kể từ ngày kết thúc đợt kiểm tra"),
     "3 ngày kể từ ngày kết thúc đợt kiểm tra (chưa rõ ngày, hãy sửa hạn)"),
    (Task("x", relative="5 working days from receipt"), "5 ngày làm việc kể từ ngày nhận văn bản"),
    (Task("x", relative="5 days before an event: tổ chức"), "5 ngày trước khi tổ chức (chưa rõ ngày, hãy sửa hạn)"),
    (Task("x", ongoing=True), "thường xuyên"),
    (Task("x"), "chưa có hạn"),
    (Task("x", deadline_text="dịp Tết"), "chưa rõ hạn: dịp Tết — hãy sửa hạn"),
    (Task("x", recurrence=Recurrence("yearly"), deadline_text="hằng năm"), "hằng năm — chưa rõ ngày, hãy sửa hạn"),
])
def test_deadline_in_vietnamese(task: Task, expected: str) -> None:
    assert deadline_vi(task) == expected


HOSTILE = '<b>x</b> & &amp; <script> *_ </i> > < "\'' + "\u0000\u202e🙂"


def hostile_card(show_all: bool) -> Card:
    tasks = tuple(Task(HOSTILE * 40, role=r, deadline=date(2026, 3, 20))  # type: ignore[arg-type]
                  for r in ("lead", "coordinate", "all", None) for _ in range(30))
    extraction = Extraction(number=HOSTILE, issuer=HOSTILE, subject=HOSTILE * 100, tasks=tasks)
    now = datetime(2026, 3, 2, tzinfo=VN_TZ)
    draft = Draft(id="abcd1234", chat_id=-1, user_id=1, text="t", received=now.date(), meta=meta_of(extraction),
                  full=extraction.to_dict(), show_all=show_all, created_at=now, updated_at=now)
    items = tuple(Item(10**9 + n, n, t, n % 7 == 0) for n, t in enumerate(cards.order_tasks(tasks), 1))
    return Card(draft, items)


@pytest.mark.parametrize("show_all", [True, False])
def test_card_of_hostile_and_huge_dispatch_is_valid_html_within_limit(show_all: bool) -> None:
    card = hostile_card(show_all)
    for page in range(cards.pages(card)):
        card.draft.page = page
        assert len(parse_html(cards.render(card, HOSTILE, today=date(2026, 3, 2)))) <= 4096
        for row in cards.keyboard(card).inline_keyboard:
            assert all(len(b.callback_data.encode()) <= 64 for b in row)  # type: ignore[union-attr]
    assert len(parse_html(cards.saved_text(card, list(range(1, len(card.kept) + 1)), today=date(2026, 3, 2)))) <= 4096


def test_every_task_of_a_long_card_has_its_buttons_on_some_page() -> None:
    card = hostile_card(False)
    assert cards.pages(card) == 15
    seen: set[str] = set()
    for page in range(cards.pages(card)):
        card.draft.page = page
        seen |= {b.callback_data for row in cards.keyboard(card).inline_keyboard for b in row}  # type: ignore[misc]
    for item in card.items:
        wanted = [callbacks.card("abcd1234", "back", item.id)] if item.dropped else [
            callbacks.card("abcd1234", "drop", item.id), callbacks.card("abcd1234", "edit", item.id)]
        assert set(wanted) <= seen, item.number


def test_fit_and_split_keep_messages_short() -> None:
    lines = [f"<b>{n}</b> " + "ạ" * 300 for n in range(100)]
    assert len(fit(["head"], lines)) <= 4096
    assert all(len(chunk) <= 4096 for chunk in split_html("\n".join(lines)))


@pytest.mark.parametrize("data", ["", "cd", "cd:x", "cd:abcd1234:save:1", "cd:abcd1234:rm", "cd:abcd1234:drop",
                                  "cd:abcd1234:drop:abc", "cd:abcd1234:drop:²", "cd:ABCD:save", "cd:../../:drop:1",
                                  "cd:abcd1234:page:-1", "pr:x", "ag:zz:1", "ag:abcd1234:1000", "up:abcd1234"])
def test_card_callback_data_is_validated(data: str) -> None:
    assert callbacks.parse(data) is None


@pytest.mark.parametrize("data", ["done:", "done:x", "snooze:-1", "extend:1e3", "delete:1", "done:" + "9" * 30,
                                  "as:1", "as:1:x", "as:x:ok", "as:1:2:3", "as:1:-2",
                                  "as:1:page:x", "as:1:page:-1", "as:x:page:1", "as:1:page:99999"])
def test_reminder_callback_data_is_validated(data: str) -> None:
    assert callbacks.parse(data) is None


def test_callback_data_round_trips() -> None:
    assert callbacks.parse(callbacks.card("abcd1234", "drop", 17)) == callbacks.CardPress("abcd1234", "drop", 17)
    assert callbacks.parse(callbacks.card("abcd1234", "save")) == callbacks.CardPress("abcd1234", "save")
    assert callbacks.parse(callbacks.reminder("snooze", 2**59)) == callbacks.ReminderPress("snooze", 2**59)
    assert callbacks.parse(callbacks.offer("ag", "00ff00ff", 3)) == callbacks.OfferPress("ag", "00ff00ff", 3)
    assert callbacks.parse(callbacks.PROMPT_CANCEL) == callbacks.PromptCancel()
    assert callbacks.parse(callbacks.assignee(2**40, 7)) == callbacks.AssignPress(2**40, 7)
    assert callbacks.parse(callbacks.assignee(5, None)) == callbacks.AssignPress(5, None)
    assert callbacks.parse(callbacks.assignee_page(5, 3)) == callbacks.AssignPress(5, None, 3)
    with pytest.raises(ValueError):
        callbacks.card("abcd1234", "drop")
