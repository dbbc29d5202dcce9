"""Seeding many due reminders through the storage repository functions, and reading back their fate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, insert
from sqlmodel import col, select

from dispatch.model import Extraction
from dispatch.model import Task as FoundTask
from dispatch.time.calendar import VN_TZ, default_calendar
from scheduler.claims import CLAIM_TTL
from storage import Session, get_or_create_chat, save_dispatch
from storage.models import Chat, Dispatch, Reminder, Task

SEED_AT = datetime(2026, 3, 4, 7, 0, tzinfo=VN_TZ)  # a Wednesday, before the 08:00 round
BOT_NOW = datetime(2026, 3, 4, 8, 0, 30, tzinfo=VN_TZ)  # what the bot's clock says when it starts
DEADLINE = date(2026, 3, 5)  # one working day later: its "1 day before" reminder is due at 08:00 today
FIRST_CHAT = -1001000000000


@dataclass(frozen=True)
class Seeded:
    """What was planted: chats, and the one due reminder of each task."""

    chat_ids: list[int]
    due: dict[int, int]  # task id -> its reminder due at BOT_NOW
    chat_of: dict[int, int]  # task id -> its chat

    @property
    def reminder_ids(self) -> list[int]:
        return sorted(self.due.values())


def chat_id(n: int) -> int:
    return FIRST_CHAT - n


def seed(engine: Engine, *, chats: int, tasks_per_chat: int) -> Seeded:
    """One dispatch per group with `tasks_per_chat` tasks due tomorrow: one reminder each is due at BOT_NOW."""
    calendar = default_calendar()
    ids = [chat_id(n) for n in range(chats)]
    with Session(engine) as session:
        for n, cid in enumerate(ids):
            get_or_create_chat(session, chat_id=cid, now=SEED_AT, title=f"Văn phòng {n}")
            tasks = [FoundTask(text=f"Báo cáo số {n}.{i} về công tác phòng chống dịch <gửi Sở> & Ban",
                               role="lead", deadline=DEADLINE) for i in range(tasks_per_chat)]
            number = f"{100 + n}/UBND-VX"
            save_dispatch(session, chat_id=cid, extraction=Extraction(number=number, issuer="UBND tỉnh"),
                          tasks=tasks, text=f"Công văn {number}", actor_id=1, now=SEED_AT, calendar=calendar)
    return planted(engine, ids)


def planted(engine: Engine, chat_ids: list[int]) -> Seeded:
    """What the database holds due at BOT_NOW; fails unless every task has exactly one reminder due."""
    with Session(engine) as session:
        rows = session.exec(select(Reminder.task_id, Reminder.id, Reminder.chat_id)
                            .where(col(Reminder.due_at) <= BOT_NOW)).all()
        tasks = session.exec(select(func.count()).select_from(Task)).one()
    due: dict[int, int] = {}
    chat_of: dict[int, int] = {}
    for task_id, reminder_id, chat in rows:
        assert task_id not in due, f"task {task_id} has several reminders due"
        due[task_id], chat_of[task_id] = int(reminder_id or 0), int(chat)
    assert len(due) == tasks, "a task has no reminder due"
    return Seeded(chat_ids, due, chat_of)


def reminder_states(engine: Engine, reminder_ids: list[int]) -> dict[int, str]:
    """Reminder id -> its state."""
    with Session(engine) as session:
        rows = session.exec(select(Reminder.id, Reminder.state).where(col(Reminder.id).in_(reminder_ids))).all()
    return {int(i or 0): state for i, state in rows}


def unsent_due(engine: Engine) -> int:
    """Reminders due at BOT_NOW not yet sent (cheap enough to poll)."""
    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(Reminder).where(
            col(Reminder.due_at) <= BOT_NOW, Reminder.state != "sent")).one())


def sent_by(engine: Engine, reminder_ids: list[int]) -> dict[str, int]:
    """How many of these reminders each instance (claimed_by) marked sent."""
    with Session(engine) as session:
        rows = session.exec(select(Reminder.claimed_by, func.count()).where(
            col(Reminder.id).in_(reminder_ids), Reminder.state == "sent").group_by(Reminder.claimed_by)).all()
    return {str(who): int(n) for who, n in rows}


def live_leases(engine: Engine, at: datetime) -> list[int]:
    """Chats still leased by some instance at `at` (a lease that never expires would strand them)."""
    with Session(engine) as session:
        return [int(c) for c in session.exec(select(Chat.id).where(
            col(Chat.claimed_by).is_not(None), col(Chat.claim_expires_at) > at)).all()]


LEASE_SAFE_RESTART = BOT_NOW + CLAIM_TTL + timedelta(minutes=1)  # past every lease taken around BOT_NOW


def seed_bulk(engine: Engine, *, chats: int, tasks_per_chat: int) -> Seeded:
    """As seed(), written with bulk INSERTs (the repository path takes ~30 s for 10,000 tasks on PostgreSQL).

    The rows are what save_dispatch writes for such a dispatch: a chat, a dispatch, its tasks, and per task
    the reminder due at BOT_NOW ("1 working day before") and the one of the deadline day.
    """
    ids = [chat_id(n) for n in range(chats)]
    due_at, next_at = datetime(2026, 3, 4, 8, 0, tzinfo=VN_TZ), datetime(2026, 3, 5, 8, 0, tzinfo=VN_TZ)
    with engine.begin() as conn:
        conn.execute(insert(Chat), [{"id": cid, "title": f"Văn phòng {n}", "agency": "Sở Y tế", "active": True,
                                     "days_before": [7, 3, 1], "send_at": "08:00", "remind_collective": True,
                                     "next_short_id": tasks_per_chat + 1, "created_at": SEED_AT}
                                    for n, cid in enumerate(ids)])
        dispatch_ids = conn.execute(insert(Dispatch).returning(col(Dispatch.id), sort_by_parameter_order=True), [
            {"chat_id": cid, "number": f"{100 + n}/UBND-VX", "issuer": "UBND tỉnh", "text": f"Công văn {n}",
             "text_hash": f"hash-{n}", "created_by": 1, "created_at": SEED_AT} for n, cid in enumerate(ids)
        ]).scalars().all()
        task_rows: list[dict[str, Any]] = [{"chat_id": cid, "dispatch_id": did, "short_id": i + 1, "role": "lead", "assignees": [],
                      "text": f"Báo cáo số {n}.{i} về công tác phòng chống dịch <gửi Sở> & Ban",
                      "deadline": DEADLINE, "ongoing": False, "status": "open", "created_at": SEED_AT}
                     for n, (cid, did) in enumerate(zip(ids, dispatch_ids, strict=True))
                     for i in range(tasks_per_chat)]
        task_ids = conn.execute(insert(Task).returning(col(Task.id), sort_by_parameter_order=True),
                                task_rows).scalars().all()
        conn.execute(insert(Reminder), [
            {"task_id": tid, "chat_id": row["chat_id"], "due_at": when, "kind": kind, "days": days,
             "state": "pending", "attempts": 0}
            for tid, row in zip(task_ids, task_rows, strict=True)
            for when, kind, days in ((due_at, "before", 1), (next_at, "due", 0))
        ])
    return planted(engine, ids)


def chats_leased_by(engine: Engine, instance_id: str) -> list[int]:
    """Chats whose lease names this instance (expired or not)."""
    with Session(engine) as session:
        return [int(c) for c in session.exec(select(Chat.id).where(Chat.claimed_by == instance_id)).all()]


def unsent_due_in(engine: Engine, chat_ids: list[int]) -> int:
    """Reminders due at BOT_NOW in these chats not yet sent."""
    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(Reminder).where(
            col(Reminder.due_at) <= BOT_NOW, Reminder.state != "sent", col(Reminder.chat_id).in_(chat_ids))).one())
