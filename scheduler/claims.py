"""Database side of delivery: lease the chats that have due reminders, then record what happened to them.

A tick leases chats, not reminders: each chat with due reminders goes to one instance until
``claim_expires_at``. On SQLite one write transaction (BEGIN IMMEDIATE) reads the due reminders with their
tasks and leases their chats; on PostgreSQL a candidate query, a conditional UPDATE (``FOR UPDATE SKIP
LOCKED``), then a re-read of the reminders under the lease.
The reminder rows are written once, when their message is out (``mark_sent``), and addressed by their primary
key (due_at, chat_id, id): on SQLite that is the order the rows are stored in (storage.models.Reminder), so
the reminders of the chats sent in one wave sit on a page or two, and a wave's commit writes a few pages.
Chats are served in (due_at, chat_id) order, the order of their rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Engine,
    Integer,
    String,
    and_,
    bindparam,
    column,
    literal_column,
    or_,
    update,
    values,
)
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from scheduler.policy import Calendar, next_overdue
from storage.models import Chat, Dispatch, Reminder, Task
from storage.reminders import roll_recurring
from storage.types import UTCDateTime

CLAIM_TTL = timedelta(minutes=5)
MAX_BAD_REQUEST_ATTEMPTS = 3
MAX_BACKOFF = timedelta(hours=1)
MAX_LEASE_ROUNDS = 3


class ReminderKey(NamedTuple):
    """A reminder's primary key, in the order its rows are stored."""

    due_at: datetime
    chat_id: int
    id: int


@dataclass(frozen=True, slots=True)
class Claimed:
    """A due reminder of a leased chat, with what the digest needs about its task."""

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

    @property
    def key(self) -> ReminderKey:
        return ReminderKey(self.due_at, self.chat_id, self.reminder_id)


@dataclass(frozen=True, slots=True)
class Delivered:
    """One message posted: the reminders it carried (primary keys) and its message id."""

    keys: Sequence[ReminderKey]
    message_id: int | None
    overdue_ids: Sequence[int] = ()


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


def _unindexed_state() -> ColumnElement[str]:
    """``state`` as an expression no index matches (not the partial index of pending reminders)."""
    return col(Reminder.state).op("||", return_type=String)(literal_column("''", String))


def _unindexed_id() -> ColumnElement[int]:
    """``id + 0``, with a literal 0: the same id, as an expression no index matches."""
    return col(Reminder.id) + literal_column("0", Integer)


def _by_key(due_at: Any, chat_id: Any, reminder_id: Any) -> ColumnElement[bool]:
    """The reminder with this primary key, found through the primary key itself.

    "id + 0": left bare, SQLite's planner prefers the narrower unique index on id (then a second search for
    the row) to the table's own key; without it, the key's (due_at, chat_id) prefix finds the row among its
    chat's reminders due at the same time, all on one page.
    """
    return and_(
        col(Reminder.due_at) == due_at, col(Reminder.chat_id) == chat_id, _unindexed_id() == reminder_id
    )


def _due(now: datetime) -> ColumnElement[bool]:
    ready = or_(col(Reminder.next_attempt_at).is_(None), col(Reminder.next_attempt_at) <= now)
    # a literal, not a bound parameter: only then can the planner use the partial index of pending reminders
    return and_(col(Reminder.state) == literal_column("'pending'"), col(Reminder.due_at) <= now, ready)


def _lease_free(now: datetime) -> ColumnElement[bool]:
    return and_(
        col(Chat.active).is_(True),
        or_(col(Chat.claim_expires_at).is_(None), col(Chat.claim_expires_at) <= now),
    )


def _lease(conn: Any, *, now: datetime, instance_id: str, limit: int) -> tuple[list[Any], set[int]]:
    """Candidate due reminders (due_at, chat_id, id) and the chats among theirs that this instance now leases."""
    skipped: set[int] = set()
    for _ in range(MAX_LEASE_ROUNDS):  # another instance leasing the same chats right now: look further
        free_chats = sa_select(col(Chat.id)).where(_lease_free(now), col(Chat.id).notin_(skipped))
        candidates = (
            sa_select(col(Reminder.due_at), col(Reminder.chat_id), col(Reminder.id))
            .where(_due(now), (col(Reminder.chat_id) + 0).in_(free_chats))  # "+ 0": walk the due_at index
            .order_by(col(Reminder.due_at), col(Reminder.chat_id))
            .limit(limit)
        )
        rows = conn.execute(candidates).all()
        conn.rollback()  # the lease starts its own write transaction (no stale read snapshot to upgrade)
        if not rows:
            return [], set()
        chat_ids = sorted({int(chat_id) for _, chat_id, _ in rows})
        wanted = and_(col(Chat.id).in_(chat_ids), _lease_free(now))
        if conn.dialect.name == "postgresql":  # lock what is free, skip what another instance is leasing
            locked = sa_select(col(Chat.id)).where(wanted).with_for_update(skip_locked=True)
            wanted = and_(col(Chat.id).in_(locked.scalar_subquery()), _lease_free(now))
        lease = (
            update(Chat)
            .where(wanted)
            .values(claimed_by=instance_id, claim_expires_at=now + CLAIM_TTL)
            .returning(col(Chat.id))
        )
        leased = {int(i) for i in conn.execute(lease).scalars()}
        conn.commit()
        if leased:
            return rows, leased
        skipped.update(chat_ids)
    return [], set()


