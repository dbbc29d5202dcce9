"""Reminders: the pure policy (when to remind) and the delivery tick (claim, send one digest per chat).

Policy (storage.policy, pure, no database, no clock)::

    ChatSettings(days_before=(7, 3, 1), send_at=time(8, 0), remind_collective=True)
    TaskSchedule(deadline, deadline_time=None, recurrence=None, ongoing=False, role=None, status="open",
                 urgency=None, saved_at=None)
    plan_reminders(task, *, settings, calendar, now) -> list[PlannedReminder(kind, days, due_at)]
        # kind: "before" (days = working days before), "due" (days 0), "overdue" (days = days overdue,
        # only the next one: the tick chains the following one when it is sent), "recurring" (a silent
        # roll-over marker after an occurrence; the tick moves the task to its next occurrence), "urgent"
        # (a Hỏa tốc task due the day it was saved: at saved_at and two hours before its hour).
    # digests list the urgent (Hỏa tốc, Thượng khẩn, Khẩn) first in each section, marked (URGENCY_MARKS)
    next_occurrence(recurrence, on_or_after) -> tuple[date, time | None] | None
        # a dispatch.time.recurrence.Recurrence ("monthly:20", "weekly:THU 08:00", "yearly:11-20", "daily")
    next_round(now, *, settings, calendar) -> datetime   # next working day send_at strictly after now

Delivery (scheduler.delivery)::

    result = await tick(engine=engine, sender=sender, now=now, calendar=calendar, instance_id="host-1",
                        limit=2000, concurrency=8,   # limit: reminders claimed per tick
                        clock=clock.now, lease_ttl=CLAIM_TTL)   # the time while it works, for its leases
    # TickResult(claimed, sent, messages, retried, failed, cancelled, chats_deactivated, chats_moved,
    #            chats_lost)

    class Sender(Protocol):
        async def send(self, chat_id: int, html: str, buttons: Buttons) -> int: ...   # returns message_id
    Buttons = Sequence[Sequence[tuple[str, str]]]   # rows of (label, callback_data)
    # one row per task, labels followed by the short id ("✅ Xong #12"):
    #   ("✅ Xong", "done:<task_id>"), ("⏰ Hoãn 1 ngày", "snooze:<reminder_id>"),
    #   ("📅 Gia hạn", "extend:<task_id>")

The sender raises (scheduler.errors)::

    SendError
     ├── TransientSendError(retry_after=None)  # 429/5xx/timeout: back to pending with backoff, never dropped
     ├── ChatGoneError                         # 403 kicked/blocked, chat not found: chat inactive, probed
     │                                         # at probe_at (5 min doubling to 6 h); back on a send or update
     ├── ChatMigratedError(new_chat_id)        # group upgraded to a supergroup: everything moves to the new id
     └── BadRequestError                       # other 400: retried with backoff for a day, then "failed",
          └── MalformedMessageError            # noted in chat.undelivered for the next digest and /status;
                                               # a malformed message (too long, bad HTML): 3 tries

A tick, and what a crash costs (scheduler.claims, scheduler.leases, scheduler.marks, scheduler.outcomes)::

    lease    the chats owning the oldest due reminders go to this instance until claim_expires_at
             (Chat.claimed_by, CLAIM_TTL = 5 min). SQLite: ONE write transaction (BEGIN IMMEDIATE) reads the
             due reminders with their tasks through the partial index of pending reminders and leases their
             chats. PostgreSQL: candidate query, lease UPDATE over SELECT ... FOR UPDATE SKIP LOCKED, re-read
             of the reminders under the lease. Two instances never hold the same chat, so never a reminder.
    renew    while the tick works, every lease it still holds is extended every CLAIM_TTL / 3 (a task of its
             own: also during a long 429 wait or a slow send), so a tick longer than CLAIM_TTL keeps its chats.
    fence    before each message, one conditional UPDATE extends the chat's lease if this instance still
             holds it; a chat whose lease was lost (renewals could not reach the database for 2/3 of
             CLAIM_TTL, and another instance leased it) is not sent to, and a failure on it is not recorded.
    send     one digest per chat, ``concurrency`` chats at a time (bot.app.TICK_CONCURRENCY = 8). A reminder
             stays "pending" while its message is out: there is no "sending" state to get stuck in.
    mark     the messages of concurrent sends are marked "sent" in ONE transaction (a wave); each sender keeps
             its slot until its wave is committed. SQLite: an executemany of one prepared UPDATE, each row
             found by the table's key (due_at, chat_id, id); PostgreSQL: one UPDATE ... FROM (VALUES ...).
    release  the tick's leases end when it ends (also when it fails).

    Crash before a send: nothing went out; once the lease expires the next tick (any instance) sends it.
    Crash between a send and its wave's commit: once the lease is free again those messages go out again: at most
    ``concurrency`` digest parts per instance, the messages in flight.
    A send Telegram carried out but whose answer was lost (a timeout, a 5xx after storing, a closed
    connection) looks failed and is sent again: one duplicate per such send (bench/ambiguous.py, README).
    Crash before the release: the chats wait until the process is back (it frees the leases held under its
    own instance id at start-up: scheduler.leases.resume_own_leases) or CLAIM_TTL has passed, whichever
    comes first; then their pending reminders are sent.
    Failed sends go back to pending with a backoff (next_attempt_at) or end "failed" (scheduler.errors).
    Reminders in the old "sending" state went back to pending in migration 0002.

A task appears once per digest even when several of its reminders are due (catch-up after downtime); the
text shows the task's state as of ``now`` (còn N ngày làm việc / hôm nay là hạn chót / quá hạn N ngày).
Reminders whose task is done or deleted by then are cancelled, not sent.

Formatting (scheduler.digest): render_digest(...) builds the Vietnamese HTML digest;
split_html(text, limit=4096) splits at line boundaries, never inside a tag or entity.
"""

from __future__ import annotations

from scheduler.delivery import Sender, TickResult, tick
from scheduler.digest import Buttons, render_digest, split_html
from scheduler.errors import (
    BadRequestError,
    ChatGoneError,
    ChatMigratedError,
    MalformedMessageError,
    SendError,
    TransientSendError,
)
from storage.policy import (
    ChatSettings,
    PlannedReminder,
    TaskSchedule,
    next_occurrence,
    next_round,
    plan_reminders,
)

__all__ = [
    "BadRequestError",
    "Buttons",
    "ChatGoneError",
    "ChatMigratedError",
    "ChatSettings",
    "MalformedMessageError",
    "PlannedReminder",
    "SendError",
    "Sender",
    "TaskSchedule",
    "TickResult",
    "TransientSendError",
    "next_occurrence",
    "next_round",
    "plan_reminders",
    "render_digest",
    "split_html",
    "tick",
]
