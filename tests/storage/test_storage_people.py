"""People: assigned by @username before being seen, usernames that move, private reminders, the hint once."""

from __future__ import annotations

from datetime import date

from dbfixture import add_tasks, found, vn
from sqlmodel import col, select

from dispatch.time.calendar import WorkCalendar
from storage import (
    Session,
    acting_chat,
    complete_task,
    get_or_create_chat,
    person_for_username,
    see_user,
    set_assignees,
    start_private,
    take_hint,
    tasks_of,
)
from storage.models import Person, Reminder
from storage.people import member_page

NOW = vn(2024, 11, 1, 9)
D = date(2024, 11, 29)
GROUP, HUNG, LAN = -100, 13, 11


def pending_chats(session: Session, task_id: int | None) -> dict[int, list[tuple[str, int]]]:
    """Pending reminders of a task by the chat they go to."""
    out: dict[int, list[tuple[str, int]]] = {}
    for r in session.exec(select(Reminder).where(Reminder.task_id == task_id, col(Reminder.state) == "pending")
                          .order_by(col(Reminder.due_at))):
        out.setdefault(r.chat_id, []).append((r.kind, r.days))
    return out


def test_assigned_by_username_before_being_seen_follows_the_person(session: Session,
                                                                   calendar: WorkCalendar) -> None:
    [task] = add_tasks(session, chat_id=GROUP, tasks=[found("t", D)], now=NOW, calendar=calendar)
    placeholder = person_for_username(session, username="@Hung_VP", now=NOW)
    assert set_assignees(session, chat_id=GROUP, task_id=task.id or 0, person_ids=[placeholder.id or 0],
                         actor_id=LAN, now=NOW, calendar=calendar)
    seen = see_user(session, user_id=HUNG, username="hung_vp", name="Hùng", now=NOW, calendar=calendar,
                    chat_id=GROUP)
    assert seen.id == placeholder.id and seen.user_id == HUNG, "the row by username is adopted, case aside"
    assert acting_chat(session, chat_id=HUNG, task_id=task.id or 0, user_id=HUNG) == GROUP
    assert acting_chat(session, chat_id=LAN, task_id=task.id or 0, user_id=LAN) is None, "not an assignee"
    assert list(pending_chats(session, task.id)) == [GROUP], "not started: the group only"

    get_or_create_chat(session, chat_id=HUNG, now=NOW)
    assert start_private(session, user_id=HUNG, username="hung_vp", name="Hùng", now=NOW, calendar=calendar) == 1
    plan = pending_chats(session, task.id)
    assert plan[HUNG] == plan[GROUP] and plan[HUNG][:4] == [("before", 7), ("before", 3), ("before", 1), ("due", 0)]
    assert [t.text for t, _ in tasks_of(session, user_id=HUNG, now=NOW)] == ["t"]

    set_assignees(session, chat_id=GROUP, task_id=task.id or 0, person_ids=[], actor_id=LAN, now=NOW,
                  calendar=calendar)
    assert list(pending_chats(session, task.id)) == [GROUP], "unassigned: the private reminders go"
    assert tasks_of(session, user_id=HUNG, now=NOW) == []


def test_a_username_seen_on_someone_else_moves_and_a_second_row_merges(session: Session,
                                                                       calendar: WorkCalendar) -> None:
    [task] = add_tasks(session, chat_id=GROUP, tasks=[found("t", D)], now=NOW, calendar=calendar)
    old = see_user(session, user_id=LAN, username="truong_phong", name="Lan", now=NOW, calendar=calendar)
    get_or_create_chat(session, chat_id=HUNG, now=NOW)
    start_private(session, user_id=HUNG, username=None, name="Hùng", now=NOW, calendar=calendar)
    by_name = person_for_username(session, username="hung_vp", now=NOW)
    set_assignees(session, chat_id=GROUP, task_id=task.id or 0, person_ids=[by_name.id or 0], actor_id=LAN,
                  now=NOW, calendar=calendar)
    assert HUNG not in pending_chats(session, task.id)

    see_user(session, user_id=HUNG, username="hung_vp", name="Hùng", now=NOW, calendar=calendar)
    assert session.get(Person, by_name.id) is None, "the row by username merged into the known one"
    assert [p.user_id for p in session.exec(select(Person).where(Person.user_id == HUNG))] == [HUNG]
    assert HUNG in pending_chats(session, task.id), "started: the merged assignment is reminded privately"
    see_user(session, user_id=HUNG, username="truong_phong", name="Hùng", now=NOW, calendar=calendar)
    session.refresh(old)
    assert old.username is None, "a username belongs to one user at a time"


def test_the_hint_is_taken_once_and_never_for_someone_started(session: Session, calendar: WorkCalendar) -> None:
    a = person_for_username(session, username="a_vp", now=NOW)
    get_or_create_chat(session, chat_id=HUNG, now=NOW)
    start_private(session, user_id=HUNG, username="hung_vp", name="Hùng", now=NOW, calendar=calendar)
    b = session.exec(select(Person).where(Person.user_id == HUNG)).one()
    assert take_hint(session, person_ids=[a.id or 0, b.id or 0], now=NOW) == [a.id]
    assert take_hint(session, person_ids=[a.id or 0], now=NOW) == []


def test_done_tasks_stay_in_my_list_for_thirty_days(session: Session, calendar: WorkCalendar) -> None:
    [task] = add_tasks(session, chat_id=GROUP, tasks=[found("t", D)], now=NOW, calendar=calendar)
    me = see_user(session, user_id=HUNG, username=None, name="Hùng", now=NOW, calendar=calendar)
    set_assignees(session, chat_id=GROUP, task_id=task.id or 0, person_ids=[me.id or 0], actor_id=LAN, now=NOW,
                  calendar=calendar)
    complete_task(session, chat_id=GROUP, task_id=task.id or 0, actor_id=HUNG, now=NOW, calendar=calendar)
    assert len(tasks_of(session, user_id=HUNG, now=vn(2024, 11, 30, 9))) == 1
    assert tasks_of(session, user_id=HUNG, now=vn(2024, 12, 2, 9)) == []


def test_the_picker_pages_every_member_by_name_and_finds_a_persons_page(session: Session,
                                                                         calendar: WorkCalendar) -> None:
    for n in (3, 1, 4, 0, 2):  # seen in this order; listed by name
        see_user(session, user_id=500 + n, username=None, name=f"Cán bộ {n}", now=NOW, calendar=calendar,
                 chat_id=GROUP)
    see_user(session, user_id=600, username=None, name="Người nhóm khác", now=NOW, calendar=calendar, chat_id=-7)
    pages = [member_page(session, chat_id=GROUP, size=2, page=p) for p in range(3)]
    assert [[p.name for p in page.people] for page in pages] == [
        ["Cán bộ 0", "Cán bộ 1"], ["Cán bộ 2", "Cán bộ 3"], ["Cán bộ 4"]]
    assert {page.pages for page in pages} == {3}
    assert member_page(session, chat_id=GROUP, size=2, page=9).page == 2, "past the end: the last page"
    fourth = session.exec(select(Person).where(Person.user_id == 504)).one()
    assert member_page(session, chat_id=GROUP, size=2, showing=fourth.id).page == 2
