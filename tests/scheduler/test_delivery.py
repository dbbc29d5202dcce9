"""The delivery tick on SQLite and PostgreSQL: digests, catch-up, overdue chain, failures, claim expiry."""

from __future__ import annotations

from datetime import date, timedelta

from dbfixture import add_tasks, found, vn
from fakesender import FakeSender
from sqlalchemy import Engine
from sqlmodel import col, select

from dispatch.time.calendar import WorkCalendar
from dispatch.time.recurrence import Recurrence
from scheduler.claims import CLAIM_TTL, claim
from scheduler.delivery import tick
from scheduler.errors import BadRequestError, ChatGoneError, TransientSendError
from storage import (
    Session,
    complete_task,
    get_chat,
    person_for_username,
    set_assignees,
    set_chat_active,
)
from storage.models import Reminder, Task

D = date(2024, 11, 29)  # a Friday


def states(engine: Engine) -> dict[str, int]:
    with Session(engine) as s:
        rows = s.exec(select(Reminder.state)).all()
    return {state: rows.count(state) for state in set(rows)}


def seed(
    engine: Engine, calendar: WorkCalendar, chat_id: int = -1, n: int = 2, deadline: date = D
) -> list[Task]:
    with Session(engine) as s:
        tasks = add_tasks(
            s,
            chat_id=chat_id,
            tasks=[found(f"Việc số {i}", deadline) for i in range(n)],
            now=vn(2024, 11, 1),
            calendar=calendar,
            number="12/UBND-VP",
        )
        for t in tasks:
            s.refresh(t)
        s.expunge_all()
    return tasks


async def run(engine: Engine, sender: FakeSender, calendar: WorkCalendar, now, instance: str = "a"):  # type: ignore[no-untyped-def]
    return await tick(engine=engine, sender=sender, now=now, calendar=calendar, instance_id=instance)


async def test_one_digest_per_chat_with_buttons(engine: Engine, calendar: WorkCalendar) -> None:
    tasks = seed(engine, calendar, -1, 2) + seed(engine, calendar, -2, 1)
    sender = FakeSender()
    assert (await run(engine, sender, calendar, vn(2024, 11, 20, 7, 59))).claimed == 0
    result = await run(
        engine,
        sender,
        calendar,
        vn(
            2024,
            11,
            20,
            8,
            0,
        ),
    )
    assert (result.claimed, result.sent, result.messages) == (3, 3, 2)
    [msg] = sender.to(-1)
    assert (
        "Nhắc việc" in msg.html and "còn 7 ngày làm việc" in msg.html and "Văn bản số 12/UBND-VP" in msg.html
    )
    assert msg.buttons[0] == [
        ("✅ Xong #1", f"done:{tasks[0].id}"),
        msg.buttons[0][1],
        ("📅 Gia hạn #1", f"extend:{tasks[0].id}"),
    ]
    assert msg.buttons[0][1][1].startswith("snooze:")
    with Session(engine) as s:
        sent = s.exec(select(Reminder).where(col(Reminder.state) == "sent")).all()
        assert {r.message_id for r in sent} == {m.message_id for m in sender.sent}
        assert all(r.sent_at == vn(2024, 11, 20, 8) for r in sent)
    assert (await run(engine, sender, calendar, vn(2024, 11, 20, 8, 1))).claimed == 0  # nothing twice


async def test_catch_up_after_downtime_is_one_digest(engine: Engine, calendar: WorkCalendar) -> None:
    seed(engine, calendar, -1, 2)
    sender = FakeSender()
    result = await run(engine, sender, calendar, vn(2024, 11, 28, 10))  # down since before 20/11
    assert result.claimed == 6 and result.messages == 1
    [msg] = sender.sent
    assert "bị lỡ" in msg.html and msg.html.count("Việc số 0") == 1 and len(msg.buttons) == 2
    assert "còn 1 ngày làm việc" in msg.html


async def test_overdue_alert_every_working_day_until_done(engine: Engine, calendar: WorkCalendar) -> None:
    [task] = seed(engine, calendar, -1, 1)
    sender = FakeSender()
    await run(engine, sender, calendar, vn(2024, 11, 29, 8))  # due day
    assert "hôm nay là hạn chót" in sender.sent[-1].html
    for day, late in ((2, 3), (3, 4), (4, 5)):
        assert (await run(engine, sender, calendar, vn(2024, 12, day, 8))).messages == 1
        assert f"quá hạn {late} ngày" in sender.sent[-1].html
    with Session(engine) as s:
        lan = person_for_username(s, username="lan_vt", now=vn(2024, 12, 4, 9))
        set_assignees(s, chat_id=-1, task_id=task.id or 0, person_ids=[lan.id or 0], actor_id=1,
                      now=vn(2024, 12, 4, 9), calendar=calendar)
    await run(engine, sender, calendar, vn(2024, 12, 5, 8))
    assert "@lan_vt" in sender.sent[-1].html
    with Session(engine) as s:
        complete_task(
            s, chat_id=-1, task_id=task.id or 0, actor_id=1, now=vn(2024, 12, 5, 9), calendar=calendar
        )
    count = len(sender.sent)
    for day in range(6, 14):
        await run(engine, sender, calendar, vn(2024, 12, day, 8))
    assert len(sender.sent) == count
    assert states(engine).get("pending", 0) == 0


