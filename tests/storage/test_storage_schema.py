"""Engine, migrations and column types."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from dbfixture import add_tasks, found, vn
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

from dispatch.time.calendar import WorkCalendar
from storage import Session, make_engine, migrate
from storage.models import Reminder


def test_migrated_schema_matches_models(engine: Engine) -> None:
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
    assert {
        "chat",
        "dispatch",
        "task",
        "reminder",
        "audit_event",
        "pending_dispatch",
        "alembic_version",
    } <= set(inspect(engine).get_table_names())
    migrate(engine)  # idempotent at every start-up


def test_sqlite_file_is_private_and_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "dondoc.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
    engine.dispose()


def test_datetimes_come_back_aware_utc(session: Session, calendar: WorkCalendar) -> None:
    now = vn(2024, 11, 1, 9, 30)
    [task] = add_tasks(
        session, chat_id=1, tasks=[found(deadline=vn(2024, 11, 29).date())], now=now, calendar=calendar
    )
    session.expire_all()
    loaded = session.get(type(task), task.id)
    assert loaded is not None
    assert loaded.created_at == now
    assert loaded.created_at.tzinfo is UTC
    reminder = session.exec(Reminder.__table__.select().limit(1)).first()  # type: ignore[attr-defined]
    assert reminder is not None and reminder.due_at.tzinfo is not None


def test_naive_datetime_is_refused(session: Session) -> None:
    from storage import get_or_create_chat

    with pytest.raises(Exception, match="naive"):
        get_or_create_chat(session, chat_id=5, now=datetime(2024, 1, 1))  # noqa: DTZ001


def test_a_reminder_cannot_be_doubled(session: Session, calendar: WorkCalendar) -> None:
    [task] = add_tasks(
        session,
        chat_id=1,
        tasks=[found(deadline=vn(2024, 11, 29).date())],
        now=vn(2024, 11, 1),
        calendar=calendar,
    )
    first = session.exec(Reminder.__table__.select().limit(1)).first()  # type: ignore[attr-defined]
    assert first is not None
    session.add(Reminder(task_id=first.task_id, chat_id=1, due_at=first.due_at, kind=first.kind))
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()
    assert task.short_id == 1
