"""Database side of delivery, after the send: record what happened to the reminders of a leased chat.

The reminder rows are written once, when their message is out (``mark_sent``), and addressed by their
primary key (scheduler.keys): the reminders of the chats sent in one wave sit on a page or two, and a
wave's commit writes a few pages. A failed send goes back to waiting with backoff (``release``); refused
(a 400) for ``GIVE_UP_AFTER`` in a row, it ends "failed" and its task joins the chat's ``undelivered`` list,
which the chat's next digest reports. Failures are recorded only under the chat's lease (a ``Fence``); a
message that went out is marked sent whoever holds the chat by then (it did go out). A chat that refuses everything (403, chat not found) is paused and
probed again at ``probe_at`` (``deactivate_chat``: 5 min, doubling up to 6 h); the first message that goes
through, or any update from the chat (storage.chats.chat_heard_from), makes it active again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import BigInteger, Engine, Integer, bindparam, column, literal_column, update, values
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from scheduler.claims import Claimed, Delivered
from scheduler.keys import by_key, unindexed_state
from scheduler.leases import Fence
from storage.models import Chat, Reminder, Task
from storage.policy import Calendar, next_overdue
from storage.reminders import roll_recurring
from storage.types import UTCDateTime

GIVE_UP_AFTER = timedelta(days=1)  # a reminder refused (400) for this long is "failed"
MAX_MALFORMED_ATTEMPTS = 3  # the message itself was refused (too long, bad HTML): it will not get better
MAX_BACKOFF = timedelta(hours=1)
PROBE_FIRST = timedelta(minutes=5)  # an unreachable chat is tried again after 5 min, 10, 20, ... up to 6 h
PROBE_MAX = timedelta(hours=6)


def _set(session: Session, ids: Sequence[int], **values: object) -> int:
    """Change pending reminders of a chat this instance leases."""
    stmt = (
        update(Reminder)
        .where(col(Reminder.id).in_(ids), unindexed_state() == "pending")
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return int(session.exec(stmt).rowcount)


_MARK_SENT = (  # by primary key: on SQLite the rows of a wave are neighbours
    update(Reminder)
    .where(
        by_key(
            bindparam("key_due_at", type_=UTCDateTime()),
            bindparam("key_chat_id", type_=BigInteger()),
            bindparam("reminder_id", type_=BigInteger()),
        ),
        unindexed_state() == "pending",
    )
    .values(
        state="sent",
        sent_at=bindparam("now", type_=UTCDateTime()),
        message_id=bindparam("message_id", type_=BigInteger()),
        claimed_by=bindparam("instance_id"),
        attempts=col(Reminder.attempts) + literal_column("1", Integer),
        last_error=None,
        failing_since=None,
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
            failing_since=None,
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
        _reached(session, delivered, now=now)
        session.commit()
    return count


def _reached(session: Session, delivered: Sequence[Delivered], *, now: datetime) -> None:
    """A message went through: a chat that was being probed is active again; the failures it told are told."""
    from storage.audit import record

    chat_ids = sorted({k.chat_id for d in delivered if d.probe for k in d.keys})
    told = {d.keys[0].chat_id: set(d.told) for d in delivered if d.told and d.keys}
    probed = select(Chat).where(col(Chat.id).in_(chat_ids), col(Chat.active).is_(False))
    for chat in session.exec(probed) if chat_ids else ():
        chat.active, chat.probe_at, chat.probe_failures = True, None, 0
        session.add(chat)
        record(session, chat_id=chat.id, action="activate", now=now, detail={"reason": "a message went through"})
    for chat_id, shown in told.items():
        reported = session.get(Chat, chat_id)
        if reported is not None and reported.undelivered:
            reported.undelivered = [n for n in reported.undelivered if n not in shown] or None
            session.add(reported)


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
    give_up_after: timedelta | None = None,
    max_attempts: int | None = None,
    calendar: Calendar | None = None,
    fence: Fence | None = None,
) -> tuple[int, int]:
    """Count a failed attempt: back to waiting with backoff; "failed" once refused for ``give_up_after`` in a
    row, or at the ``max_attempts``-th attempt. With a fence, only while the chat's lease is still held: a
    chat taken over meanwhile belongs to its new holder, whose attempt this one must not delay or count."""
    retried = failed = 0
    with Session(engine) as session:
        if fence is not None and not fence.holds(session.connection()):
            return 0, 0
        found = session.exec(
            select(Reminder.id, Reminder.attempts, Reminder.failing_since).where(col(Reminder.id).in_(ids))
        ).all()
        given_up: list[int] = []
        for reminder_id, attempts, since in ((int(i or 0), a + 1, f) for i, a, f in found):
            if give_up_after is not None:
                since = since or now
            if (give_up_after is not None and since is not None and now - since >= give_up_after) or (
                    max_attempts is not None and attempts >= max_attempts):
                given_up.append(reminder_id)
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
                failing_since=since if give_up_after is not None else None,
            )
        if given_up:
            failed = _set(
                session, given_up, state="failed", attempts=col(Reminder.attempts) + 1, last_error=error[:200]
            )
            _note_undelivered(session, given_up)
            if calendar is not None:
                _chain_overdue(session, ids=given_up, now=now, calendar=calendar)
        session.commit()
    return retried, failed


def _note_undelivered(session: Session, reminder_ids: Sequence[int]) -> None:
    """Put the tasks of these failed reminders on their chat's list for the next digest (and /status)."""
    rows = session.exec(
        select(Reminder.chat_id, Task.short_id).join(Task, col(Task.id) == Reminder.task_id)
        .where(col(Reminder.id).in_(reminder_ids))
    ).all()
    for chat_id in {c for c, _ in rows}:
        chat = session.get(Chat, chat_id)
        if chat is not None:
            numbers = set(chat.undelivered or []) | {n for c, n in rows if c == chat_id}
            chat.undelivered = sorted(numbers)
            session.add(chat)


def deactivate_chat(engine: Engine, *, chat_id: int, ids: Sequence[int], now: datetime, error: str,
                    fence: Fence | None = None) -> None:
    """The chat refused the bot: pause it; its reminders wait, unchanged, for a probe or an update from it.
    With a fence, only while the chat's lease is still held (as ``release``)."""
    from storage.audit import record

    with Session(engine) as session:
        if fence is not None and not fence.holds(session.connection()):
            return
        _set(session, ids, last_error=error[:200])
        chat = session.get(Chat, chat_id)
        if chat is not None:
            if chat.active:
                chat.active, chat.probe_failures = False, 0
                record(session, chat_id=chat_id, action="deactivate", now=now, detail={"reason": error[:200]})
            chat.probe_at = now + min(PROBE_FIRST * 2 ** min(chat.probe_failures, 10), PROBE_MAX)
            chat.probe_failures += 1
            session.add(chat)
        session.commit()


def move_chat(engine: Engine, *, old_id: int, new_id: int, now: datetime) -> None:
    """The group became a supergroup: its chat, tasks and reminders move to the new id (storage.moves)."""
    from storage.moves import move_chat as move

    with Session(engine) as session:
        move(session, old_id=old_id, new_id=new_id, now=now)


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
        .join(Chat, col(Chat.id) == Task.chat_id)  # the group's settings, also for a private alert
        .where(col(Reminder.id).in_(ids), Reminder.kind == "overdue", Task.status == "open")
    ).all()
    for reminder, task, chat in rows:
        if task.deadline is None or task.recurrence:
            continue
        later = session.exec(
            select(Reminder.id).where(
                Reminder.task_id == task.id,
                Reminder.chat_id == reminder.chat_id,
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
