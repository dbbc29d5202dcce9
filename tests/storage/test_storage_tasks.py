"""Repository functions: short ids, duplicates, chat scoping, audit trail, status summary."""

from __future__ import annotations

from datetime import date, time

import pytest
from dbfixture import add_tasks, found, vn
from sqlmodel import col, select

from dispatch.model import Extraction
from dispatch.time.calendar import WorkCalendar
from dispatch.time.recurrence import Recurrence
from storage import (
    DuplicateDispatchError,
    InvalidSettingsError,
    InvalidUsernameError,
    Session,
    add_pending_dispatch,
    change_deadline,
    complete_task,
    delete_task,
    find_duplicate_dispatch,
    get_or_create_chat,
    get_task,
    list_audit,
    list_tasks,
    person_for_username,
    reopen_task,
    save_dispatch,
    set_agency,
    set_assignees,
    snooze_reminder,
    status_summary,
    take_pending_dispatches,
    update_settings,
)
from storage.models import Reminder

NOW = vn(2024, 11, 1, 9)
D = date(2024, 11, 29)


def pending(session: Session, task_id: int | None) -> list[tuple[str, int]]:
    rows = session.exec(
        select(Reminder)
        .where(Reminder.task_id == task_id, col(Reminder.state) == "pending")
        .order_by(col(Reminder.due_at))
    )
    return [(r.kind, r.days) for r in rows]


def test_short_ids_are_per_chat(session: Session, calendar: WorkCalendar) -> None:
    a = add_tasks(session, chat_id=-100, tasks=[found("A1", D), found("A2", D)], now=NOW, calendar=calendar)
    b = add_tasks(session, chat_id=-200, tasks=[found("B1", D)], now=NOW, calendar=calendar)
    a3 = add_tasks(session, chat_id=-100, tasks=[found("A3", None, ongoing=True)], now=NOW, calendar=calendar)
    assert [t.short_id for t in a + a3] == [1, 2, 3] and [t.short_id for t in b] == [1]
    assert pending(session, a[0].id) == [
        ("before", 7),
        ("before", 3),
        ("before", 1),
        ("due", 0),
        ("overdue", 3),
    ]
    assert pending(session, a3[0].id) == []


def test_duplicate_dispatch_by_number_or_text(session: Session, calendar: WorkCalendar) -> None:
    add_tasks(
        session,
        chat_id=1,
        tasks=[found("x", D)],
        now=NOW,
        calendar=calendar,
        number="3413/UBND-TH",
        text_="Nội dung công văn  số 3413",
    )
    assert find_duplicate_dispatch(
        session, chat_id=1, number="3413 /UBND-TH", issuer="UBND  tỉnh", text="khác"
    )
    assert find_duplicate_dispatch(
        session, chat_id=1, number=None, issuer=None, text="nội dung CÔNG VĂN số 3413"
    )
    assert (
        find_duplicate_dispatch(session, chat_id=2, number="3413/UBND-TH", issuer="UBND tỉnh", text="x")
        is None
    )
    with pytest.raises(DuplicateDispatchError):
        save_dispatch(
            session,
            chat_id=1,
            extraction=Extraction(number="3413/UBND-TH", issuer="UBND tỉnh"),
            tasks=[found("x", D)],
            text="other text",
            actor_id=1,
            now=NOW,
            calendar=calendar,
        )
    add_tasks(
        session,
        chat_id=2,
        tasks=[found("x", D)],
        now=NOW,
        calendar=calendar,
        number="3413/UBND-TH",
        text_="Nội dung công văn  số 3413",
    )  # another chat may hold the same dispatch


