"""bot.updates: one chat's updates in order, other chats not held by it; handlers.readqueue's bounds and order."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Chat, Message, Update, User

from bot.updates import ChatOrderedProcessor, order_key
from dispatch.readers.worker import Cancelled
from handlers.readqueue import QueueFull, ReadQueue


def update(update_id: int, chat_id: int) -> Update:
    chat = Chat(chat_id, "group" if chat_id < 0 else "private")
    message = Message(update_id, None, chat, from_user=User(7, "Lan", False), text="x")  # type: ignore[arg-type]
    return Update(update_id, message=message)


async def test_one_chat_in_order_while_another_chat_goes_past_it() -> None:
    processor = ChatOrderedProcessor()
    done: list[tuple[int, int]] = []
    release = asyncio.Event()

    async def handle(u: Update, *, blocked: bool = False) -> None:
        if blocked:
            await release.wait()  # the first update of the group: a long read, say
        assert u.effective_chat is not None
        done.append((u.effective_chat.id, u.update_id))

    group = [update(1, -100), update(2, -100), update(3, -100)]
    other = update(4, -200)
    tasks = [asyncio.create_task(processor.process_update(group[0], handle(group[0], blocked=True)))]
    tasks += [asyncio.create_task(processor.process_update(u, handle(u))) for u in (*group[1:], other)]
    await asyncio.wait_for(_until(lambda: (-200, 4) in done), timeout=5)
    assert done == [(-200, 4)], "the other chat is answered; the group's later updates wait for its first"
    release.set()
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=5)
    assert done == [(-200, 4), (-100, 1), (-100, 2), (-100, 3)]


async def test_a_failing_update_does_not_stop_the_chat() -> None:
    processor = ChatOrderedProcessor()
    done: list[int] = []

    async def fail() -> None:
        raise RuntimeError("boom")

    async def ok(n: int) -> None:
        done.append(n)

    first = asyncio.create_task(processor.process_update(update(1, 5), fail()))
    second = asyncio.create_task(processor.process_update(update(2, 5), ok(2)))
    with pytest.raises(RuntimeError):
        await first
    await asyncio.wait_for(second, timeout=5)
    assert done == [2]


def test_order_key_is_the_chat_else_the_user() -> None:
    assert order_key(update(1, -100)) == ("chat", -100)
    assert order_key(Update(2)) is None
    moved = Message(3, None, Chat(-5, "group"), migrate_to_chat_id=-1005)  # type: ignore[arg-type]
    assert order_key(Update(3, message=moved)) == ("chat", -1005), "both halves of a migration in one order"
    assert order_key(object()) is None


async def test_read_queue_bounds_per_chat_and_in_all_and_keeps_each_chats_order() -> None:
    queue = ReadQueue(workers=1, per_chat=2, total=3)
    a1, a2 = queue.admit(-1), queue.admit(-1)
    with pytest.raises(QueueFull) as chat_full:
        queue.admit(-1)
    assert (chat_full.value.scope, chat_full.value.count) == ("chat", 2)
    b1 = queue.admit(-2)
    with pytest.raises(QueueFull) as all_full:
        queue.admit(-3)
    assert all_full.value.scope == "all"
    assert a1.started.done() and not a2.started.done() and not b1.started.done()
    assert (a1.ahead, a2.ahead, b1.ahead) == (0, 1, 2)
    queue.release(a1)
    assert not a2.started.done() and b1.started.done(), "another chat goes before the chat's second file"
    queue.release(b1)
    assert a2.started.done()
    queue.release(a2)
    assert queue.admitted() == 0


async def test_closing_the_queue_fails_the_waiting_files_in_vietnamese() -> None:
    queue = ReadQueue(workers=1, per_chat=3, total=3)
    reading, waiting = queue.admit(-1), queue.admit(-2)
    await queue.close()
    assert reading.cancel.is_set()
    with pytest.raises(Cancelled, match="gửi lại tệp"):
        await queue.wait_turn(waiting)
    with pytest.raises(QueueFull):
        queue.admit(-3)


async def _until(predicate: object) -> None:
    while not predicate():  # type: ignore[operator]
        await asyncio.sleep(0)
