"""Chat leases that a slow tick cannot outlive: renewed while it works, fenced before each send, taken back
after a restart. On SQLite and PostgreSQL, with an injected clock and an injected pause between renewals."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from dbfixture import add_tasks, found, vn
from fakesender import FakeSender
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import select

import scheduler.leases
from bot.clock import ManualClock
from dispatch.time.calendar import WorkCalendar
from scheduler.claims import claim_due
from scheduler.delivery import TickResult, tick
from scheduler.errors import TransientSendError
from scheduler.leases import resume_own_leases
from storage import Session
from storage.models import Chat, Reminder

TTL = timedelta(minutes=1)
EVERY = TTL / 3
DEADLINE = date(2024, 11, 29)  # a Friday: its "1 working day before" reminder is due Thursday 08:00
NOW = vn(2024, 11, 28, 8, 0)
FIRST, SECOND = -2, -1  # chats are served in (due_at, chat_id) order


class Renewals:
    """The pause between lease renewals, driven by the test: ``step`` moves the clock one renewal interval
    and returns once the renewal due then has been written. Not stepped, renewals stall (a database away)."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self._wake: asyncio.Future[None] | None = None
        self._parked = asyncio.Event()

    async def pause(self, seconds: float) -> None:
        assert seconds == EVERY.total_seconds()
        self._wake = asyncio.get_running_loop().create_future()
        self._parked.set()
        await self._wake

    async def step(self) -> None:
        await asyncio.wait_for(self._parked.wait(), 10)  # the renewal task waits for its next turn
        self._parked.clear()
        self.clock.advance(EVERY)
        assert self._wake is not None
        self._wake.set_result(None)
        await asyncio.wait_for(self._parked.wait(), 10)  # renewed, and waiting again


class HeldSender(FakeSender):
    """A FakeSender whose send to one chat waits until released (a long 429 wait, a slow send), then
    goes through or raises ``then_raise``."""

    def __init__(self, hold: int | None = None, then_raise: Exception | None = None) -> None:
        super().__init__()
        self.hold, self.then_raise = hold, then_raise
        self.entered, self.release = asyncio.Event(), asyncio.Event()
        self.tried: list[int] = []

    async def send(self, chat_id: int, html: str, buttons: object) -> int:  # type: ignore[override]
        self.tried.append(chat_id)
        if chat_id == self.hold:
            self.entered.set()
            await self.release.wait()
            if self.then_raise is not None:
                raise self.then_raise
        return await super().send(chat_id, html, buttons)  # type: ignore[arg-type]


def seed(engine: Engine, calendar: WorkCalendar) -> None:
    """Two groups, one task each; one reminder each is due at NOW."""
    with Session(engine) as s:
        for chat_id in (FIRST, SECOND):
            add_tasks(s, chat_id=chat_id, tasks=[found(f"Báo cáo {chat_id}", DEADLINE)], now=vn(2024, 11, 1),
                      calendar=calendar)


def due(engine: Engine) -> dict[int, Reminder]:
    """The reminder of each chat due at NOW (its earlier ones go in the same digest)."""
    with Session(engine) as s:
        rows = s.exec(select(Reminder).where(Reminder.due_at == NOW)).all()  # "1 day before"
        s.expunge_all()
    assert len(rows) == 2
    return {r.chat_id: r for r in rows}


def run(engine: Engine, calendar: WorkCalendar, sender: FakeSender, clock: ManualClock, instance: str,
        renewals: Renewals | None = None) -> asyncio.Task[TickResult]:
    kwargs = {"pause": renewals.pause} if renewals is not None else {}
    return asyncio.create_task(tick(engine=engine, sender=sender, now=clock.now(), calendar=calendar,
                                    instance_id=instance, concurrency=1, clock=clock.now, lease_ttl=TTL,
                                    **kwargs))  # type: ignore[arg-type]


async def test_a_lease_outliving_its_ttl_during_a_long_wait_is_renewed(engine: Engine,
                                                                       calendar: WorkCalendar) -> None:
    seed(engine, calendar)
    clock = ManualClock(NOW)
    renewals = Renewals(clock)
    slow = HeldSender(hold=FIRST)
    a = run(engine, calendar, slow, clock, "a", renewals)
    await asyncio.wait_for(slow.entered.wait(), 10)
    for _ in range(6):  # twice the lease's length stuck in one send; the other chat waits behind it
        await renewals.step()
        taken = await asyncio.to_thread(claim_due, engine, now=clock.now(), instance_id="b", limit=10, ttl=TTL)
        assert taken == [], f"instance b leased a chat of a busy instance at {clock.now() - NOW}"
    slow.release.set()
    result = await asyncio.wait_for(a, 10)
    other = FakeSender()
    assert (await run(engine, calendar, other, clock, "b")).claimed == 0
    assert result.messages == 2 and result.chats_lost == 0
    assert Counter(m.chat_id for m in slow.sent) == {FIRST: 1, SECOND: 1} and other.sent == []
    assert {(r.state, r.claimed_by) for r in due(engine).values()} == {("sent", "a")}


