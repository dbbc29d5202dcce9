"""Reminder delivery benchmark: one tick over 10k / 100k tasks with 1% due, then fan-out and start-up.

Prints, per backend and size: start-up time (make_engine + migrate on an empty and on an existing database);
the DATABASE TIME of one tick in a fresh process (see DbClock: time inside the DBAPI, cursor executes, row
fetches and commits/rollbacks) beside the wall time of its database calls and of the whole tick with an instant fake
sender; on SQLite the cost of checkpointing the WAL frames the tick wrote; the peak memory (ru_maxrss). SQLite
runs the default (one commit per wave of 8 sends) beside the reference variant (one commit per digest).
Then bench/fanout.py: start-up of `python -m bot.cli run` to its first getUpdates, and the 1,000-chat fan-out
against the fake Bot API server at 30 messages/s beside the 33.3 s floor.

    .venv/bin/python bench/reminders.py [--sizes 10000,100000] [--skip-telegram]
PostgreSQL is included when DONDOC_TEST_DATABASE_URL is set. Figures only, no assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine, create_engine, event, insert, make_url, text
from sqlalchemy.engine.cursor import CursorFetchStrategy

from dispatch.time.calendar import default_calendar
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
    if engine.dialect.name == "postgresql":  # planner statistics, as autovacuum keeps them in production
        with engine.begin() as conn:
            conn.execute(text("ANALYZE chat, task, reminder"))
    engine.dispose()


class InstantSender:
    """Answers at once, after yielding to the event loop once as any network send does."""

    async def send(self, chat_id: int, html: str, buttons: Any) -> int:
        await asyncio.sleep(0)
        return 1


class DbClock:
    """Database time: inside the DBAPI, i.e. cursor executes (SQLAlchemy's before/after_cursor_execute
    events), the fetches of their rows (CursorFetchStrategy: sqlite3 steps a SELECT past its first row only
    when the rows are fetched, so a query without a sort does most of its work there), plus the driver's
    commit and rollback calls (dialect.do_commit / do_rollback, which include any WAL auto-checkpoint SQLite
    runs in a commit). Excludes ORM/Core Python work and thread hand-offs."""

    def __init__(self, engine: Engine) -> None:
        self.execute = self.fetch = self.commit = 0.0
        self.statements = self.commits = 0
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)
        self._fetchers = {name: getattr(CursorFetchStrategy, name) for name in ("fetchone", "fetchmany", "fetchall")}
        for name, method in self._fetchers.items():
            setattr(CursorFetchStrategy, name, self._timed_fetch(method))
        dialect = engine.dialect
        do_commit, do_rollback = dialect.do_commit, dialect.do_rollback

        def commit(dbapi_connection: Any) -> None:
            t = time.perf_counter()
            do_commit(dbapi_connection)
            self.commit += time.perf_counter() - t
            self.commits += 1

        def rollback(dbapi_connection: Any) -> None:
            t = time.perf_counter()
            do_rollback(dbapi_connection)
            self.commit += time.perf_counter() - t

        dialect.do_commit, dialect.do_rollback = commit, rollback  # type: ignore[method-assign]

    def _timed_fetch(self, method: Any) -> Any:
        def fetch(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self.fetch += time.perf_counter() - t

        return fetch

    def stop(self, engine: Engine) -> None:
        event.remove(engine, "before_cursor_execute", self._before)
        event.remove(engine, "after_cursor_execute", self._after)
        for name, method in self._fetchers.items():
            setattr(CursorFetchStrategy, name, method)
        engine.dialect.__dict__.pop("do_commit", None)
        engine.dialect.__dict__.pop("do_rollback", None)

    def _before(self, conn: Any, *_: Any) -> None:
        conn.info["bench_t"] = time.perf_counter()

    def _after(self, conn: Any, *_: Any) -> None:
        self.execute += time.perf_counter() - conn.info.pop("bench_t")
        self.statements += 1


def child(url: str, concurrency: int) -> dict[str, float]:
    """Start up against a seeded database, run one tick, report times and peak memory."""
    t0 = time.perf_counter()
    engine = make_engine(url)
    migrate(engine)
    startup = time.perf_counter() - t0
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:  # start from an empty WAL, as right after a checkpoint
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    calls = [0.0]
    for name in ("claim_due", "mark_sent", "mark_cancelled", "release", "release_chats", "roll"):
        original = getattr(delivery, name)

        def timed(*a: Any, _f: Any = original, **kw: Any) -> Any:
            t = time.perf_counter()
            try:
                return _f(*a, **kw)
            finally:
                calls[0] += time.perf_counter() - t

        setattr(delivery, name, timed)
    calendar = default_calendar()
    db = DbClock(engine)
    t1 = time.perf_counter()
    result = asyncio.run(
        delivery.tick(
            engine=engine, sender=InstantSender(), now=NOW, calendar=calendar, instance_id="bench",
            concurrency=concurrency,
        )
    )
    tick_s = time.perf_counter() - t1
    db.stop(engine)
    checkpoint_ms = frames = 0.0
    if sqlite:  # what the tick's writes cost when SQLite copies them into the database file (with fsyncs)
        with engine.connect() as conn:
            t2 = time.perf_counter()
            row = conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one()
            checkpoint_ms, frames = (time.perf_counter() - t2) * 1000, row[1]
    return {
        "startup_existing_s": startup,
        "claimed": result.claimed,
        "messages": result.messages,
        "sent": result.sent,
        "statements": db.statements,
        "commits": db.commits,
        "execute_ms": db.execute * 1000,
        "fetch_ms": db.fetch * 1000,
        "commit_ms": db.commit * 1000,
        "db_ms": (db.execute + db.fetch + db.commit) * 1000,
        "db_calls_ms": calls[0] * 1000,
        "tick_ms": tick_s * 1000,
        "checkpoint_ms": checkpoint_ms,
        "wal_frames": frames,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


VARIANTS = (
    (8, "batched: one commit per wave of 8 sends (default concurrency)"),
    (1, "reference: one commit per digest (concurrency 1)"),
)


def run_case(backend: str, n: int, workdir: Path) -> None:
    if backend == "sqlite":
        template, cleanup = workdir / f"bench_{n}.db", None
        url = f"sqlite:///{template}"
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
        print(f"{backend} {n} tasks: start-up (make_engine + migrate) on an empty database "
              f"{startup_empty * 1000:.0f} ms (seeding {seeding:.1f} s)")
        variants = VARIANTS if backend == "sqlite" else VARIANTS[:1]  # PostgreSQL: one seeded copy only
        for concurrency, label in variants:
            if backend == "sqlite":
                copy = workdir / f"run_{n}_{concurrency}.db"
                shutil.copyfile(template, copy)
                url = f"sqlite:///{copy}"
            out = subprocess.run(
                [sys.executable, __file__, "--child", url, "--concurrency", str(concurrency)],
                capture_output=True, text=True, check=True,
            )
            f = json.loads(out.stdout.strip().splitlines()[-1])
            print(
                f"  {label}\n"
                f"    tick: {f['claimed']:.0f} due -> {f['messages']:.0f} digests, {f['sent']:.0f} marked sent | "
                f"DB time {f['db_ms']:6.1f} ms (execute {f['execute_ms']:.1f} ms in {f['statements']:.0f} "
                f"statements + fetch {f['fetch_ms']:.1f} ms + commit {f['commit_ms']:.1f} ms in {f['commits']:.0f} "
                f"commits; target <= 20 ms) | "
                f"DB calls {f['db_calls_ms']:.1f} ms | whole tick {f['tick_ms']:.1f} ms"
            )
            extra = (f"WAL checkpoint of the tick's {f['wal_frames']:.0f} frames {f['checkpoint_ms']:.1f} ms "
                     f"(SQLite runs one every 8000 frames, in the commit that crosses it; not counted above) | " if backend == "sqlite"
                     else "")
            print(f"    {extra}start-up on this database {f['startup_existing_s'] * 1000:.0f} ms | "
                  f"peak RSS {f['peak_rss_mb']:.0f} MB")
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
    parser.add_argument("--concurrency", type=int, default=8, help=argparse.SUPPRESS)
    parser.add_argument("--skip-telegram", action="store_true", help="no fan-out and no start-up run")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.concurrency)))
        return
    backends = ["sqlite"] + (["postgresql"] if os.environ.get("DONDOC_TEST_DATABASE_URL") else [])
    print(
        f"{TASKS_PER_CHAT} tasks per chat, {REMINDERS_PER_TASK} pending reminders per task, 1% of tasks due"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for backend in backends:
            for n in (int(s) for s in args.sizes.split(",")):
                run_case(backend, n, Path(tmp))
    if not args.skip_telegram:
        import fanout

        fanout.startup()
        fanout.fanout(1000)


if __name__ == "__main__":
    main()