def test_another_chat_can_never_touch_a_task(session: Session, calendar: WorkCalendar) -> None:
    [task] = add_tasks(session, chat_id=1, tasks=[found("mine", D)], now=NOW, calendar=calendar)
    get_or_create_chat(session, chat_id=2, now=NOW)
    assert task.id is not None
    rid = session.exec(select(Reminder.id).where(Reminder.task_id == task.id)).first()
    assert rid is not None
    kw = {"chat_id": 2, "task_id": task.id, "actor_id": 9, "now": NOW}
    assert get_task(session, chat_id=2, task_id=task.id) is None
    assert get_task(session, chat_id=2, short_id=1) is None
    assert complete_task(session, calendar=calendar, **kw) is None
    assert reopen_task(session, calendar=calendar, **kw) is None
    assert change_deadline(session, deadline=date(2025, 1, 1), calendar=calendar, **kw) is None
    mallory = person_for_username(session, username="mallory", now=NOW)
    assert set_assignees(session, person_ids=[mallory.id or 0], calendar=calendar, **kw) is None
    assert delete_task(session, **kw) is None
    assert (
        snooze_reminder(session, chat_id=2, reminder_id=rid, actor_id=9, now=NOW, calendar=calendar) is None
    )
    assert list_tasks(session, chat_id=2, which="all") == []
    session.expire_all()
    again = get_task(session, chat_id=1, short_id=1)
    assert (
        again is not None and again.status == "open" and again.deadline == D and not again.people
    )
    assert len(pending(session, task.id)) == 5


def test_complete_reopen_and_audit(session: Session, calendar: WorkCalendar) -> None:
    [task] = add_tasks(session, chat_id=1, tasks=[found("t", D)], now=NOW, calendar=calendar)
    assert task.id is not None
    done = complete_task(
        session,
        chat_id=1,
        task_id=task.id,
        actor_id=7,
        actor_name="Lan",
        now=vn(2024, 12, 2),
        calendar=calendar,
    )
    assert done is not None and done.status == "done" and done.done_by == 7 and done.done_by_name == "Lan"
    assert pending(session, task.id) == []
    assert list_tasks(session, chat_id=1, which="done") == [done]
    assert list_tasks(session, chat_id=1) == []
    reopened = reopen_task(
        session, chat_id=1, task_id=task.id, actor_id=7, now=vn(2024, 12, 2, 9), calendar=calendar
    )
    assert reopened is not None and reopened.status == "open" and reopened.done_at is None
    assert pending(session, task.id) == [("overdue", 4)]  # already overdue: the next round (Tue 3/12)
    actions = [(e.action, e.actor_id) for e in list_audit(session, chat_id=1, task_id=task.id)]
    assert actions == [("reopen", 7), ("complete", 7)]
    complete = list_audit(session, chat_id=1, task_id=task.id)[1]
    assert complete.detail["on_time"] is False


def test_change_deadline_records_old_and_new(session: Session, calendar: WorkCalendar) -> None:
    [task] = add_tasks(session, chat_id=1, tasks=[found("t", D)], now=NOW, calendar=calendar)
    assert task.id is not None
    changed = change_deadline(
        session,
        chat_id=1,
        task_id=task.id,
        deadline=date(2024, 12, 6),
        deadline_time=time(17, 0),
        actor_id=3,
        now=vn(2024, 11, 27, 9),
        calendar=calendar,
    )
    assert changed is not None and changed.deadline == date(2024, 12, 6)
    [event] = [e for e in list_audit(session, chat_id=1) if e.action == "change_deadline"]
    assert event.detail["old"]["deadline"] == "2024-11-29"
    assert event.detail["new"] == {"deadline": "2024-12-06", "deadline_time": "17:00"}
    # 7 working days before 6/12 is 27/11 08:00: changed at 09:00 that day, it is kept and sent at once
    assert pending(session, task.id) == [("before", 7), ("before", 3), ("before", 1), ("due", 0), ("overdue", 3)]
    kinds = session.exec(select(Reminder.state).where(Reminder.task_id == task.id)).all()
    assert kinds.count("cancelled") == 5  # every reminder of the old deadline


def test_assign_snooze_delete(session: Session, calendar: WorkCalendar) -> None:
    [task] = add_tasks(session, chat_id=1, tasks=[found("t", D)], now=NOW, calendar=calendar)
    assert task.id is not None
    person = person_for_username(session, username="@nguyen_van_a", now=NOW)
    assert set_assignees(session, chat_id=1, task_id=task.id, person_ids=[person.id or 0], actor_id=1, now=NOW,
                         calendar=calendar)
    assert [p.username for p in task.people] == ["nguyen_van_a"]
    with pytest.raises(InvalidUsernameError):
        person_for_username(session, username="not a name!", now=NOW)
    first = session.exec(
        select(Reminder).where(Reminder.task_id == task.id).order_by(col(Reminder.due_at))
    ).first()
    assert first is not None and first.id is not None
    moved = snooze_reminder(
        session, chat_id=1, reminder_id=first.id, actor_id=1, now=vn(2024, 11, 20, 8, 1), calendar=calendar
    )
    assert moved is not None and moved.due_at == vn(2024, 11, 21, 8)
    assert delete_task(session, chat_id=1, task_id=task.id, actor_id=1, now=NOW) is not None
    assert get_task(session, chat_id=1, short_id=1) is None and pending(session, task.id) == []


