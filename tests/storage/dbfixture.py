"""A fresh database per test: a SQLite file in tmp_path, and PostgreSQL when DONDOC_TEST_DATABASE_URL is set."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, create_engine, make_url, text

from dispatch.model import Extraction
from dispatch.model import Task as FoundTask
from dispatch.time.calendar import VN_TZ, WorkCalendar, default_calendar
from storage import Session, get_or_create_chat, make_engine, migrate, save_dispatch
from storage.engine import alembic_config
from storage.models import Task

PG_URL = os.environ.get("DONDOC_TEST_DATABASE_URL")
BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.skipif(not PG_URL, reason="DONDOC_TEST_DATABASE_URL unset")),
]


def vn(y: int, m: int, d: int, hh: int = 8, mm: int = 0) -> datetime:
    """An aware instant given in Vietnamese local time."""
    return datetime(y, m, d, hh, mm, tzinfo=VN_TZ)


def _upgrade(engine: Engine, revision: str) -> None:
    if revision == "head":
        migrate(engine)
    else:
        command.upgrade(alembic_config(engine), revision)


def open_engine(backend: str, tmp_path: Path, revision: str = "head") -> Iterator[Engine]:
    """Create, migrate (to head or the given revision), yield and clean up a database of the given backend."""
    if backend == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'dondoc.db'}")
        _upgrade(engine, revision)
        yield engine
        engine.dispose()
        return
    assert PG_URL
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    engine = make_engine(url.render_as_string(hide_password=False), pool_size=10)
    try:
        _upgrade(engine, revision)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    yield from open_engine(request.param, tmp_path)


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as s:
        yield s


@pytest.fixture(scope="session")
def calendar() -> WorkCalendar:
    return default_calendar()


def found(text: str = "Báo cáo kết quả", deadline: date | None = None, **kw: object) -> FoundTask:
    """A confirmed task as extraction returns it."""
    return FoundTask(text=text, deadline=deadline, role=kw.pop("role", "lead"), **kw)  # type: ignore[arg-type]


def add_tasks(
    session: Session,
    *,
    chat_id: int,
    tasks: list[FoundTask],
    now: datetime,
    calendar: WorkCalendar,
    number: str | None = None,
    text_: str | None = None,
    deadline_time: time | None = None,
) -> list[Task]:
    """Save a dispatch with these tasks in a chat (created when needed)."""
    get_or_create_chat(session, chat_id=chat_id, now=now, title=f"Chat {chat_id}")
    body = text_ or f"Công văn {uuid.uuid4().hex}"
    _, rows = save_dispatch(
        session,
        chat_id=chat_id,
        extraction=Extraction(number=number, issuer="UBND tỉnh"),
        tasks=tasks,
        text=body,
        actor_id=1,
        now=now,
        calendar=calendar,
    )
    return rows
