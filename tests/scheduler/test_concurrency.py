"""Several instances racing over one database: every reminder is claimed and sent exactly once."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date

from dbfixture import add_tasks, found, vn
from fakesender import FakeSender
from sqlalchemy import Engine
from sqlmodel import col, select

from dispatch.time.calendar import WorkCalendar
from scheduler.delivery import TickResult, tick
from storage import Session
from storage.models import Reminder, Task


async def test_three_instances_claim_each_reminder_once(engine: Engine, calendar: WorkCalendar) -> None:
    with Session(engine) as s:
        for chat in range(30):
            add_tasks(
                s,
                chat_id=-(chat + 1),
                now=vn(2024, 11, 1),
                calendar=calendar,
                tasks=[found(f"Việc {chat}.{i}", date(2024, 11, 29)) for i in range(10)],
            )
    now = vn(2024, 11, 28, 10)  # every before-7/3/1 reminder of the 300 tasks is due: 900
    sender = FakeSender()
    results: dict[str, list[TickResult]] = {"a": [], "b": [], "c": []}

    async def instance(name: str) -> None:
        while True:
            result = await tick(
                engine=engine,
                sender=sender,
                now=now,
                calendar=calendar,
                instance_id=name,
                limit=45,
                concurrency=4,
            )
            results[name].append(result)
            if result.claimed == 0:
                return

    await asyncio.gather(*(instance(name) for name in results))
    claimed = {name: sum(r.claimed for r in rs) for name, rs in results.items()}
    assert sum(claimed.values()) == 900
    with Session(engine) as s:
        rows = s.exec(select(Reminder).where(col(Reminder.due_at) <= now)).all()
        assert {r.state for r in rows} == {"sent"} and len(rows) == 900
        assert Counter(r.claimed_by for r in rows).keys() <= {"a", "b", "c"}
        short_ids = {t.id: t.short_id for t in s.exec(select(Task))}
    messages = {m.message_id: m for m in sender.sent}
    for r in rows:  # each reminder went out in exactly one recorded message that shows its task
        message = messages[r.message_id or 0]
        assert message.chat_id == r.chat_id and f"<b>#{short_ids[r.task_id]}</b>" in message.html
    assert len(sender.sent) == len(messages)
    if engine.dialect.name == "postgresql":
        assert sum(1 for c in claimed.values() if c > 0) >= 2, claimed  # the work is shared
