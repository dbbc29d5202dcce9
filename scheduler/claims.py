"""Database side of delivery: claim due reminders atomically, then record what happened to them.

Each function opens its own short transaction so that a reminder is marked sent right after its message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Engine, String, or_, true, update
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from scheduler.policy import Calendar, next_overdue
from storage.models import Chat, Dispatch, Reminder, Task
from storage.reminders import roll_recurring

CLAIM_TTL = timedelta(minutes=5)
MAX_BAD_REQUEST_ATTEMPTS = 3
MAX_BACKOFF = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Claimed:
    """A claimed reminder with what the digest needs about its task."""

    reminder_id: int
    kind: str
    due_at: datetime
    chat_id: int
    task_id: int
    short_id: int
    text: str
    status: str
    deadline: date | None
    deadline_time: time | None
    recurrence: str | None
    assigned_username: str | None
    dispatch_number: str | None


def claim(engine: Engine, *, now: datetime, instance_id: str, limit: int) -> list[int]:
    """Atomically move due reminders of active chats to "sending" for this instance; their ids."""
    active = select(Chat.id).where(col(Chat.active).is_(True))
    ready = or_(col(Reminder.next_attempt_at).is_(None), col(Reminder.next_attempt_at) <= now)
    pending = (col(Reminder.state) == "pending") & (col(Reminder.due_at) <= now) & ready
    expired = (col(Reminder.state) == "sending") & (col(Reminder.claim_expires_at) <= now)
    ids: list[int] = []
    with Session(engine) as session:
        for condition in (expired, pending):
            picked = (
                select(Reminder.id)
                .where(condition, col(Reminder.chat_id).in_(active))
                .order_by(col(Reminder.due_at))
                .limit(limit - len(ids))
                .with_for_update(skip_locked=True, of=col(Reminder.id))
            )
            # PostgreSQL: the rows are locked (SKIP LOCKED) and re-checked; SQLite runs the whole UPDATE under
            # its single writer lock, and a re-check there would make it scan the state index instead of ids.
            recheck = condition if session.get_bind().dialect.name != "sqlite" else true()
            stmt = (
                update(Reminder)
                .where(col(Reminder.id).in_(picked.scalar_subquery()), recheck)
                .values(
                    state="sending",
                    claimed_by=instance_id,
                    claim_expires_at=now + CLAIM_TTL,
                    attempts=col(Reminder.attempts) + 1,
                )
                .returning(col(Reminder.id))
                .execution_options(synchronize_session=False)
            )
            ids.extend(int(i) for i in session.exec(stmt).scalars())
            if len(ids) >= limit:
                break
        session.commit()
    return ids


_LOAD_COLUMNS: list[Any] = [
    col(Reminder.id),
    col(Reminder.kind),
    col(Reminder.due_at),
    col(Reminder.chat_id),
    col(Reminder.task_id),
    col(Task.short_id),
    col(Task.text),
    col(Task.status),
    col(Task.deadline),
    col(Task.deadline_time),
    col(Task.recurrence),
    col(Task.assigned_username),
    col(Dispatch.number),
]


def load(engine: Engine, *, ids: Sequence[int]) -> list[Claimed]:
    """The claimed reminders with their tasks, oldest first (plain rows: no ORM objects to build)."""
    if not ids:
        return []
    query = (
        sa_select(*_LOAD_COLUMNS)
        .join(Task, col(Task.id) == Reminder.task_id)
        .outerjoin(Dispatch, col(Dispatch.id) == Task.dispatch_id)
        .where(col(Reminder.id).in_(ids))
        .order_by(col(Reminder.due_at), col(Reminder.id))
    )
    with engine.connect() as conn:
        return [Claimed(int(row[0] or 0), *row[1:]) for row in conn.execute(query)]


def _unindexed_state() -> ColumnElement[str]:
    """``state`` as an expression no index matches, so the planner looks rows up by id."""
    return col(Reminder.state).op("||", return_type=String)("")


def _set(session: Session, ids: Sequence[int], instance_id: str, **values: object) -> int:
    stmt = (
        update(Reminder)
        .where(
            col(Reminder.id).in_(ids),
            _unindexed_state() == "sending",
            col(Reminder.claimed_by) == instance_id,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return int(session.exec(stmt).rowcount)


def mark_sent(
    engine: Engine,
    *,
    ids: Sequence[int],
    instance_id: str,
    now: datetime,
    message_id: int | None,
    calendar: Calendar,
    overdue_ids: Sequence[int] = (),
) -> int:
    """Record a delivered message and chain the next alert after the overdue ones among ``ids``."""
    with Session(engine) as session:
        count = _set(
            session, ids, instance_id, state="sent", sent_at=now, message_id=message_id, last_error=None
        )
        if overdue_ids:
            _chain_overdue(session, ids=overdue_ids, now=now, calendar=calendar)
        session.commit()
    return count


def mark_cancelled(engine: Engine, *, ids: Sequence[int], instance_id: str) -> None:
    """Drop reminders whose task is no longer open."""
    with Session(engine) as session:
        _set(session, ids, instance_id, state="cancelled")
        session.commit()


def release(
    engine: Engine,
    *,
    ids: Sequence[int],
    instance_id: str,
    now: datetime,
    error: str,
    retry_after: float | None = None,
    give_up_after: int | None = None,
    calendar: Calendar | None = None,
) -> tuple[int, int]:
    """Put reminders back to pending with backoff; beyond ``give_up_after`` attempts mark them failed."""
    retried = failed = 0
    with Session(engine) as session:
        found = session.exec(select(Reminder.id, Reminder.attempts).where(col(Reminder.id).in_(ids))).all()
        rows = [(int(i or 0), a) for i, a in found]
        given_up = [i for i, a in rows if give_up_after is not None and a >= give_up_after]
        for reminder_id, attempts in rows:
            if reminder_id in given_up:
                continue
            delay = (
                timedelta(seconds=retry_after)
                if retry_after is not None
                else min(timedelta(seconds=30 * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)
            )
            retried += _set(
                session,
                [reminder_id],
                instance_id,
                state="pending",
                claimed_by=None,
                claim_expires_at=None,
                next_attempt_at=now + delay,
                last_error=error[:200],
            )
        if given_up:
            failed = _set(session, given_up, instance_id, state="failed", last_error=error[:200])
            if calendar is not None:
                _chain_overdue(session, ids=given_up, now=now, calendar=calendar)
        session.commit()
    return retried, failed


def deactivate_chat(
    engine: Engine, *, chat_id: int, ids: Sequence[int], instance_id: str, now: datetime, error: str
) -> None:
    """The bot left or was blocked: pause the chat; its reminders wait, unchanged, for its return."""
    from storage.audit import record

    with Session(engine) as session:
        _set(
            session,
            ids,
            instance_id,
            state="pending",
            claimed_by=None,
            claim_expires_at=None,
            attempts=col(Reminder.attempts) - 1,
            last_error=error[:200],
        )
        chat = session.get(Chat, chat_id)
        if chat is not None and chat.active:
            chat.active = False
            session.add(chat)
            record(session, chat_id=chat_id, action="deactivate", now=now, detail={"reason": error[:200]})
        session.commit()


def roll(engine: Engine, *, claimed: Claimed, instance_id: str, now: datetime, calendar: Calendar) -> None:
    """A recurring task's occurrence is over: move it to the next one (silent reminder)."""
    with Session(engine) as session:
        task = session.get(Task, claimed.task_id)
        chat = session.get(Chat, claimed.chat_id)
        _set(session, [claimed.reminder_id], instance_id, state="sent", sent_at=now)
        if task is not None and chat is not None and task.status == "open":
            roll_recurring(session, task=task, chat=chat, calendar=calendar, now=now)
        session.commit()


