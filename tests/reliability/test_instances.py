"""Three webhook instances over one PostgreSQL: 10,000 due reminders, each sent once, the work shared.

Each instance is a real `dondoc run` process in webhook mode on its own loopback port, as behind a reverse
proxy; each calls the fake Bot API under its own URL prefix, which is how the messages are counted per
instance. The fake server accepts no message until all three have registered their webhook, so none can
finish the round before the others are up.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest
import relscene
import relseed
from relfake import PerProcessTelegram
from relproc import BotProcess, free_port, poll_until, post_update, write_config

from storage import make_engine, migrate

CHATS, TASKS_PER_CHAT = 1000, 10  # 10,000 due reminders, one 10-task digest per chat
INSTANCES = ("i1", "i2", "i3")
SECRET = "webhook-secret_Abc123"



@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # skipped without PostgreSQL
async def test_three_webhook_instances_share_10000_reminders(
    fake: PerProcessTelegram, database_url: str, tmp_path: Path
) -> None:
    postgres_url = database_url
    started = time.monotonic()
    engine = make_engine(postgres_url)
    migrate(engine)
    seeded = relseed.seed_bulk(engine, chats=CHATS, tasks_per_chat=TASKS_PER_CHAT)
    due = seeded.reminder_ids
    assert len(due) == CHATS * TASKS_PER_CHAT
    for chat_id in seeded.chat_ids:
        fake.group(chat_id)
    seeded_in = time.monotonic() - started

    fake.hold_messages_until_webhooks(len(INSTANCES))
    config = write_config(tmp_path, webhook=True)
    instances = [BotProcess(tag, workdir=tmp_path, token=fake.token, api_root=fake.root_for(tag),
                            database_url=postgres_url, now=relseed.BOT_NOW, config=config,
                            webhook_port=free_port(), secret=SECRET).start() for tag in INSTANCES]
    try:
        await poll_until(lambda: relseed.unsent_due(engine) == 0, 60,
                         "every due reminder to be sent", *instances)
        sent_in = time.monotonic() - started

        # updates come in through any instance's webhook (with the secret token)
        officer = fake.user(501, "Lan", "lan_vp")
        fake.send_text(officer.id, officer, "/help")
        port = instances[1].webhook_port
        assert port is not None
        assert await post_update(port, fake.state.updates.pop(), SECRET) == 200
        await fake.wait_for(lambda: fake.bot_messages(officer.id), timeout=10)
    finally:
        codes = [await process.stop() for process in instances]
    assert codes == [0, 0, 0], [p.log()[-2000:] for p in instances]

    delivered = fake.tasks_delivered()
    duplicated = sum(n - 1 for n in delivered.values())
    by_instance = {tag: fake.sent_by[tag] for tag in INSTANCES}
    reminders_by = relseed.sent_by(engine, due)
    print(f"\n3 instances: due {len(due)}, delivered {len(delivered)}, duplicated {duplicated}; messages per "
          f"instance {by_instance}; reminders per instance {sorted(reminders_by.values(), reverse=True)}; "
          f"seeded {seeded_in:.1f} s, all sent {sent_in:.1f} s")
    assert set(delivered) == set(seeded.due) and duplicated == 0, "each reminder exactly once"
    assert Counter(relseed.reminder_states(engine, due).values()) == {"sent": len(due)}
    assert sum(by_instance.values()) == CHATS + 1  # one digest per chat, and the answer to /help
    assert len(reminders_by) == len(INSTANCES) and min(reminders_by.values()) >= len(due) // 10, reminders_by
    assert min(by_instance.values()) >= CHATS // 10, by_instance
    assert relseed.live_leases(engine, at=relseed.LEASE_SAFE_RESTART) == []
    for process in instances:
        log = process.log()
        assert fake.token not in log and SECRET not in log
    engine.dispose()


LEASE_SECONDS = 8  # a tick sends for longer than this: its leases must be renewed
LIMITED_CHATS, LIMITED_TASKS = 600, 5  # 3,000 reminders: the first tick leases 400 chats, the second 200


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # skipped without PostgreSQL
async def test_429_waits_never_turn_into_duplicates(fake: PerProcessTelegram, database_url: str,
                                                    tmp_path: Path) -> None:
    """Three instances configured for 30 messages/s, Telegram granting 24: one tick takes longer than a lease,
    429s pause the instances, the third instance waits idle for a lease to lapse; each chat still gets one
    digest."""
    scene = relscene.three_instances(fake, database_url, tmp_path, chats=LIMITED_CHATS, tasks_per_chat=LIMITED_TASKS,
                                     per_second=30, limit=relscene.GRANTED, lease_seconds=LEASE_SECONDS)
    try:
        await scene.all_sent(120, "every due reminder to be sent")
        sent_in = time.monotonic() - scene.started
    finally:
        codes = await scene.stop()
    figures = scene.figures()
    floor = LIMITED_CHATS / relscene.GRANTED
    print(f"\n429 test: {figures.line()}; all sent in {sent_in:.1f} s (floor at {relscene.GRANTED}/s: {floor:.1f} s), "
          f"lease {LEASE_SECONDS} s")
    assert set(codes.values()) == {0}, [p.log()[-2000:] for p in scene.processes.values()]
    assert figures.refused > 0, "the global limit never refused a message: nothing was tested"
    # one instance sent more than fits in one lease at the global rate: its tick outlived its first lease
    assert max(figures.by_instance.values()) > relscene.GRANTED * LEASE_SECONDS * 1.5, figures.by_instance
    assert figures.lost == 0 and figures.duplicated == 0 and figures.duplicate_messages == 0, figures
    assert Counter(relseed.reminder_states(scene.engine, scene.seeded.reminder_ids).values()) == {
        "sent": figures.due}
    for process in scene.processes.values():
        assert fake.token not in process.log() and relscene.SECRET not in process.log()
    scene.engine.dispose()
