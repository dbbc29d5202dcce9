"""A group upgraded to a supergroup: its chat, tasks, reminders and history move to the new id, once."""

from __future__ import annotations

from datetime import date

from dbfixture import add_tasks, found, vn
from sqlalchemy import Engine
from sqlmodel import select

from dispatch.time.calendar import WorkCalendar
from storage import (
    Session,
    get_chat,
    get_or_create_chat,
    list_tasks,
    members,
    move_chat,
    see_user,
    set_agency,
)
from storage.models import AuditEvent, Dispatch, Reminder

OLD, NEW = -5001, -1005001
D = date(2024, 11, 29)


def test_everything_moves_and_a_second_notice_moves_nothing(engine: Engine, calendar: WorkCalendar) -> None:
    with Session(engine) as s:
        add_tasks(s, chat_id=OLD, tasks=[found("Việc một", D), found("Việc hai", D)], now=vn(2024, 11, 1),
                  calendar=calendar, number="1/UBND")
        set_agency(s, chat_id=OLD, agency="Sở Y tế", actor_id=1, now=vn(2024, 11, 1))
    with Session(engine) as s:
        assert move_chat(s, old_id=OLD, new_id=NEW, now=vn(2024, 11, 2))
        assert not move_chat(s, old_id=OLD, new_id=NEW, now=vn(2024, 11, 2))
    with Session(engine) as s:
        assert get_chat(s, chat_id=OLD) is None
        chat = get_chat(s, chat_id=NEW)
        assert chat is not None and chat.agency == "Sở Y tế" and chat.next_short_id == 3
        assert [t.short_id for t in list_tasks(s, chat_id=NEW)] == [1, 2]
        assert {r.chat_id for r in s.exec(select(Reminder))} == {NEW}
        assert {e.chat_id for e in s.exec(select(AuditEvent))} == {NEW}


def test_into_a_supergroup_that_already_has_tasks_the_moved_ones_are_numbered_after(
        engine: Engine, calendar: WorkCalendar) -> None:
    with Session(engine) as s:
        add_tasks(s, chat_id=OLD, tasks=[found("Cũ một", D), found("Cũ hai", D)], now=vn(2024, 11, 1),
                  calendar=calendar, number="1/UBND")
        get_or_create_chat(s, chat_id=NEW, now=vn(2024, 11, 1), title="Mới")
        add_tasks(s, chat_id=NEW, tasks=[found("Mới một", D)], now=vn(2024, 11, 1), calendar=calendar,
                  number="2/UBND")
    with Session(engine) as s:
        assert move_chat(s, old_id=OLD, new_id=NEW, now=vn(2024, 11, 2))
    with Session(engine) as s:
        numbers = {t.text: t.short_id for t in list_tasks(s, chat_id=NEW)}
        assert numbers == {"Mới một": 1, "Cũ một": 2, "Cũ hai": 3}
        chat = get_chat(s, chat_id=NEW)
        assert chat is not None and chat.next_short_id == 4


def test_a_member_seen_in_both_chats_is_moved_once(engine: Engine, calendar: WorkCalendar) -> None:
    with Session(engine) as s:
        add_tasks(s, chat_id=OLD, tasks=[found("Việc một", D)], now=vn(2024, 11, 1), calendar=calendar,
                  number="1/UBND")
        for chat_id in (OLD, NEW):  # the admin spoke in the group, then in the new supergroup
            see_user(s, user_id=7, username="admin", name="Admin", now=vn(2024, 11, 1), calendar=calendar,
                     chat_id=chat_id)
        see_user(s, user_id=8, username="hung", name="Hùng", now=vn(2024, 11, 1), calendar=calendar,
                 chat_id=OLD)
    with Session(engine) as s:
        assert move_chat(s, old_id=OLD, new_id=NEW, now=vn(2024, 11, 2))
    with Session(engine) as s:
        assert sorted(p.username or "" for p in members(s, chat_id=NEW)) == ["admin", "hung"]
        assert members(s, chat_id=OLD) == []
        assert [t.short_id for t in list_tasks(s, chat_id=NEW)] == [1]


def test_a_dispatch_saved_again_in_the_supergroup_is_kept_once(engine: Engine, calendar: WorkCalendar) -> None:
    with Session(engine) as s:  # pasted in the group, then again in the supergroup before the bot knew
        add_tasks(s, chat_id=OLD, tasks=[found("Việc một", D)], now=vn(2024, 11, 1), calendar=calendar,
                  number="1/UBND", text_="Công văn 1/UBND")
        add_tasks(s, chat_id=NEW, tasks=[found("Việc một", D)], now=vn(2024, 11, 1), calendar=calendar,
                  number="1/UBND", text_="Công văn 1/UBND")
    with Session(engine) as s:
        assert move_chat(s, old_id=OLD, new_id=NEW, now=vn(2024, 11, 2))
    with Session(engine) as s:
        dispatches = s.exec(select(Dispatch)).all()
        assert [d.chat_id for d in dispatches] == [NEW]
        tasks = list_tasks(s, chat_id=NEW)
        assert [t.short_id for t in tasks] == [1, 2] and {t.dispatch_id for t in tasks} == {dispatches[0].id}
