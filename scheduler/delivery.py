"""The delivery tick: lease the chats with due reminders, send one digest per chat, record the outcome.

Duplicate bound: lease the chat (until now + CLAIM_TTL) -> send -> mark "sent", the messages of concurrent
sends in one commit (scheduler.marks). While the tick works its leases are renewed every CLAIM_TTL / 3, and
each send is fenced: it goes out only if this instance still holds the chat's lease (scheduler.leases). So a
tick slowed by 429 waits keeps its chats, and no other instance sends them meanwhile. A crash after a send
and before its mark re-sends only the messages that were in flight: at most ``concurrency`` digest parts.
A send whose answer was lost although Telegram stored the message is retried like any failed send: one
duplicate each (the Bot API cannot look a message up).
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import Engine

from dispatch.time.urgency import URGENCY_ORDER
from scheduler.claims import CLAIM_TTL, Claimed, Delivered, claim_due, release_chats
from scheduler.digest import Buttons, DigestItem, DigestPart, render_digest
from scheduler.errors import (
    BadRequestError,
    ChatGoneError,
    ChatMigratedError,
    MalformedMessageError,
    TransientSendError,
)
from scheduler.keys import ReminderKey
from scheduler.leases import LeaseKeeper
from scheduler.marks import GroupCommit
from scheduler.outcomes import (
    GIVE_UP_AFTER,
    MAX_MALFORMED_ATTEMPTS,
    deactivate_chat,
    mark_cancelled,
    mark_sent,
    move_chat,
    release,
    roll,
)
from storage.policy import Calendar, local_date, moment_of

log = logging.getLogger(__name__)
CATCH_UP_AFTER = timedelta(minutes=15)  # a reminder this late is announced as a catch-up


class Sender(Protocol):
    """Posts one HTML message with inline buttons and returns its message id."""

    async def send(self, chat_id: int, html: str, buttons: Buttons) -> int: ...


@dataclass(slots=True)
class TickResult:
    """What one tick did."""

    claimed: int = 0
    sent: int = 0  # reminders marked sent (silent roll-overs included)
    messages: int = 0  # messages posted
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    chats_deactivated: int = 0
    chats_moved: int = 0  # groups found upgraded to supergroups
    chats_lost: int = 0  # chats whose lease another instance took over: left to it, not sent by this tick


def _items(
    claims: Sequence[Claimed], now: datetime
) -> tuple[list[tuple[DigestItem, bool]], dict[int, list[ReminderKey]]]:
    """One item per task (its latest reminder for the snooze button) and the reminders' keys per task."""
    by_task: dict[int, list[Claimed]] = defaultdict(list)
    for c in claims:
        by_task[c.task_id].append(c)
    items: list[tuple[DigestItem, bool]] = []
    keys: dict[int, list[ReminderKey]] = {}
    for task_id, group in by_task.items():
        last = max(group, key=lambda c: (c.due_at, c.reminder_id))
        assert last.deadline is not None
        item = DigestItem(
            task_id=task_id,
            short_id=last.short_id,
            text=last.text,
            deadline=last.deadline,
            deadline_time=last.deadline_time,
            reminder_id=last.reminder_id,
            assignees=last.assignees,
            dispatch_number=last.dispatch_number,
            urgency=last.urgency,
            group=(last.group_title or "Nhóm") if last.task_chat_id != last.chat_id else None,
        )
        late = now > moment_of(last.deadline, last.deadline_time) and not last.recurrence
        items.append((item, late))
        keys[task_id] = [c.key for c in group]
    items.sort(key=lambda pair: (URGENCY_ORDER.get(pair[0].urgency, 3), pair[0].deadline, pair[0].short_id))
    return items, keys


async def _deliver_chat(
    chat_id: int,
    claims: list[Claimed],
    *,
    engine: Engine,
    sender: Sender,
    marks: GroupCommit,
    leases: LeaseKeeper,
    now: datetime,
    calendar: Calendar,
    result: TickResult,
) -> None:
    items, keys_by_task = _items(claims, now)
    catch_up = any(now - c.due_at > CATCH_UP_AFTER for c in claims)
    undelivered = claims[0].undelivered or []
    parts = render_digest(items, today=local_date(now), calendar=calendar, catch_up=catch_up,
                          undelivered=undelivered)
    overdue = {c.reminder_id for c in claims if c.kind == "overdue"}
    for n, part in enumerate(parts):
        keys = [k for t in part.task_ids for k in keys_by_task[t]]
        ids = [k.id for k in keys]
        if not await leases.fence(chat_id):  # taken over: its new holder sends this part and the rest
            result.chats_lost += 1
            return
        marks.started()
        try:
            message_id = await sender.send(chat_id, part.html, part.buttons)
        except Exception as exc:
            await marks.finished(None)
            if isinstance(exc, ChatMigratedError):  # the reminders wait under the new id for the next tick
                await asyncio.to_thread(move_chat, engine, old_id=chat_id, new_id=exc.new_chat_id, now=now)
                result.chats_moved += 1
                return
            if isinstance(exc, ChatGoneError):
                await asyncio.to_thread(
                    deactivate_chat, engine, chat_id=chat_id, ids=_ids(parts[n:], keys_by_task), now=now,
                    error=f"chat gone: {exc}", fence=leases.fence_for(chat_id),
                )
                result.chats_deactivated += 1
                return
            if isinstance(exc, BadRequestError):
                log.warning("reminder digest rejected in chat %s: %s", chat_id, exc)
                retried, failed = await asyncio.to_thread(
                    release, engine, ids=ids, now=now, error=f"bad request: {exc}",
                    calendar=calendar, fence=leases.fence_for(chat_id), **_give_up(exc),
                )
                result.retried, result.failed = result.retried + retried, result.failed + failed
                continue
            if not isinstance(exc, TransientSendError):  # a sender bug: keep the reminders, try later
                log.exception("sender failed for chat %s", chat_id)
            retry_after = exc.retry_after if isinstance(exc, TransientSendError) else None
            retried, _ = await asyncio.to_thread(
                release, engine, ids=_ids(parts[n:], keys_by_task), now=now, error=f"transient: {exc!r}",
                retry_after=retry_after, fence=leases.fence_for(chat_id),
            )
            result.retried += retried
            return
        told = undelivered if n == 0 else []
        await marks.finished(Delivered(keys, message_id, [i for i in ids if i in overdue], told,
                                       probe=not claims[0].chat_active))
        result.messages += 1


