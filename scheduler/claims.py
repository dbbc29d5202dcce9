"""Database side of delivery, before the send: lease the chats that have due reminders, read those reminders.

A tick leases chats, not reminders: each chat with due reminders goes to one instance until
``claim_expires_at``, renewed while the tick works (scheduler.leases). On SQLite one write transaction (BEGIN IMMEDIATE) reads the due reminders with their
tasks and leases their chats; on PostgreSQL a candidate query, a conditional UPDATE (``FOR UPDATE SKIP
LOCKED``), then a re-read of the reminders under the lease. Chats are served in (due_at, chat_id) order,
the order of their rows. What happened to the messages is recorded by scheduler.outcomes.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, literal_column, or_, update
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import col

from scheduler.keys import ReminderKey, unindexed_id, unindexed_state
from storage.models import Chat, Dispatch, Person, Reminder, Task, TaskAssignee
from storage.policy import Assignee

CLAIM_TTL = timedelta(minutes=5)
MAX_LEASE_ROUNDS = 3


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
    dispatch_number: str | None
    urgency: str | None = None
    undelivered: list[int] | None = None  # the chat's tasks whose reminder failed since its last digest
    chat_active: bool = True  # False: the chat is unreachable and this send is its probe
    task_chat_id: int = 0  # the task's group (chat_id is where the reminder goes: that group or a private chat)
    group_title: str | None = None
    assignees: tuple[Assignee, ...] = ()

    @property
    def key(self) -> ReminderKey:
        return ReminderKey(self.due_at, self.chat_id, self.reminder_id)


@dataclass(frozen=True, slots=True)
class Delivered:
    """One message posted: the reminders it carried (primary keys), its message id, the failures it told of."""

    keys: Sequence[ReminderKey]
    message_id: int | None
    overdue_ids: Sequence[int] = ()
    told: Sequence[int] = ()  # short ids of the chat's failed reminders this message reported
    probe: bool = False  # the chat was unreachable: this message going through makes it active again


_GROUP = aliased(Chat, name="task_chat")  # the task's group (a reminder's own chat may be a private one)
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
    col(Dispatch.number),
    col(Task.urgency),
    col(Chat.undelivered),
    col(Chat.active),
    col(Task.chat_id),
    _GROUP.title,
]


def _due(now: datetime) -> ColumnElement[bool]:
    ready = or_(col(Reminder.next_attempt_at).is_(None), col(Reminder.next_attempt_at) <= now)
    # a literal, not a bound parameter: only then can the planner use the partial index of pending reminders
    return and_(col(Reminder.state) == literal_column("'pending'"), col(Reminder.due_at) <= now, ready)


def _lease_free(now: datetime) -> ColumnElement[bool]:
    """Not leased, and active or due for a probe (an unreachable chat is tried again at probe_at)."""
    return and_(
        or_(col(Chat.active).is_(True), and_(col(Chat.probe_at).is_not(None), col(Chat.probe_at) <= now)),
        or_(col(Chat.claim_expires_at).is_(None), col(Chat.claim_expires_at) <= now),
    )


def _lease(conn: Any, *, now: datetime, instance_id: str, limit: int,
           ttl: timedelta) -> tuple[list[Any], set[int]]:
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
            .values(claimed_by=instance_id, claim_expires_at=now + ttl)
            .returning(col(Chat.id))
        )
        leased = {int(i) for i in conn.execute(lease).scalars()}
        conn.commit()
        if leased:
            return rows, leased
        skipped.update(chat_ids)
    return [], set()


def claim_due(engine: Engine, *, now: datetime, instance_id: str, limit: int,
              ttl: timedelta = CLAIM_TTL) -> list[Claimed]:
    """Lease the chats owning the oldest due reminders (up to ``limit``) until ``now + ttl``; those reminders,
    oldest first."""
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            return _read_and_lease(conn, now=now, instance_id=instance_id, limit=limit, ttl=ttl)
        rows, leased = _lease(conn, now=now, instance_id=instance_id, limit=limit, ttl=ttl)
        keys = [(due_at, chat_id, int(i)) for due_at, chat_id, i in rows if chat_id in leased]
        if not keys:
            return []
        # re-read under the lease (a previous holder may have sent some of them since the candidate query), each
        # row found through the table's key: its (due_at, chat_id) prefix, then the id ("+ 0": see by_key). Not
        # a range "due_at <= now" over the key: that would walk every reminder ever sent.
        query = (
            _load()
            .where(
                col(Reminder.due_at).in_(sorted({k[0] for k in keys})),
                col(Reminder.chat_id).in_(sorted(leased)),
                unindexed_id().in_([k[2] for k in keys]),
                unindexed_state() == "pending",
            )
            .order_by(col(Reminder.due_at), col(Reminder.chat_id), col(Reminder.id))
        )
        claimed = _with_assignees(conn, [Claimed(int(row[0] or 0), *row[1:]) for row in conn.execute(query).all()])
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
        .join(Chat, col(Chat.id) == Reminder.chat_id)
        .outerjoin(Dispatch, col(Dispatch.id) == Task.dispatch_id)
        .join(_GROUP, col(_GROUP.id) == Task.chat_id)
    )


def _with_assignees(conn: Any, claimed: list[Claimed]) -> list[Claimed]:
    """The claimed reminders with the people their tasks are assigned to (one query)."""
    if not claimed:
        return claimed
    rows = conn.execute(
        sa_select(col(TaskAssignee.task_id), col(Person.user_id), col(Person.username), col(Person.name))
        .join(Person, col(Person.id) == TaskAssignee.person_id)
        .where(col(TaskAssignee.task_id).in_(sorted({c.task_id for c in claimed})))
        .order_by(col(TaskAssignee.task_id), col(Person.id))
    ).all()
    people: dict[int, list[Assignee]] = defaultdict(list)
    for task_id, user_id, username, name in rows:
        people[task_id].append(Assignee(user_id=user_id, username=username, name=name))
    return [dataclasses.replace(c, assignees=tuple(people[c.task_id])) if c.task_id in people else c
            for c in claimed]


def _read_and_lease(conn: Any, *, now: datetime, instance_id: str, limit: int, ttl: timedelta) -> list[Claimed]:
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
    claimed = _with_assignees(conn, [Claimed(int(row[0] or 0), *row[1:]) for row in conn.execute(query).all()])
    if claimed:
        conn.execute(
            update(Chat)
            .where(col(Chat.id).in_(sorted({c.chat_id for c in claimed})))
            .values(claimed_by=instance_id, claim_expires_at=now + ttl)
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
