"""Fan-out and start-up against the fake Bot API server (tests/fakebot) enforcing Telegram's limits.

Fan-out: 1,000 private chats each owed one digest; one tick through the real bot path (bot.app.run_tick ->
TelegramSender -> PTB Bot with the rate limiter that bot/app.py configures (bot.pacing), config.toml settings) against
the fake server answering 429 (retry_after 1) beyond 30 messages in any second. Private chats (positive ids):
only the global limit applies (the 20/min group limit concerns one group, and a tick sends one digest per
chat). Prints completion time beside the 33.3 s floor, messages delivered, duplicates, 429s and their fate.

Start-up: `python -m bot.cli run` as a subprocess (DONDOC_TOKEN, DONDOC_TELEGRAM_API_URL, DONDOC_DATABASE_URL
on a fresh SQLite file), timed from just before the process is spawned to the first getUpdates reaching the
fake server.

    .venv/bin/python bench/fanout.py [--chats 1000] [--skip-fanout] [--skip-startup]
Figures only, no assertions. Loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fakebot import FakeTelegram  # noqa: E402
from fakebot import api as fake_api  # noqa: E402
from fakebot.state import Chat as FakeChat  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from storage import make_engine, migrate  # noqa: E402
from storage.models import Chat, Reminder, Task  # noqa: E402

NOW = datetime(2025, 3, 12, 1, 0, tzinfo=UTC)  # Wednesday 08:00 in Vietnam
TOKEN = "123456:BENCH-token-abcdefghijklmnopqrstu"
GLOBAL_LIMIT = 30  # messages per second, as Telegram and the fake server count them


@contextmanager
def fake_server() -> Iterator[FakeTelegram]:
    """The fake server on its own thread and event loop, so that it never waits for the bot's loop."""
    fake = FakeTelegram(TOKEN)
    loop = asyncio.new_event_loop()
    ready = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(fake.start())
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, name="fakebot", daemon=True)
    thread.start()
    ready.wait()
    try:
        yield fake
    finally:
        asyncio.run_coroutine_threadsafe(fake.stop(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)


def seed(url: str, n_chats: int) -> None:
    """n private chats, one open task each with one reminder due a minute ago."""
    engine = make_engine(url)
    migrate(engine)
    chat = {"title": None, "agency": "Sở Y tế", "active": True, "days_before": [7, 3, 1], "send_at": "08:00",
            "remind_collective": True, "next_short_id": 2, "created_at": NOW}
    with engine.begin() as conn:
        conn.execute(insert(Chat), [{"id": 10_000 + c, **chat} for c in range(n_chats)])
        conn.execute(insert(Task), [
            {"id": c + 1, "chat_id": 10_000 + c, "short_id": 1, "text": f"Báo cáo tình hình số {c} gửi Sở Nội vụ",
             "role": "lead", "assignees": [], "deadline": date(2025, 3, 13), "ongoing": False, "status": "open",
             "created_at": NOW}
            for c in range(n_chats)
        ])
        conn.execute(insert(Reminder), [
            {"task_id": c + 1, "chat_id": 10_000 + c, "due_at": NOW - timedelta(minutes=1), "kind": "before",
             "days": 1, "state": "pending", "attempts": 0}
            for c in range(n_chats)
        ])
    engine.dispose()


async def _fanout_tick(fake: FakeTelegram, url: str) -> tuple[float, Any]:
    from bot.app import build_application, post_init, run_tick
    from bot.clock import ManualClock
    from bot.settings import load_settings

    env = {**os.environ, "DONDOC_TOKEN": TOKEN, "DONDOC_TELEGRAM_API_URL": fake.api_root,
           "DONDOC_DATABASE_URL": url}
    settings = load_settings(env, ROOT / "config.toml")  # the deployed limiter settings
    app = build_application(settings, clock=ManualClock(NOW))
    await app.initialize()
    await post_init(app)  # migrate, command menu; the tick job is scheduled but the job queue never starts
    try:
        t0 = time.perf_counter()
        result = await run_tick(app)
        return time.perf_counter() - t0, result
    finally:
        await app.shutdown()


def fanout(n_chats: int) -> None:
    with tempfile.TemporaryDirectory() as tmp, fake_server() as fake:
        url = f"sqlite:///{Path(tmp) / 'fanout.db'}"
        seed(url, n_chats)
        for c in range(n_chats):
            fake.state.chats[10_000 + c] = FakeChat(id=10_000 + c, type="private", started=True)  # /start sent
        fake.enforce_limits(overall_per_second=GLOBAL_LIMIT)
        elapsed, result = asyncio.run(_fanout_tick(fake, url))
        calls = [(p.get("chat_id"), status) for m, p, status in list(fake.state.calls) if m == "sendMessage"]
        ok = Counter(int(c) for c, s in calls if s == 200)
        throttled = Counter(int(c) for c, s in calls if s == 429)
        engine = make_engine(url)
        with engine.connect() as conn:
            states = Counter(conn.execute(select(Reminder.state)).scalars())  # type: ignore[call-overload]
        engine.dispose()
    floor = n_chats / GLOBAL_LIMIT
    unretried = sum(1 for c in throttled if c not in ok)
    print(f"fan-out    {n_chats} private chats, fake server {GLOBAL_LIMIT} msg/s: {elapsed:5.1f} s "
          f"(floor {floor:.1f} s, ratio {elapsed / floor:.3f}; target <= 1.15) | delivered {len(ok)}/{n_chats}, "
          f"duplicates {sum(ok.values()) - len(ok)}, lost {n_chats - len(ok)} | 429s {sum(throttled.values())} "
          f"in {len(throttled)} chats, retried to success {len(throttled) - unretried}, left unretried "
          f"{unretried} | tick: {result.messages} messages, {result.retried} back to pending | reminders "
          f"{dict(states)}")


def startup(runs: int = 3) -> None:
    """Spawn `dondoc run` and time the first getUpdates; best and median of a few runs."""
    reached: dict[str, float] = {}
    original = fake_api.call

    async def recording(state: Any, method: str, params: Any, files: Any) -> Any:
        if method == "getUpdates":
            reached.setdefault("at", time.monotonic())
        return await original(state, method, params, files)

    times: list[float] = []
    fake_api.call = recording
    try:
        with fake_server() as fake:
            for _ in range(runs):
                reached.clear()
                with tempfile.TemporaryDirectory() as tmp:
                    env = {**os.environ, "DONDOC_TOKEN": TOKEN, "DONDOC_TELEGRAM_API_URL": fake.api_root,
                           "DONDOC_DATABASE_URL": f"sqlite:///{Path(tmp) / 'dondoc.sqlite3'}",
                           "DONDOC_DATA_DIR": tmp}
                    t0 = time.monotonic()
                    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, env=env,
                                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                    while "at" not in reached and proc.poll() is None and time.monotonic() - t0 < 30:
                        time.sleep(0.002)
                    proc.send_signal(signal.SIGINT)
                    try:
                        _, err = proc.communicate(timeout=15)
                    except subprocess.TimeoutExpired:
                        proc.kill()
                        _, err = proc.communicate()
                    if "at" not in reached:
                        print(err.decode()[-2000:], file=sys.stderr)
                        break
                    times.append(reached["at"] - t0)
    finally:
        fake_api.call = original
    if times:
        ordered = sorted(times)
        print(f"start-up   `python -m bot.cli run` -> first getUpdates: best {ordered[0]:.2f} s, median "
              f"{ordered[len(ordered) // 2]:.2f} s over {len(times)} runs (target <= 2 s)")
    else:
        print("start-up   the bot never reached getUpdates")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chats", type=int, default=1000)
    parser.add_argument("--skip-fanout", action="store_true")
    parser.add_argument("--skip-startup", action="store_true")
    args = parser.parse_args()
    if not args.skip_startup:
        startup()
    if not args.skip_fanout:
        fanout(args.chats)


if __name__ == "__main__":
    main()