async def test_a_send_fenced_after_losing_the_lease_sends_and_records_nothing(
    engine: Engine, calendar: WorkCalendar
) -> None:
    seed(engine, calendar)
    clock = ManualClock(NOW)
    stuck = HeldSender(hold=FIRST, then_raise=TransientSendError("429 after the retries", retry_after=30))
    a = run(engine, calendar, stuck, clock, "a", Renewals(clock))  # its renewals never get to run
    await asyncio.wait_for(stuck.entered.wait(), 10)
    clock.advance(TTL + timedelta(seconds=1))  # a's leases have expired: b leases both chats
    b_sender = HeldSender(hold=FIRST)
    b = run(engine, calendar, b_sender, clock, "b")
    await asyncio.wait_for(b_sender.entered.wait(), 10)

    stuck.release.set()  # a's send fails; recording that failure, and a's next send, are fenced
    result = await asyncio.wait_for(a, 10)
    assert stuck.tried == [FIRST], "a sent to a chat it no longer held"
    assert result.chats_lost == 1 and result.retried == 0 and result.messages == 0
    first = due(engine)[FIRST]
    assert (first.state, first.attempts, first.next_attempt_at, first.last_error) == ("pending", 0, None, None), (
        "a's failure was recorded on a reminder that b holds")

    b_sender.release.set()
    assert (await asyncio.wait_for(b, 10)).messages == 2
    assert Counter(m.chat_id for m in b_sender.sent) == {FIRST: 1, SECOND: 1}
    assert {(r.state, r.claimed_by, r.attempts) for r in due(engine).values()} == {("sent", "b", 1)}


async def test_a_message_out_when_the_lease_was_lost_is_still_recorded(engine: Engine,
                                                                      calendar: WorkCalendar) -> None:
    seed(engine, calendar)
    clock = ManualClock(NOW)
    slow = HeldSender(hold=FIRST)
    a = run(engine, calendar, slow, clock, "a", Renewals(clock))
    await asyncio.wait_for(slow.entered.wait(), 10)
    clock.advance(TTL + timedelta(seconds=1))
    taken = await asyncio.to_thread(claim_due, engine, now=clock.now(), instance_id="b", limit=10, ttl=TTL)
    assert {c.chat_id for c in taken} == {FIRST, SECOND}  # b leases both, then stops (a crash)

    slow.release.set()  # a's message to FIRST was already out: it is recorded; SECOND is b's now
    result = await asyncio.wait_for(a, 10)
    assert [m.chat_id for m in slow.sent] == [FIRST] and result.chats_lost == 1
    reminders = due(engine)
    assert (reminders[FIRST].state, reminders[FIRST].message_id) == ("sent", slow.sent[0].message_id)
    assert reminders[SECOND].state == "pending"

    clock.advance(TTL + timedelta(seconds=1))  # b's leases expire; whoever comes next sends only SECOND
    later = FakeSender()
    assert (await run(engine, calendar, later, clock, "c")).messages == 1
    assert [m.chat_id for m in later.sent] == [SECOND]


async def test_a_restarted_instance_takes_its_own_leases_back_at_once(engine: Engine,
                                                                      calendar: WorkCalendar) -> None:
    seed(engine, calendar)
    clock = ManualClock(NOW)
    await asyncio.to_thread(claim_due, engine, now=NOW, instance_id="host:8443", limit=1, ttl=TTL)
    await asyncio.to_thread(claim_due, engine, now=NOW, instance_id="host:8444", limit=1, ttl=TTL)
    # both "crashed" holding their lease; host:8443 is started again one second later
    clock.advance(timedelta(seconds=1))
    sender = FakeSender()
    assert (await run(engine, calendar, sender, clock, "host:8443")).claimed == 0  # not without taking back
    assert resume_own_leases(engine, instance_id="host:8443") == 1
    result = await run(engine, calendar, sender, clock, "host:8443")
    assert result.messages == 1 and [m.chat_id for m in sender.sent] == [FIRST]
    with Session(engine) as s:  # another instance's lease is left alone
        leased = {c.id: (c.claimed_by, c.claim_expires_at) for c in s.exec(select(Chat)).all()}
    assert leased[SECOND] == ("host:8444", datetime.fromisoformat("2024-11-28T08:01:00+07:00"))
    assert leased[FIRST] == (None, None)


async def test_a_send_whose_lease_cannot_be_confirmed_waits_for_the_next_tick(
    engine: Engine, calendar: WorkCalendar, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(engine, calendar)
    clock = ManualClock(NOW)

    def unreachable(*args: object, **kwargs: object) -> set[int]:
        raise OperationalError("UPDATE chat ...", {}, Exception("server closed the connection"))

    monkeypatch.setattr(scheduler.leases, "renew_leases", unreachable)
    sender = FakeSender()
    result = await run(engine, calendar, sender, clock, "a")
    assert sender.sent == [] and result.chats_lost == 2
    assert {r.state for r in due(engine).values()} == {"pending"}
    monkeypatch.undo()
    assert (await run(engine, calendar, sender, clock, "a")).messages == 2  # its leases were released