def _chain_overdue(session: Session, *, ids: Sequence[int], now: datetime, calendar: Calendar) -> None:
    """After an overdue alert, plan the next one (next working day) while the task stays open."""
    rows = session.exec(
        select(Reminder, Task, Chat)
        .join(Task, col(Task.id) == Reminder.task_id)
        .join(Chat, col(Chat.id) == Reminder.chat_id)
        .where(col(Reminder.id).in_(ids), Reminder.kind == "overdue", Task.status == "open")
    ).all()
    for reminder, task, chat in rows:
        if task.deadline is None or task.recurrence:
            continue
        later = session.exec(
            select(Reminder.id).where(
                Reminder.task_id == task.id,
                Reminder.kind == "overdue",
                col(Reminder.due_at) > now,
                col(Reminder.state).in_(("pending", "sending")),
            )
        ).first()
        if later is not None:
            continue
        nxt = next_overdue(task.deadline, after=now, settings=chat.settings, calendar=calendar)
        try:
            with session.begin_nested():
                session.add(
                    Reminder(
                        task_id=reminder.task_id,
                        chat_id=reminder.chat_id,
                        due_at=nxt.due_at,
                        kind="overdue",
                        days=nxt.days,
                    )
                )
        except IntegrityError:
            pass  # already planned by someone else: the unique key keeps it single
