"""Three webhook instances over one PostgreSQL, under Telegram's global limit enforced with 429s.

The scenario of the lease tests (test_instances.py, test_crash_restart.py) and of bench/leases.py: due
reminders seeded in bulk, one group per chat, the fake Bot API answering 429 (retry_after 1) beyond
``limit`` messages in any second, all instances together. The instances are configured with ``per_second``
(``overall_max_rate``, as a deployment would configure Telegram's limit) and take their send slots from one
schedule in the database (bot.pacing), so together they keep to it; a ``limit`` below ``per_second`` (Telegram
granting less than configured) makes them meet 429s all the same. The fake server accepts no message until
all three are up.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import relseed
from relfake import KillSwitch, PerProcessTelegram
from relproc import BotProcess, free_port, poll_until, write_config
from sqlalchemy import Engine

from storage import make_engine, migrate

INSTANCES = ("i1", "i2", "i3")
SECRET = "webhook-secret_Abc123"
GRANTED = 24  # messages a second a test's fake lets through, below the 30 its instances are configured for


@dataclass(frozen=True)
class Figures:
    """What the chats received, judged against what was due."""

    chats: int
    due: int  # tasks with a reminder due
    lost: int  # of those, never delivered
    duplicated: int  # deliveries of a task beyond its first
    duplicate_messages: int  # messages to a chat beyond its one digest
    refused: int  # sendMessage calls answered 429
    by_instance: dict[str, int]  # messages accepted per process (URL prefix)

    def line(self) -> str:
        return (f"{self.chats} chats, {self.due} reminders due: lost {self.lost}, duplicated {self.duplicated} "
                f"({self.duplicate_messages} messages), 429s {self.refused}, messages per process "
                f"{self.by_instance}")


@dataclass
class Scene:
    """The database, the fake server and the bot processes of one run."""

    fake: PerProcessTelegram
    engine: Engine
    seeded: relseed.Seeded
    workdir: Path
    config: Path
    database_url: str
    processes: dict[str, BotProcess] = field(default_factory=dict)
    started: float = 0.0  # time.monotonic() when the first instances were started

    def start(self, tag: str, port: int) -> BotProcess:
        """A `dondoc run` under URL prefix `tag` on webhook port `port` (its lease name: host name and port),
        its clock where the clocks of the processes already running are now."""
        offset = timedelta(seconds=time.monotonic() - self.started) if self.started else timedelta(0)
        process = BotProcess(tag, workdir=self.workdir, token=self.fake.token, api_root=self.fake.root_for(tag),
                             database_url=self.database_url, now=relseed.BOT_NOW + offset, config=self.config,
                             webhook_port=port, secret=SECRET).start()
        self.processes[tag] = process
        return process

    async def all_sent(self, timeout: float, what: str) -> None:
        """Wait until no reminder due at BOT_NOW is left unsent."""
        await poll_until(lambda: relseed.unsent_due(self.engine) == 0, timeout, what, *self.processes.values())

    def arm_kill(self, after: int) -> KillSwitch:
        """SIGKILL whichever instance sends the `after`-th accepted message (it is in the middle of a tick)."""
        self.fake.kill_switch = switch = KillSwitch(None, after, pids={t: p.pid for t, p in self.processes.items()})
        return switch

    async def stop(self) -> dict[str, int]:
        """SIGTERM every process still running; the exit codes (-9: killed)."""
        return {tag: await process.stop() for tag, process in self.processes.items()}

    def figures(self) -> Figures:
        delivered = self.fake.tasks_delivered()
        per_chat = Counter(chat for chat, _ in self.fake.sender_of)
        return Figures(
            chats=len(self.seeded.chat_ids),
            due=len(self.seeded.due),
            lost=len(set(self.seeded.due) - set(delivered)),
            duplicated=sum(n - 1 for n in delivered.values()),
            duplicate_messages=sum(n - 1 for n in per_chat.values()),
            refused=self.fake.refused(),
            by_instance=dict(self.fake.sent_by),
        )


def three_instances(fake: PerProcessTelegram, database_url: str, workdir: Path, *, chats: int, tasks_per_chat: int,
                    per_second: int = 30, limit: int | None = None, lease_seconds: float = 300,
                    instances: Sequence[str] = INSTANCES) -> Scene:
    """Seed `chats` groups with `tasks_per_chat` reminders due each, start three webhook instances (or those
    given: bench/leases.py measures one alone for reference)."""
    engine = make_engine(database_url)
    migrate(engine)
    seeded = relseed.seed_bulk(engine, chats=chats, tasks_per_chat=tasks_per_chat)
    for chat_id in seeded.chat_ids:
        fake.group(chat_id)
    fake.enforce_limits(overall_per_second=limit or per_second)
    fake.hold_messages_until_webhooks(len(instances))
    config = write_config(workdir, webhook=True, overall_max_rate=per_second, lease_seconds=lease_seconds)
    scene = Scene(fake, engine, seeded, workdir, config, database_url)
    for tag in instances:
        scene.start(tag, free_port())
    scene.started = time.monotonic()
    return scene