def claim_due(engine: Engine, *, now: datetime, instance_id: str, limit: int) -> list[Claimed]:
    """Lease the chats owning the oldest due reminders (up to ``limit``); those reminders, oldest first."""
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            return _read_and_lease(conn, now=now, instance_id=instance_id, limit=limit)
        rows, leased = _lease(conn, now=now, instance_id=instance_id, limit=limit)
        keys = [(due_at, chat_id, int(i)) for due_at, chat_id, i in rows if chat_id in leased]
        if not keys:
            return []
        # re-read under the lease (a previous holder may have sent some of them since the candidate query), each
        # row found through the table's key: its (due_at, chat_id) prefix, then the id ("+ 0": see _by_key). Not
        # a range "due_at <= now" over the key: that would walk every reminder ever sent.
        query = (
            _load()
            .where(
                col(Reminder.due_at).in_(sorted({k[0] for k in keys})),
                col(Reminder.chat_id).in_(sorted(leased)),
                _unindexed_id().in_([k[2] for k in keys]),
                _unindexed_state() == "pending",
            )
            .order_by(col(Reminder.due_at), col(Reminder.chat_id), col(Reminder.id))
        )
        claimed = [Claimed(int(row[0] or 0), *row[1:]) for row in conn.execute(query).all()]
        conn.rollback()
        idle = leased - {c.chat_id for c in claimed}
        if idle:  # all of it was sent meanwhile: do not hold the chat until the lease expires
            _release_leases(conn, sorted(idle), instance_id)
            conn.commit()
    return claimed


def _load() -> Any:
    """The digest's columns: a reminder with its task and the number of the task's dispatch."""
    return (
        sa_select(*_LOAD_COLUMNS)
        .join(Task, col(Task.id) == Reminder.task_id)
        .outerjoin(Dispatch, col(Dispatch.id) == Task.dispatch_id)
    )


def _read_and_lease(conn: Any, *, now: datetime, instance_id: str, limit: int) -> list[Claimed]:
    """SQLite: read the due reminders of free chats, with their tasks, and lease those chats in ONE transaction.

    BEGIN IMMEDIATE takes SQLite's single write lock before the read: no other instance can lease, send or
    mark in between, so what is read is what is leased (no candidate query, no re-read), and the read sees
    the latest commit (no stale snapshot to upgrade). The lock is held for the read, a few milliseconds.
    """
    conn.exec_driver_sql("BEGIN IMMEDIATE")
    free_chats = sa_select(col(Chat.id)).where(_lease_free(now))
    query = (
        _load()
        .where(_due(now), (col(Reminder.chat_id) + 0).in_(free_chats))  # "+ 0": walk the due_at index
        .order_by(col(Reminder.due_at), col(Reminder.chat_id))
        .limit(limit)
    )
    claimed = [Claimed(int(row[0] or 0), *row[1:]) for row in conn.execute(query).all()]
    if claimed:
        conn.execute(
            update(Chat)
            .where(col(Chat.id).in_(sorted({c.chat_id for c in claimed})))
            .values(claimed_by=instance_id, claim_expires_at=now + CLAIM_TTL)
        )
    conn.commit()
    return claimed


def claim(engine: Engine, *, now: datetime, instance_id: str, limit: int) -> list[int]:
    """Lease chats with due reminders (as ``claim_due``); the ids of their due reminders."""
    return [c.reminder_id for c in claim_due(engine, now=now, instance_id=instance_id, limit=limit)]


def release_chats(engine: Engine, *, chat_ids: Sequence[int], instance_id: str) -> None:
    """End this instance's leases on these chats."""
    if chat_ids:
        with engine.begin() as conn:
            _release_leases(conn, chat_ids, instance_id)


def _release_leases(conn: Any, chat_ids: Sequence[int], instance_id: str) -> None:
    conn.execute(
        update(Chat)
        .where(col(Chat.id).in_(chat_ids), col(Chat.claimed_by) == instance_id)
        .values(claimed_by=None, claim_expires_at=None)
    )


