"""SIGKILL the real bot in the middle of a reminder round, restart it: nothing lost, duplicates bounded.

The bound (scheduler.delivery): a tick leases the chats it sends to (lease = now + CLAIM_TTL, 5 min, renewed
while it works), sends their digests (TICK_CONCURRENCY = 8 at a time), and marks each message's reminders
"sent" once Telegram has answered, while its send slot is still held. A crash can therefore leave at most 8 messages that Telegram
has but the database does not: exactly those are sent again, by whoever next leases their chats. A tick
leases every chat it claimed reminders for, up to 2,000 reminders; a restarted process has the same lease
name (the host name here, DONDOC_INSTANCE_ID or host name and port in general), so it takes those leases back
at start-up: the restarts below come right after the kill and serve the chats without waiting the 5 minutes.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import relscene
import relseed
from relfake import KillSwitch, PerProcessTelegram
from relproc import BotProcess, poll_until, write_config
from relscene import INSTANCES

from bot.app import TICK_CONCURRENCY
from storage import make_engine, migrate

CHATS, TASKS_PER_CHAT = 100, 4  # 400 due reminders, one digest per chat
KILL_AT = 30  # messages accepted by the server when the first process is killed
ANSWER_DELAY = 0.03  # every sendMessage is answered 30 ms after the message exists



async def test_sigkill_mid_round_then_restart(fake: PerProcessTelegram, database_url: str, tmp_path: Path) -> None:
    started = time.monotonic()
    engine = make_engine(database_url)
    migrate(engine)
    seeded = relseed.seed(engine, chats=CHATS, tasks_per_chat=TASKS_PER_CHAT)
    due = seeded.reminder_ids
    task_of = {r: t for t, r in seeded.due.items()}
    assert len(due) == CHATS * TASKS_PER_CHAT
    for chat_id in seeded.chat_ids:
        fake.group(chat_id)
    config = write_config(tmp_path)

    def process(tag: str, offset: timedelta) -> BotProcess:
        return BotProcess(tag, workdir=tmp_path, token=fake.token, api_root=fake.root_for(tag),
                          database_url=database_url, now=relseed.BOT_NOW + offset, config=config)

    seeded_in = time.monotonic() - started

    # 1. the round starts; SIGKILL lands while messages are out and their answers held
    fake.answer_delay = ANSWER_DELAY
    first = process("i1", timedelta(0)).start()
    first_started = time.monotonic()
    fake.kill_switch = switch = KillSwitch(first.pid, KILL_AT)
    try:
        assert await first.exited(timeout=30) == -9, first.log()[-3000:]
    finally:
        first.kill()
    assert switch.fired
    fake.answer_delay = 0
    delivered_at_kill = fake.tasks_delivered()
    pending = {task_of[r] for r, state in relseed.reminder_states(engine, due).items() if state == "pending"}
    unrecorded = {t for t in delivered_at_kill if t in pending}  # Telegram has them, the database does not
    leased = set(relseed.live_leases(engine, at=relseed.BOT_NOW + timedelta(minutes=1)))
    assert fake.accepted < CHATS, "the kill came after the round"
    assert {seeded.chat_of[t] for t in unrecorded} <= leased

    killed_in = time.monotonic() - started

    # 2. restarted at once, its clock where the first one's would be: it takes its leases back, the rest is
    # sent, and the unrecorded messages again
    second = process("i2", timedelta(seconds=time.monotonic() - first_started)).start()
    try:
        await poll_until(lambda: relseed.unsent_due(engine) == 0, 40,
                         "every due reminder to be sent", second)
    finally:
        assert await second.stop() == 0, second.log()[-3000:]

    done_in = time.monotonic() - started
    delivered = fake.tasks_delivered()
    duplicated = {t: n - 1 for t, n in delivered.items() if n > 1}
    per_chat = Counter(chat for chat, _ in fake.sender_of)  # a 4-task digest is one message
    duplicate_messages = sum(n - 1 for n in per_chat.values())
    print(f"\nkill test ({engine.dialect.name}): due {len(due)}, delivered {len(delivered)}, duplicated "
          f"{sum(duplicated.values())} reminders in {duplicate_messages} messages; SIGKILL at message {KILL_AT} "
          f"with {switch.answers_held} answers held, {len(unrecorded)} reminders delivered but unrecorded, "
          f"{len(leased)} chats leased; messages per process {dict(fake.sent_by)}; "
          f"seeded {seeded_in:.1f} s, killed {killed_in:.1f} s, all sent {done_in:.1f} s")
    assert set(delivered) == set(seeded.due), "a due reminder was never delivered"
    assert set(duplicated) == unrecorded, "only the messages in flight at the kill may be sent twice"
    assert duplicate_messages <= TICK_CONCURRENCY
    assert Counter(relseed.reminder_states(engine, due).values()) == {"sent": len(due)}  # none "sending"
    assert relseed.live_leases(engine, at=relseed.LEASE_SAFE_RESTART) == []
    for proc in (first, second):
        assert fake.token not in proc.log()
    engine.dispose()


KILLED_CHATS, KILLED_TASKS = 600, 5  # 3,000 reminders: two instances lease 400 and 200 chats
KILL_AFTER = 150  # accepted messages (all instances) when the one sending the 150th is SIGKILLed


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # skipped without PostgreSQL
async def test_sigkill_one_of_three_instances_then_restart_it(fake: PerProcessTelegram, database_url: str,
                                                             tmp_path: Path) -> None:
    """Configured for 30 messages/s with Telegram granting 24 (429s), one of three instances is killed mid-tick
    and started again at once (same port, so the same lease name): it takes its leases back, so its chats are
    served within a minute, not after the 5-minute lease; only its messages in flight are sent twice; none is
    lost."""
    fake.answer_delay = ANSWER_DELAY
    scene = relscene.three_instances(fake, database_url, tmp_path, chats=KILLED_CHATS, tasks_per_chat=KILLED_TASKS,
                                     limit=relscene.GRANTED)
    task_of = {r: t for t, r in scene.seeded.due.items()}
    switch = scene.arm_kill(KILL_AFTER)
    try:
        await poll_until(lambda: switch.fired, 60, "the kill", *scene.processes.values())
        assert switch.killed is not None
        victim = scene.processes[switch.killed]
        assert await victim.exited(timeout=10) == -9
        # what the victim's chats look like now: nobody else may send them (its leases last 5 minutes)
        pending = {task_of[r] for r, state in relseed.reminder_states(scene.engine, scene.seeded.reminder_ids).items()
                   if state == "pending"}
        unrecorded = {t for t in fake.tasks_delivered_by(switch.killed) if t in pending}
        assert victim.webhook_port is not None
        restarted_at = time.monotonic()
        scene.start(f"i{len(scene.processes) + 1}", victim.webhook_port)
        await scene.all_sent(60, "every due reminder to be sent within 60 s of the restart")
        served_in = time.monotonic() - restarted_at
    finally:
        codes = await scene.stop()
    figures = scene.figures()
    duplicated = {t for t, n in fake.tasks_delivered().items() if n > 1}
    print(f"\nkill one of three: {figures.line()}; killed {switch.killed} at message {KILL_AFTER} with "
          f"{switch.answers_held} answers held, {len(unrecorded)} reminders delivered but unrecorded; all served "
          f"{served_in:.1f} s after the restart")
    assert codes[switch.killed] == -9 and {c for t, c in codes.items() if t != switch.killed} == {0}, codes
    assert figures.refused > 0, "the global limit never refused a message: nothing was tested"
    assert figures.lost == 0, "a due reminder was never delivered"
    assert duplicated == unrecorded, "only the killed instance's messages in flight may be sent twice"
    assert figures.duplicate_messages <= TICK_CONCURRENCY
    assert Counter(relseed.reminder_states(scene.engine, scene.seeded.reminder_ids).values()) == {
        "sent": figures.due}
    assert "took back" in scene.processes[f"i{len(INSTANCES) + 1}"].log()
    scene.engine.dispose()
