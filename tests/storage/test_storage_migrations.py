"""Migrations keep the data: reminders survive 0003 (table keyed on due time) with their ids, states, times."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from dbfixture import BACKENDS, open_engine, vn
from sqlalchemy import JSON, Engine, column, insert, select, table, text
from sqlmodel import SQLModel

from dispatch.time.calendar import WorkCalendar
from storage import Session, migrate, snooze_reminder
from storage.engine import alembic_config
from storage.models import Reminder, Task
from storage.types import UTCDateTime

NOW = datetime(2025, 3, 12, 1, 0, tzinfo=UTC)
COLUMNS = ("id", "task_id", "chat_id", "due_at", "kind", "days", "state", "claimed_by", "claim_expires_at",
           "attempts", "next_attempt_at", "sent_at", "message_id", "last_error")


@pytest.fixture(params=BACKENDS)
def old_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database at revision 0002 (reminders keyed on an autoincrement id)."""
    yield from open_engine(request.param, tmp_path, revision="0002")


def _seed_0002(engine: Engine) -> list[dict[str, object]]:
    """Two chats, three tasks, reminders in every state, inserted out of due order; ids from the old counter."""
    with engine.begin() as conn:
        old_chat = table("chat", *(column(c) for c in ("id", "title", "agency", "active", "send_at",
                                                          "remind_collective", "next_short_id")),
                         column("days_before", JSON()), column("created_at", UTCDateTime()))  # as 0002 had it
        conn.execute(insert(old_chat), [
            {"id": cid, "title": f"Chat {cid}", "agency": "Sở Y tế", "active": True, "days_before": [7, 3, 1],
             "send_at": "08:00", "remind_collective": True, "next_short_id": 3, "created_at": NOW}
            for cid in (-100, -200)
        ])
        conn.execute(insert(Task.__table__), [  # type: ignore[attr-defined]
            {"id": tid, "chat_id": cid, "short_id": tid, "text": f"Việc {tid}", "role": "lead", "assignees": [],
             "ongoing": False, "status": "open", "created_at": NOW,
             "deadline": (NOW + timedelta(days=10)).date()}
            for tid, cid in ((1, -100), (2, -100), (3, -200))
        ])
        plan = [  # (task, chat, due in hours from NOW, kind, state)
            (1, -100, 48, "before", "pending"),
            (1, -100, -24, "before", "sent"),
            (2, -100, 0, "due", "pending"),
            (3, -200, -1, "before", "pending"),
            (3, -200, 24, "before", "cancelled"),
            (2, -100, -48, "overdue", "failed"),
        ]
        old_reminder = table(  # the 0002 table, as that version wrote it: the id left to the database
            "reminder", column("task_id"), column("chat_id"), column("due_at", UTCDateTime()), column("kind"),
            column("days"), column("state"), column("claimed_by"), column("attempts"),
            column("next_attempt_at", UTCDateTime()), column("sent_at", UTCDateTime()), column("message_id"),
            column("last_error"),
        )
        for task_id, chat_id, hours, kind, state in plan:  # one by one: ids 1..6 in this order
            sent = state == "sent"
            conn.execute(insert(old_reminder).values(
                task_id=task_id, chat_id=chat_id, due_at=NOW + timedelta(hours=hours), kind=kind, days=3,
                state=state, claimed_by="host-1" if sent else None, attempts=2 if sent else 0,
                next_attempt_at=NOW if state == "pending" and hours < 0 else None,
                sent_at=NOW - timedelta(days=1) if sent else None, message_id=4242 if sent else None,
                last_error="bad request: x" if state == "failed" else None,
            ))
    return _rows(engine)


def _rows(engine: Engine) -> list[dict[str, object]]:
    table = Reminder.__table__  # type: ignore[attr-defined]
    with engine.connect() as conn:
        rows = conn.execute(select(*(table.c[c] for c in COLUMNS)).order_by(table.c.id)).all()
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows]


def test_0003_keeps_every_reminder(old_engine: Engine, calendar: WorkCalendar) -> None:
    before = _seed_0002(old_engine)
    assert [r["id"] for r in before] == [1, 2, 3, 4, 5, 6]
    migrate(old_engine)
    assert _rows(old_engine) == before  # ids, states, times, attempts, message ids: all kept
    with old_engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
        if conn.dialect.name == "sqlite":  # stored in due order: the primary key is the table
            ddl = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'reminder'").scalar()
            assert "WITHOUT ROWID" in str(ddl)
            order = [r[0] for r in conn.exec_driver_sql("SELECT * FROM reminder")]  # a table scan
            assert order == [6, 2, 4, 3, 5, 1]
    migrate(old_engine)  # idempotent
    assert _rows(old_engine) == before

    with Session(old_engine) as session:  # the app goes on: new ids drawn, old ones still addressable
        fresh = Reminder(task_id=3, chat_id=-200, due_at=NOW + timedelta(days=3), kind="due")
        session.add(fresh)
        session.commit()
        assert fresh.id not in {r["id"] for r in before} and 0 < fresh.id < 10**18
        loaded = session.get(Reminder, 3)
        assert loaded is not None and loaded.state == "pending" and loaded.due_at == NOW
        moved = snooze_reminder(
            session, chat_id=-100, reminder_id=3, actor_id=1, now=vn(2025, 3, 12, 8, 1), calendar=calendar
        )
        assert moved is not None and moved.id == 3
        session.expire_all()
        again = session.get(Reminder, 3)
        assert again is not None and again.due_at == vn(2025, 3, 13, 8) and again.state == "pending"
    after = {r["id"]: r for r in _rows(old_engine)}
    assert len(after) == 7 and after[3]["due_at"] == vn(2025, 3, 13, 8)


def test_0003_downgrade_gives_the_reminders_back(old_engine: Engine) -> None:
    before = _seed_0002(old_engine)
    migrate(old_engine)
    command.downgrade(alembic_config(old_engine), "0002")
    assert _rows(old_engine) == before
    with old_engine.begin() as conn:  # the old counter works again
        conn.execute(text(
            "INSERT INTO reminder (task_id, chat_id, due_at, kind, days, state, attempts) "
            "VALUES (1, -100, '2030-01-01 00:00:00', 'due', 0, 'cancelled', 0)"
        ))
        assert conn.execute(text("SELECT max(id) FROM reminder")).scalar() == 7
    migrate(old_engine)
    assert len(_rows(old_engine)) == 7