def test_status_summary_four_states(session: Session, calendar: WorkCalendar) -> None:
    tasks = add_tasks(
        session,
        chat_id=1,
        now=vn(2024, 11, 1),
        calendar=calendar,
        tasks=[
            found("trong hạn", date(2024, 12, 20)),
            found("sắp đến hạn", date(2024, 12, 5)),
            found("quá hạn", date(2024, 11, 25)),
            found("xong đúng hạn", date(2024, 11, 20)),
            found("xong trễ", date(2024, 11, 10)),
            found("thường xuyên", None, ongoing=True),
        ],
    )
    ids = [t.id or 0 for t in tasks]
    complete_task(session, chat_id=1, task_id=ids[3], actor_id=1, now=vn(2024, 11, 20, 16), calendar=calendar)
    complete_task(session, chat_id=1, task_id=ids[4], actor_id=1, now=vn(2024, 11, 12), calendar=calendar)
    s = status_summary(session, chat_id=1, now=vn(2024, 12, 2, 10))
    assert (s.open_on_time, s.open_overdue, s.done_on_time, s.done_late) == (3, 1, 1, 1)
    assert [t.text for t in s.due_soon] == ["sắp đến hạn"]
    assert [(t.text, days) for t, days in s.overdue] == [("quá hạn", 7)]
    assert [t.text for t in list_tasks(session, chat_id=1, which="overdue", now=vn(2024, 12, 2))] == [
        "quá hạn"
    ]


def test_settings_and_pending_dispatches(session: Session, calendar: WorkCalendar) -> None:
    [task] = add_tasks(session, chat_id=1, tasks=[found("t", D)], now=NOW, calendar=calendar)
    chat = update_settings(
        session, chat_id=1, actor_id=1, now=NOW, calendar=calendar, days_before=[2], send_at="7:30"
    )
    assert chat.send_at == "07:30" and chat.settings.days_before == (2,)
    assert pending(session, task.id) == [("before", 2), ("due", 0), ("overdue", 3)]
    with pytest.raises(InvalidSettingsError):
        update_settings(session, chat_id=1, actor_id=1, now=NOW, calendar=calendar, send_at="25:00")
    get_or_create_chat(session, chat_id=3, now=NOW)
    add_pending_dispatch(session, chat_id=3, text="công văn 1", actor_id=5, now=NOW)
    add_pending_dispatch(session, chat_id=3, text="công văn 2", actor_id=5, now=vn(2024, 11, 1, 10))
    set_agency(session, chat_id=3, agency="Sở Y tế", actor_id=5, now=NOW)
    assert [p.text for p in take_pending_dispatches(session, chat_id=3)] == ["công văn 1", "công văn 2"]
    assert take_pending_dispatches(session, chat_id=3) == []


def test_recurring_task_done_rolls_and_undo_restores(session: Session, calendar: WorkCalendar) -> None:
    [task] = add_tasks(
        session,
        chat_id=1,
        tasks=[found("báo cáo tháng", None, recurrence=Recurrence("monthly", day=20))],
        now=NOW,
        calendar=calendar,
    )
    assert task.id is not None and task.deadline == date(2024, 11, 20)
    rolled = complete_task(
        session, chat_id=1, task_id=task.id, actor_id=1, now=vn(2024, 11, 18), calendar=calendar
    )
    assert rolled is not None and rolled.status == "open" and rolled.deadline == date(2024, 12, 20)
    back = reopen_task(
        session, chat_id=1, task_id=task.id, actor_id=1, now=vn(2024, 11, 18, 9), calendar=calendar
    )
    assert back is not None and back.deadline == date(2024, 11, 20)