def _set(session: Session, ids: Sequence[int], **values: object) -> int:
    """Change pending reminders of a chat this instance leases."""
    stmt = (
        update(Reminder)
        .where(col(Reminder.id).in_(ids), _unindexed_state() == "pending")
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return int(session.exec(stmt).rowcount)


_MARK_SENT = (  # by primary key: on SQLite the rows of a wave are neighbours
    update(Reminder)
    .where(
        _by_key(
            bindparam("key_due_at", type_=UTCDateTime()),
            bindparam("key_chat_id", type_=BigInteger()),
            bindparam("reminder_id", type_=BigInteger()),
        ),
        _unindexed_state() == "pending",
    )
    .values(
        state="sent",
        sent_at=bindparam("now", type_=UTCDateTime()),
        message_id=bindparam("message_id", type_=BigInteger()),
        claimed_by=bindparam("instance_id"),
        attempts=col(Reminder.attempts) + literal_column("1", Integer),
        last_error=None,
    )
)


def _mark_sent_joined(rows: list[dict[str, Any]], *, instance_id: str, now: datetime) -> Any:
    """UPDATE reminder ... FROM (VALUES (id, message_id), ...): the PostgreSQL form of _MARK_SENT."""
    data = values(column("rid", BigInteger), column("mid", BigInteger), name="sent").data(
        [(r["reminder_id"], r["message_id"]) for r in rows]
    )
    return (
        update(Reminder)
        .where(col(Reminder.id) == data.c.rid, col(Reminder.state) == "pending")
        .values(
            state="sent",
            sent_at=now,
            message_id=data.c.mid,
            claimed_by=instance_id,
            attempts=col(Reminder.attempts) + 1,
            last_error=None,
        )
    )


def mark_sent(
    engine: Engine,
    *,
    delivered: Sequence[Delivered],
    instance_id: str,
    now: datetime,
    calendar: Calendar,
) -> int:
    """Record delivered messages in one transaction (one executemany), chain the next overdue alerts."""
    rows = sorted(
        (
            {"key_due_at": k.due_at, "key_chat_id": k.chat_id, "reminder_id": k.id, "message_id": d.message_id,
             "now": now, "instance_id": instance_id}
            for d in delivered
            for k in d.keys
        ),
        key=lambda r: (r["key_due_at"], r["key_chat_id"], r["reminder_id"]),  # storage order
    )
    overdue = [i for d in delivered for i in d.overdue_ids]
    with Session(engine) as session:
        conn = session.connection()
        if not rows:
            count = 0
        elif conn.dialect.name == "postgresql":  # one statement, not a round trip per reminder
            count = int(conn.execute(_mark_sent_joined(rows, instance_id=instance_id, now=now)).rowcount)
        else:  # SQLite: executemany of one prepared statement, in-process
            count = int(conn.execute(_MARK_SENT, rows).rowcount)
        if overdue:
            _chain_overdue(session, ids=overdue, now=now, calendar=calendar)
        session.commit()
    return count


def mark_cancelled(engine: Engine, *, ids: Sequence[int]) -> None:
    """Drop reminders whose task is no longer open."""
    with Session(engine) as session:
        _set(session, ids, state="cancelled")
        session.commit()


def release(
    engine: Engine,
    *,
    ids: Sequence[int],
    now: datetime,
    error: str,
    retry_after: float | None = None,
    give_up_after: int | None = None,
    calendar: Calendar | None = None,
) -> tuple[int, int]:
    """Count a failed attempt: back to waiting with backoff; from ``give_up_after`` attempts on, "failed"."""
    retried = failed = 0
    with Session(engine) as session:
        found = session.exec(select(Reminder.id, Reminder.attempts).where(col(Reminder.id).in_(ids))).all()
        rows = [(int(i or 0), a + 1) for i, a in found]
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
                attempts=attempts,
                next_attempt_at=now + delay,
                last_error=error[:200],
            )
        if given_up:
            failed = _set(
                session, given_up, state="failed", attempts=col(Reminder.attempts) + 1, last_error=error[:200]
            )
            if calendar is not None:
                _chain_overdue(session, ids=given_up, now=now, calendar=calendar)
        session.commit()
    return retried, failed


def deactivate_chat(engine: Engine, *, chat_id: int, ids: Sequence[int], now: datetime, error: str) -> None:
    """The bot left or was blocked: pause the chat; its reminders wait, unchanged, for its return."""
    from storage.audit import record

    with Session(engine) as session:
        _set(session, ids, last_error=error[:200])
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
        _set(session, [claimed.reminder_id], state="sent", sent_at=now, claimed_by=instance_id)
        if task is not None and chat is not None and task.status == "open":
            roll_recurring(session, task=task, chat=chat, calendar=calendar, now=now)
        session.commit()


def _chain_overdue(session: Any, *, ids: Sequence[int], now: datetime, calendar: Calendar) -> None:
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
                col(Reminder.state) == "pending",
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
