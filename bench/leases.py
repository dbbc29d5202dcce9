"""Chat leases at full size: three webhook instances over PostgreSQL under Telegram's global limit.

Each run seeds a fresh PostgreSQL database with ``--chats`` groups, one reminder due in each, and starts real
`dondoc run` processes in webhook mode against the fake Bot API (tests/reliability/relscene.py), which answers
429 (retry_after 1) beyond 30 messages in any second, all processes together. The instances are configured for
30/s (config.toml's overall_max_rate) and take their send slots from one schedule in the database (bot.pacing),
so together they keep to it.

    reference  one instance alone: time to serve every chat, beside the floor chats / 30 s
    three      three instances: lost, duplicated, 429s, time to serve, messages per instance
    kill       three instances; the one that sends the ``--kill-at``-th message is SIGKILLed (mid-tick) and
               started again at once on its port, so under the same lease name: lost, duplicates beside its
               messages in flight at the kill, time from the restart until every chat is served, beside the
               floor (reminders left at the kill) / 30 s

    DONDOC_BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \\
        .venv/bin/python bench/leases.py [--chats 3000] [--lease 300] [--kill-at 1500] [--runs reference,three,kill]

``--lease`` is [reminders] lease_seconds (300 deployed); a short one (e.g. 20) makes every tick outlive its
lease several times over. Figures only, no assertions. Loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "reliability")]

import relscene  # noqa: E402
import relseed  # noqa: E402
from conftest import drop_postgres_database, fresh_postgres_database  # noqa: E402
from relfake import PerProcessTelegram  # noqa: E402
from relproc import poll_until  # noqa: E402

LIMIT = 30  # messages per second, all instances together, as Telegram counts them
TIMEOUT = 900.0  # seconds a run may take before it is reported as stuck


async def measure(run: str, base_url: str, *, chats: int, lease: float, kill_at: int) -> None:
    url, name = fresh_postgres_database(base_url)
    fake = PerProcessTelegram()
    await fake.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            instances = ("i1",) if run == "reference" else relscene.INSTANCES
            scene = relscene.three_instances(fake, url, Path(tmp), chats=chats, tasks_per_chat=1, per_second=LIMIT,
                                             lease_seconds=lease, instances=instances)
            extra = ""
            try:
                if run == "kill":
                    extra = await _kill_and_restart(scene, kill_at)
                else:
                    await scene.all_sent(TIMEOUT, "every chat to be served")
                served = time.monotonic() - scene.started
            finally:
                codes = await scene.stop()
            figures = scene.figures()
            print(f"{run:9}  lease {lease:g} s | {figures.line()} | all served {served:.1f} s after the start "
                  f"(floor {chats / LIMIT:.1f} s){extra} | exit codes {codes}", flush=True)
            scene.engine.dispose()
        errors = fake.format_errors()
        if errors:
            print(f"           messages Telegram would have rejected: {errors[:3]}")
    finally:
        await fake.stop()
        drop_postgres_database(base_url, name)


async def _kill_and_restart(scene: relscene.Scene, kill_at: int) -> str:
    switch = scene.arm_kill(kill_at)
    await poll_until(lambda: switch.fired, TIMEOUT, "the kill", *scene.processes.values())
    assert switch.killed is not None
    victim = scene.processes[switch.killed]
    await victim.exited(timeout=10)
    killed = time.monotonic()
    states = relseed.reminder_states(scene.engine, scene.seeded.reminder_ids)
    left = sum(1 for state in states.values() if state != "sent")
    unrecorded = sum(1 for t in scene.fake.tasks_delivered_by(switch.killed) if states[scene.seeded.due[t]] != "sent")
    assert victim.webhook_port is not None
    stranded = relseed.chats_leased_by(scene.engine, f"{socket.gethostname()}:{victim.webhook_port}")
    stranded_left = relseed.unsent_due_in(scene.engine, stranded)
    restarted = time.monotonic()
    scene.start(f"i{len(scene.processes) + 1}", victim.webhook_port)
    await poll_until(lambda: relseed.unsent_due_in(scene.engine, stranded) == 0, TIMEOUT, "the killed one's chats")
    its_own = time.monotonic() - restarted
    await scene.all_sent(TIMEOUT, "every chat to be served after the restart")
    after = time.monotonic() - restarted
    return (f" | SIGKILL of {switch.killed} at message {kill_at}, {switch.answers_held} answers held, "
            f"{unrecorded} of its messages out but unrecorded, {left} reminders left at the kill, {stranded_left} "
            f"of them in its {len(stranded)} leased chats; restarted {restarted - killed:.1f} s later; its chats "
            f"served {its_own:.1f} s after the restart, all {after:.1f} s after (floor {left / LIMIT:.1f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chats", type=int, default=3000)
    parser.add_argument("--lease", type=float, default=300.0, help="[reminders] lease_seconds of the instances")
    parser.add_argument("--kill-at", type=int, default=0, help="accepted messages at the SIGKILL (default chats/2)")
    parser.add_argument("--runs", default="reference,three,kill")
    args = parser.parse_args()
    base_url = os.environ.get("DONDOC_BENCH_DATABASE_URL") or os.environ.get("DONDOC_TEST_DATABASE_URL")
    if not base_url:
        sys.exit("set DONDOC_BENCH_DATABASE_URL to a PostgreSQL URL (a database is created and dropped per run)")
    for run in args.runs.split(","):
        asyncio.run(measure(run, base_url, chats=args.chats, lease=args.lease, kill_at=args.kill_at or args.chats // 2))


if __name__ == "__main__":
    main()
