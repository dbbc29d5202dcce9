"""Engine factory and start-up migrations."""

from __future__ import annotations

import os
from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

SQLITE_BUSY_TIMEOUT_MS = 5000
MIGRATION_LOCK = 0x646F6E64  # PostgreSQL advisory lock key ("dond"): one instance migrates at a time


def _prepare_sqlite_file(path: str) -> None:
    """Create the database file with owner-only permissions before SQLite opens it."""
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL + synchronous=NORMAL: a commit is appended to the WAL without fsync; the fsyncs happen at checkpoints.
    # A committed transaction survives a crash of the process; a power loss can lose the last commits before
    # the next checkpoint. Fine here: at worst a few reminders are sent again or a click is undone.
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Checkpoint (copy the WAL into the database file, and fsync both) every ~32 MiB of WAL, not every 4 MiB
    # (1000 pages, the default): a tick over 100k tasks writes ~1,100 pages, and with the default nearly every
    # such tick paid a checkpoint (~20 ms, mostly two fsyncs) in the middle of its sends.
    cursor.execute("PRAGMA wal_autocheckpoint=8000")
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB page cache
    cursor.execute("PRAGMA mmap_size=268435456")
    cursor.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for a SQLite file (created 0600, WAL) or a postgresql+psycopg URL."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _prepare_sqlite_file(parsed.database or "")
        connect_args = {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        event.listen(engine, "connect", _on_sqlite_connect)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration pointing at the migrations packaged in storage/."""
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("storage") / "migrations"))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema up to date (Alembic upgrade head); on PostgreSQL, instances starting together take turns."""
    if engine.dialect.name != "postgresql":  # SQLite: one writer at a time already
        command.upgrade(alembic_config(engine), "head")
        return
    with engine.connect() as lock:  # without it, the second of two first-time migrations fails
        lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
        lock.commit()
        try:
            command.upgrade(alembic_config(engine), "head")
        finally:
            lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
            lock.commit()
