"""Group commit of "sent" marks: concurrent sends share a transaction, none returns before it is recorded."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from scheduler.claims import Delivered
from scheduler.keys import ReminderKey
from scheduler.marks import GroupCommit

DUE = datetime(2025, 3, 12, 1, 0, tzinfo=UTC)


def delivered(i: int) -> Delivered:
    """Message i carrying reminder i."""
    return Delivered([ReminderKey(DUE, -1, i)], i)


async def test_concurrent_sends_are_recorded_together_and_before_their_slot_is_freed() -> None:
    flushed: list[list[int]] = []

    async def flush(batch: list[Delivered]) -> int:
        await asyncio.sleep(0.001)
        flushed.append([d.message_id or 0 for d in batch])
        return len(batch)

    marks, gate, slots = GroupCommit(flush), asyncio.Semaphore(4), 4

    async def worker(i: int) -> None:
        async with gate:
            marks.started()
            await asyncio.sleep(0.001 * (i % 3))
            if i % 7 == 6:  # a failed send records nothing but must not hold the others back
                await marks.finished(None)
                return
            await marks.finished(delivered(i))
            assert any(i in batch for batch in flushed)  # recorded before the slot is given back

    await asyncio.gather(*(worker(i) for i in range(30)))
    sent = [i for i in range(30) if i % 7 != 6]
    assert sorted(i for batch in flushed for i in batch) == sent
    assert max(len(b) for b in flushed) <= slots and len(flushed) < len(sent)
    assert marks.recorded == len(sent) and marks.sending == 0


async def test_a_failed_flush_reaches_every_waiter() -> None:
    async def flush(batch: list[Delivered]) -> int:
        raise RuntimeError("database is locked")

    marks = GroupCommit(flush)
    marks.started()
    marks.started()

    async def second() -> None:
        await asyncio.sleep(0)
        await marks.finished(delivered(2))

    results = await asyncio.gather(marks.finished(delivered(1)), second(), return_exceptions=True)
    assert all(isinstance(r, RuntimeError) for r in results)
