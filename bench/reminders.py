"""Reminder delivery benchmark: one tick over 10k / 100k tasks with 1% due.

Prints, per backend and size: start-up time (make_engine + migrate on an empty and on an existing database),
the database time of one tick (SQL execute time, and wall time spent in the tick's database calls), the whole
tick's time with an instant fake sender, and the peak memory (ru_maxrss) of a process that starts up and ticks.

    .venv/bin/python bench/reminders.py [--sizes 10000,100000]
PostgreSQL is included when DONDOC_TEST_DATABASE_URL is set. Figures only, no assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, event, insert, make_url, text

from dispatch.calendar import default_calendar
from scheduler import delivery
from storage import make_engine, migrate
from storage.models import Chat, Reminder, Task

NOW = datetime(2025, 3, 12, 1, 0, tzinfo=UTC)  # Wednesday 08:00 in Vietnam
TASKS_PER_CHAT = 100
REMINDERS_PER_TASK = 4


def seed(url: str, n_tasks: int) -> None:
    """Fill a migrated database: n tasks, 4 reminders each, 1% of the tasks with one reminder due now."""
    engine = make_engine(url)
    migrate(engine)
    rng = random.Random(42)
    n_chats = max(1, n_tasks // TASKS_PER_CHAT)
    due_tasks = set(rng.sample(range(n_tasks), n_tasks // 100))
    with engine.begin() as conn:
        conn.execute(
            insert(Chat),
            [
                {
                    "id": -1000 - c,
                    "title": f"Chat {c}",
                    "agency": "Sở Y tế",
                    "active": True,
                    "days_before": [7, 3, 1],
                    "send_at": "08:00",
                    "remind_collective": True,
                    "next_short_id": TASKS_PER_CHAT + 1,
                    "created_at": NOW,
                }
                for c in range(n_chats)
            ],
        )
        for start in range(0, n_tasks, 10_000):
            conn.execute(
                insert(Task),
                [
                    {
                        "id": i + 1,
                        "chat_id": -1000 - i // TASKS_PER_CHAT,
                        "short_id": i % TASKS_PER_CHAT + 1,
                        "text": f"Báo cáo kết quả thực hiện nhiệm vụ số {i} gửi Sở Nội vụ",
                        "role": "lead",
                        "assignees": [],
                        "deadline": date(2025, 3, 12) + timedelta(days=rng.randint(-5, 60)),
                        "ongoing": False,
                        "status": "open",
                        "created_at": NOW,
                    }
                    for i in range(start, min(start + 10_000, n_tasks))
                ],
            )
            rows: list[dict[str, Any]] = []
            for i in range(start, min(start + 10_000, n_tasks)):
                for k in range(REMINDERS_PER_TASK):
                    due = i in due_tasks and k == 0
                    when = NOW - timedelta(minutes=1) if due else NOW + timedelta(days=1 + k * 3, seconds=i)
                    rows.append(
                        {
                            "task_id": i + 1,
                            "chat_id": -1000 - i // TASKS_PER_CHAT,
                            "due_at": when,
                            "kind": "before",
                            "days": 7 - k,
                            "state": "pending",
                            "attempts": 0,
                        }
                    )
            conn.execute(insert(Reminder), rows)
    engine.dispose()


class InstantSender:
    async def send(self, chat_id: int, html: str, buttons: Any) -> int:
        return 1


def child(url: str) -> dict[str, float]:
    """Start up against a seeded database, run one tick, report times and peak memory."""
    t0 = time.perf_counter()
    engine = make_engine(url)
    migrate(engine)
    startup = time.perf_counter() - t0
    sql = [0.0]

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn: Any, cursor: Any, statement: Any, params: Any, context: Any, many: bool) -> None:
        conn.info["t"] = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def _after(conn: Any, cursor: Any, statement: Any, params: Any, context: Any, many: bool) -> None:
        sql[0] += time.perf_counter() - conn.info.pop("t")

    calls = [0.0]
    for name in ("claim", "load", "mark_sent", "mark_cancelled", "release", "roll", "deactivate_chat"):
        original = getattr(delivery, name)

        def timed(*a: Any, _f: Any = original, **kw: Any) -> Any:
            t = time.perf_counter()
            try:
                return _f(*a, **kw)
            finally:
                calls[0] += time.perf_counter() - t

        setattr(delivery, name, timed)
    calendar = default_calendar()
    t1 = time.perf_counter()
    result = asyncio.run(
        delivery.tick(
            engine=engine,
            sender=InstantSender(),
            now=NOW,
            calendar=calendar,
            instance_id="bench",
            concurrency=1,
        )
    )
    tick_s = time.perf_counter() - t1
    return {
        "startup_existing_s": startup,
        "claimed": result.claimed,
        "messages": result.messages,
        "sql_ms": sql[0] * 1000,
        "db_calls_ms": calls[0] * 1000,
        "tick_ms": tick_s * 1000,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_case(backend: str, n: int, workdir: Path) -> None:
    if backend == "sqlite":
        url, cleanup = f"sqlite:///{workdir / f'bench_{n}.db'}", None
    else:
        base = os.environ["DONDOC_TEST_DATABASE_URL"]
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(base)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(False)
        cleanup = (admin, schema)
    try:
        t0 = time.perf_counter()
        fresh = make_engine(url)
        migrate(fresh)
        fresh.dispose()
        startup_empty = time.perf_counter() - t0
        t0 = time.perf_counter()
        seed(url, n)
        seeding = time.perf_counter() - t0
        out = subprocess.run(
            [sys.executable, __file__, "--child", url], capture_output=True, text=True, check=True
        )
        fig = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{backend:10} {n:>7} tasks | start-up empty {startup_empty * 1000:6.0f} ms, existing "
            f"{fig['startup_existing_s'] * 1000:5.0f} ms | tick: {fig['claimed']:4} due -> {fig['messages']:3} "
            f"digests, SQL {fig['sql_ms']:6.1f} ms, DB calls {fig['db_calls_ms']:6.1f} ms, whole tick "
            f"{fig['tick_ms']:6.1f} ms | peak RSS {fig['peak_rss_mb']:5.0f} MB | (seeding {seeding:.1f} s)"
        )
    finally:
        if cleanup:
            admin, schema = cleanup
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    backends = ["sqlite"] + (["postgresql"] if os.environ.get("DONDOC_TEST_DATABASE_URL") else [])
    print(
        f"{TASKS_PER_CHAT} tasks per chat, {REMINDERS_PER_TASK} pending reminders per task, 1% of tasks due"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for backend in backends:
            for n in (int(s) for s in args.sizes.split(",")):
                run_case(backend, n, Path(tmp))


if __name__ == "__main__":
    main()
