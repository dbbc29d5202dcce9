"""A database created by the first schema revision (0001) and filled with data upgrades to head intact.

Rows are written at 0001 with the columns that revision had (the models describe head, so they cannot);
later revisions (0002 leases, 0003 reminder order, and whatever comes next) must carry them over, and the
upgraded database must work: repository reads, and a delivery tick sending its due reminder.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from relproc import dondoc
from sqlalchemy import JSON, BigInteger, Boolean, Date, Engine, Integer, String, column, insert, table, text

from bot.cli import main
from dispatch.model import Extraction
from dispatch.model import Task as FoundTask
from dispatch.time.calendar import VN_TZ, default_calendar
from scheduler.delivery import tick
from storage import (
    Session,
    get_chat,
    get_task,
    list_audit,
    list_tasks,
    make_engine,
    migrate,
    save_dispatch,
    status_summary,
)
from storage.engine import alembic_config
from storage.types import UTCDateTime

REPO = Path(__file__).resolve().parents[2]
SEED = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
CHAT = -100123


def _t(name: str, *columns: Any) -> Any:
    return table(name, *columns)


CHAT_0001 = _t("chat", column("id", BigInteger), column("title", String), column("agency", String),
               column("active", Boolean), column("days_before", JSON), column("send_at", String),
               column("remind_collective", Boolean), column("next_short_id", Integer),
               column("created_at", UTCDateTime()))
DISPATCH_0001 = _t("dispatch", column("id", Integer), column("chat_id", BigInteger), column("number", String),
                   column("issuer", String), column("issued", Date), column("subject", String),
                   column("text", String), column("text_hash", String), column("created_by", BigInteger),
                   column("created_at", UTCDateTime()))
TASK_0001 = _t("task", column("id", Integer), column("chat_id", BigInteger), column("dispatch_id", Integer),
               column("short_id", Integer), column("text", String), column("role", String),
               column("assignees", JSON), column("deadline", Date), column("ongoing", Boolean),
               column("status", String), column("done_at", UTCDateTime()), column("done_by", BigInteger),
               column("done_by_name", String), column("created_at", UTCDateTime()))
REMINDER_0001 = _t("reminder", column("id", Integer), column("task_id", Integer), column("chat_id", BigInteger),
                   column("due_at", UTCDateTime()), column("kind", String), column("days", Integer),
                   column("state", String), column("claimed_by", String), column("claim_expires_at", UTCDateTime()),
                   column("attempts", Integer), column("sent_at", UTCDateTime()), column("message_id", BigInteger))
AUDIT_0001 = _t("audit_event", column("id", Integer), column("chat_id", BigInteger), column("task_id", Integer),
                column("actor_id", BigInteger), column("action", String), column("detail", JSON),
                column("at", UTCDateTime()))


def _fill_0001(engine: Engine) -> None:
    """What a bot on revision 0001 had stored: a chat, a dispatch, 3 tasks, reminders in every state."""
    due = datetime(2026, 3, 4, 1, 0, tzinfo=UTC)  # 08:00 in Vietnam
    with engine.begin() as conn:
        conn.execute(insert(CHAT_0001), [{"id": CHAT, "title": "Văn phòng Sở", "agency": "Sở Y tế", "active": True,
                                          "days_before": [7, 3, 1], "send_at": "08:00", "remind_collective": True,
                                          "next_short_id": 4, "created_at": SEED}])
        conn.execute(insert(DISPATCH_0001), [{"id": 1, "chat_id": CHAT, "number": "12/UBND-VX", "issuer": "UBND tỉnh",
                                              "issued": date(2026, 3, 1), "subject": "V/v báo cáo",
                                              "text": "Công văn 12", "text_hash": "h12", "created_by": 5,
                                              "created_at": SEED}])
        conn.execute(insert(TASK_0001), [
            {"id": 10 + i, "chat_id": CHAT, "dispatch_id": 1, "short_id": 1 + i, "text": text_, "role": "lead",
             "assignees": ["Sở Y tế"], "deadline": date(2026, 3, 5), "ongoing": False, "status": status,
             "done_at": done_at, "done_by": 6 if done_at else None, "done_by_name": "Lan" if done_at else None,
             "created_at": SEED}
            for i, (text_, status, done_at) in enumerate([
                ("Báo cáo kết quả", "open", None), ("Gửi danh sách", "done", SEED), ("Rà soát", "open", None)])])
        conn.execute(insert(REMINDER_0001), [
            {"id": 100, "task_id": 10, "chat_id": CHAT, "due_at": due, "kind": "before", "days": 1,
             "state": "pending", "claimed_by": None, "claim_expires_at": None, "attempts": 0, "sent_at": None,
             "message_id": None},
            {"id": 101, "task_id": 12, "chat_id": CHAT, "due_at": due, "kind": "before", "days": 1,
             "state": "sending", "claimed_by": "bot-old", "claim_expires_at": due, "attempts": 0, "sent_at": None,
             "message_id": None},  # claimed by an instance that died before 0002
            {"id": 102, "task_id": 11, "chat_id": CHAT, "due_at": SEED, "kind": "before", "days": 3,
             "state": "sent", "claimed_by": "bot-old", "claim_expires_at": None, "attempts": 1, "sent_at": SEED,
             "message_id": 77},
            {"id": 103, "task_id": 10, "chat_id": CHAT, "due_at": datetime(2026, 3, 5, 1, 0, tzinfo=UTC),
             "kind": "due", "days": 0, "state": "pending", "claimed_by": None, "claim_expires_at": None,
             "attempts": 0, "sent_at": None, "message_id": None},
        ])
        conn.execute(insert(AUDIT_0001), [{"id": 1, "chat_id": CHAT, "task_id": 11, "actor_id": 6,
                                           "action": "complete", "detail": {"on_time": True}, "at": SEED}])
        if conn.dialect.name == "postgresql":  # the ids were given: move the sequences past them
            for name in ("dispatch", "task", "reminder", "audit_event"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                  f"(SELECT max(id) FROM {name}))"))


def _reminders(engine: Engine) -> dict[int, tuple[str, int | None]]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, state, message_id FROM reminder")).all()
    return {int(i): (state, message_id) for i, state, message_id in rows}


def _revision(engine: Engine) -> str:
    with engine.connect() as conn:
        return str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one())


class _Sender:
    def __init__(self) -> None:
        self.sent: list[tuple[int, str]] = []

    async def send(self, chat_id: int, html: str, buttons: Any) -> int:
        self.sent.append((chat_id, html))
        return 500 + len(self.sent)


async def test_upgrade_from_0001_keeps_the_data_and_works(database_url: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    engine = make_engine(database_url)
    command.upgrade(alembic_config(engine), "0001")
    _fill_0001(engine)
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    assert head is not None and head != "0001"

    migrate(engine)
    assert _revision(engine) == head
    reminders = _reminders(engine)
    assert reminders == {100: ("pending", None), 101: ("pending", None), 102: ("sent", 77), 103: ("pending", None)}
    now = datetime(2026, 3, 4, 8, 0, 30, tzinfo=VN_TZ)
    with Session(engine) as session:
        chat = get_chat(session, chat_id=CHAT)
        assert chat is not None and chat.agency == "Sở Y tế" and chat.settings.days_before == (7, 3, 1)
        assert [t.short_id for t in list_tasks(session, chat_id=CHAT, which="all")] == [1, 2, 3]
        done = get_task(session, chat_id=CHAT, short_id=2)
        assert done is not None and done.status == "done" and done.done_at == SEED and done.done_by_name == "Lan"
        assert status_summary(session, chat_id=CHAT, now=now).open_on_time == 2
        assert [e.action for e in list_audit(session, chat_id=CHAT)] == ["complete"]

    # migrating again changes nothing, through the library and through `dondoc migrate`
    migrate(engine)
    monkeypatch.setenv("DONDOC_DATABASE_URL", database_url)
    monkeypatch.setenv("DONDOC_CONFIG", "/nonexistent/config.toml")
    assert main(["migrate"]) == 0
    assert _revision(engine) == head and _reminders(engine) == reminders

    # the upgraded database delivers: the two reminders due (one was stuck in "sending") go out in one digest
    sender = _Sender()
    result = await tick(engine=engine, sender=sender, now=now, calendar=default_calendar(), instance_id="new")
    assert (result.claimed, result.messages) == (2, 1) and sender.sent[0][0] == CHAT
    assert "Báo cáo kết quả" in sender.sent[0][1] and "Rà soát" in sender.sent[0][1]
    assert {i: s for i, (s, _) in _reminders(engine).items()} == {100: "sent", 101: "sent", 102: "sent",
                                                                  103: "pending"}

    # and takes new work
    with Session(engine) as session:
        _, tasks = save_dispatch(session, chat_id=CHAT, extraction=Extraction(number="13/UBND-VX"),
                                 tasks=[FoundTask(text="Việc mới", role="lead", deadline=date(2026, 3, 20))],
                                 text="Công văn 13", actor_id=5, now=now, calendar=default_calendar())
        assert tasks[0].short_id == 4
    assert len(_reminders(engine)) > 4
    engine.dispose()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_instances_starting_together_migrate_a_new_database_once(database_url: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DONDOC_")}
    env.update(DONDOC_DATABASE_URL=database_url, DONDOC_CONFIG=str(tmp_path / "absent.toml"), PYTHONPATH=str(REPO))
    runs = [subprocess.Popen(dondoc("migrate"), env=env, cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for _ in range(3)]
    outputs = [run.communicate(timeout=60)[0].decode() for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], outputs  # the advisory lock serialises them
    engine = make_engine(database_url)
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    assert _revision(engine) == head
    engine.dispose()