async def test_transient_failure_backs_off_and_is_not_lost(engine: Engine, calendar: WorkCalendar) -> None:
    seed(engine, calendar, -1, 1)
    sender = FakeSender(fail=lambda chat_id: TransientSendError("502", retry_after=None))
    now = vn(2024, 11, 20, 8)
    result = await run(engine, sender, calendar, now)
    assert (result.claimed, result.retried, result.messages) == (1, 1, 0)
    sender.fail = lambda chat_id: None
    assert (await run(engine, sender, calendar, now + timedelta(seconds=20))).claimed == 0  # backoff 30 s
    assert (await run(engine, sender, calendar, now + timedelta(seconds=31))).messages == 1
    sender.fail = lambda chat_id: TransientSendError("429", retry_after=120)
    later = vn(2024, 11, 26, 8)
    await run(engine, sender, calendar, later)
    sender.fail = lambda chat_id: None
    assert (await run(engine, sender, calendar, later + timedelta(seconds=119))).claimed == 0
    assert (await run(engine, sender, calendar, later + timedelta(seconds=120))).messages == 1


async def test_chat_gone_pauses_and_resumes(engine: Engine, calendar: WorkCalendar) -> None:
    seed(engine, calendar, -1, 1)
    seed(engine, calendar, -2, 1)
    sender = FakeSender(fail=lambda chat_id: ChatGoneError("403") if chat_id == -1 else None)
    result = await run(engine, sender, calendar, vn(2024, 11, 20, 8))
    assert result.chats_deactivated == 1 and result.messages == 1
    with Session(engine) as s:
        chat = get_chat(s, chat_id=-1)
        assert chat is not None and not chat.active
    for day in (21, 22, 25, 26):  # chat -1 is only probed (and refuses again)
        result = await run(engine, sender, calendar, vn(2024, 11, day, 8))
        assert result.messages <= 1 and result.chats_deactivated <= 1
    assert sender.to(-1) == []
    with Session(engine) as s:
        chat = get_chat(s, chat_id=-1)
        assert chat is not None and not chat.active and chat.probe_failures == 5
    with Session(engine) as s:
        set_chat_active(s, chat_id=-1, active=True, now=vn(2024, 11, 26, 9))
    sender.fail = lambda chat_id: None
    result = await run(engine, sender, calendar, vn(2024, 11, 26, 9, 1))
    assert result.messages == 1 and len(sender.to(-1)) == 1 and "bị lỡ" in sender.to(-1)[0].html


async def test_a_refused_reminder_is_retried_for_a_day_then_failed_and_noted(engine: Engine,
                                                                             calendar: WorkCalendar) -> None:
    seed(engine, calendar, -1, 1)
    sender = FakeSender(fail=lambda chat_id: BadRequestError("400"))
    start = now = vn(2024, 11, 20, 8)
    while now < start + timedelta(hours=23, minutes=50):
        await run(engine, sender, calendar, now)
        now += timedelta(minutes=10)
    with Session(engine) as s:
        first = s.exec(select(Reminder).order_by(col(Reminder.due_at))).first()
        assert first is not None and first.state == "pending" and 6 <= first.attempts <= 30
    await run(engine, sender, calendar, start + timedelta(days=1, minutes=1))
    with Session(engine) as s:
        first = s.exec(select(Reminder).order_by(col(Reminder.due_at))).first()
        chat = get_chat(s, chat_id=-1)
        assert first is not None and first.state == "failed" and chat is not None and chat.undelivered


async def test_expired_claim_is_taken_over(engine: Engine, calendar: WorkCalendar) -> None:
    seed(engine, calendar, -1, 2)
    now = vn(2024, 11, 20, 8)
    assert len(claim(engine, now=now, instance_id="crashed", limit=100)) == 2  # then the process dies
    sender = FakeSender()
    assert (await run(engine, sender, calendar, now + timedelta(minutes=1), "b")).claimed == 0
    result = await run(engine, sender, calendar, now + CLAIM_TTL, "b")
    assert (result.claimed, result.messages) == (2, 1)
    assert states(engine)["sent"] == 2


async def test_recurring_task_rolls_to_next_occurrence(engine: Engine, calendar: WorkCalendar) -> None:
    with Session(engine) as s:
        [task] = add_tasks(
            s,
            chat_id=-1,
            tasks=[found("Báo cáo tháng", None, recurrence=Recurrence("monthly", day=20))],
            now=vn(2024, 11, 1),
            calendar=calendar,
        )
        task_id = task.id
    sender = FakeSender()
    await run(engine, sender, calendar, vn(2024, 11, 20, 8))
    assert "hôm nay là hạn chót" in sender.sent[-1].html
    result = await run(engine, sender, calendar, vn(2024, 11, 21, 0))
    assert result.sent == 1 and result.messages == 0
    with Session(engine) as s:
        rolled = s.get(Task, task_id)
        assert rolled is not None and rolled.deadline == date(2024, 12, 20) and rolled.status == "open"
    await run(engine, sender, calendar, vn(2024, 12, 11, 8))
    assert "còn 7 ngày làm việc" in sender.sent[-1].html