def _give_up(exc: BadRequestError) -> dict[str, Any]:
    """A malformed message is refused again at once; a refusal (a muted bot) may end: try for a day."""
    if isinstance(exc, MalformedMessageError):
        return {"max_attempts": MAX_MALFORMED_ATTEMPTS}
    return {"give_up_after": GIVE_UP_AFTER}


def _ids(parts: Sequence[DigestPart], keys_by_task: dict[int, list[ReminderKey]]) -> list[int]:
    return [k.id for p in parts for t in p.task_ids for k in keys_by_task[t]]


async def tick(
    *,
    engine: Engine,
    sender: Sender,
    now: datetime,
    calendar: Calendar,
    instance_id: str,
    limit: int = 2000,
    concurrency: int = 8,
    clock: Callable[[], datetime] | None = None,
    lease_ttl: timedelta = CLAIM_TTL,
    pause: Callable[[float], Awaitable[object]] = asyncio.sleep,
) -> TickResult:
    """Claim what is due at ``now``, send one digest per chat, record message ids.

    ``now`` is the instant served (what is due, what the digests say); ``clock`` (default: ``now``, still)
    tells the time while the tick works, for renewing its leases (each ``lease_ttl`` long) every
    ``lease_ttl / 3`` of ``pause``. The tick never reads the system clock itself.
    """
    if now.tzinfo is None:
        raise ValueError("tick needs an aware now")
    result = TickResult()
    claims = await asyncio.to_thread(claim_due, engine, now=now, instance_id=instance_id, limit=limit,
                                     ttl=lease_ttl)
    result.claimed = len(claims)
    if not claims:
        return result
    leased = sorted({c.chat_id for c in claims})
    keeper = LeaseKeeper(engine, chat_ids=leased, instance_id=instance_id, clock=clock or (lambda: now),
                         ttl=lease_ttl, pause=pause)
    try:
        async with keeper:
            await _serve(claims, engine=engine, sender=sender, leases=keeper, now=now, calendar=calendar,
                         instance_id=instance_id, concurrency=concurrency, result=result)
    finally:
        await asyncio.to_thread(release_chats, engine, chat_ids=leased, instance_id=instance_id)
    return result


async def _serve(claims: list[Claimed], *, engine: Engine, sender: Sender, leases: LeaseKeeper, now: datetime,
                 calendar: Calendar, instance_id: str, concurrency: int, result: TickResult) -> None:
    """Cancel the stale, roll the recurring, send a digest to each chat (``concurrency`` at a time)."""
    by_chat: dict[int, list[Claimed]] = defaultdict(list)
    stale: list[int] = []
    for c in claims:
        if c.status != "open" or c.deadline is None:
            stale.append(c.reminder_id)
        elif c.kind == "recurring":
            await asyncio.to_thread(roll, engine, claimed=c, instance_id=instance_id, now=now, calendar=calendar)
            result.sent += 1
        else:
            by_chat[c.chat_id].append(c)
    if stale:
        await asyncio.to_thread(mark_cancelled, engine, ids=stale)
        result.cancelled = len(stale)

    async def record(batch: list[Delivered]) -> int:
        return await asyncio.to_thread(
            mark_sent, engine, delivered=batch, instance_id=instance_id, now=now, calendar=calendar
        )

    marks = GroupCommit(record)
    gate = asyncio.Semaphore(concurrency)

    async def one(chat_id: int, group: list[Claimed]) -> None:
        async with gate:
            try:
                await _deliver_chat(chat_id, group, engine=engine, sender=sender, marks=marks, leases=leases,
                                    now=now, calendar=calendar, result=result)
            finally:
                leases.finished(chat_id)

    await asyncio.gather(*(one(chat_id, group) for chat_id, group in by_chat.items()))
    result.sent += marks.recorded
