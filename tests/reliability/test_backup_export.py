"""`dondoc backup` copies a database in use consistently; `dondoc export` writes the tasks in the four states."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import stat
import threading
import time
from datetime import date, datetime
from pathlib import Path

import pytest
import relseed

from bot.cli import main
from bot.export import FIELDS
from dispatch.model import Assignee, Extraction
from dispatch.model import Task as FoundTask
from dispatch.time.calendar import VN_TZ, default_calendar
from dispatch.time.recurrence import Recurrence
from storage import (
    Session,
    complete_task,
    delete_task,
    get_or_create_chat,
    list_tasks,
    make_engine,
    migrate,
    person_for_username,
    save_dispatch,
    set_agency,
    set_assignees,
)

NOW = datetime(2026, 3, 20, 10, 0, tzinfo=VN_TZ)
CALENDAR = default_calendar()


def _use_database(monkeypatch: pytest.MonkeyPatch, url: str, tmp_path: Path) -> None:
    for name in ("DONDOC_TOKEN", "DONDOC_WEBHOOK_SECRET", "DONDOC_TICK_SECONDS", "DONDOC_FAKE_NOW"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DONDOC_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.setenv("DONDOC_DATABASE_URL", url)


def _writer(url: str, stop: threading.Event, saved: list[int]) -> None:
    """The bot at work: one dispatch of 3 tasks (and their reminders, and an audit event) per transaction."""
    engine = make_engine(url)
    with Session(engine) as session:
        get_or_create_chat(session, chat_id=-42, now=NOW)
        n = 0
        while not stop.is_set():
            tasks = [FoundTask(text=f"Việc {n}.{i}", role="lead", deadline=date(2026, 4, 30)) for i in range(3)]
            save_dispatch(session, chat_id=-42, extraction=Extraction(number=f"{n}/UBND", issuer="UBND tỉnh"),
                          tasks=tasks, text=f"Công văn {n}", actor_id=1, now=NOW, calendar=CALENDAR)
            saved.append(n)
            n += 1
    engine.dispose()


def test_backup_is_a_consistent_copy_while_the_bot_writes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'dondoc.sqlite3'}"
    engine = make_engine(url)
    migrate(engine)
    relseed.seed(engine, chats=5, tasks_per_chat=4)
    _use_database(monkeypatch, url, tmp_path)
    stop, saved = threading.Event(), list[int]()
    writer = threading.Thread(target=_writer, args=(url, stop, saved))
    writer.start()
    try:
        copies = []
        for n in range(3):
            deadline = time.monotonic() + 20
            while len(saved) < 5 * (n + 1):  # the writer keeps committing between copies
                assert writer.is_alive() and time.monotonic() < deadline, "the writer stopped"
                stop.wait(0.01)
            copies.append(tmp_path / f"copy{n}.sqlite3")
            assert main(["backup", str(copies[-1])]) == 0
    finally:
        stop.set()
        writer.join(timeout=30)
    # SQLite has one writer: a transaction still open (the bot in the middle of a change) stays out of the copy
    open_tx = sqlite3.connect(tmp_path / "dondoc.sqlite3", isolation_level=None)
    open_tx.execute("BEGIN IMMEDIATE")
    open_tx.execute("INSERT INTO chat (id, active, days_before, send_at, remind_collective, next_short_id, "
                    "created_at) VALUES (-777, 1, '[7]', '08:00', 1, 1, '2026-03-20 03:00:00')")
    try:
        copies.append(tmp_path / "copy-open-tx.sqlite3")
        assert main(["backup", str(copies[-1])]) == 0
    finally:
        open_tx.execute("ROLLBACK")
        open_tx.close()
    assert "backed up" in capsys.readouterr().out
    counts = []
    for copy in copies:
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
        with sqlite3.connect(copy) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert db.execute("SELECT count(*) FROM chat WHERE id = -777").fetchone() == (0,)
            dispatches = db.execute("SELECT count(*) FROM dispatch WHERE chat_id = -42").fetchone()[0]
            # every dispatch came with its 3 tasks, their reminders and its audit event, or not at all
            assert db.execute("SELECT count(*) FROM task WHERE chat_id = -42").fetchone()[0] == 3 * dispatches
            assert db.execute("SELECT count(*) FROM audit_event WHERE chat_id = -42 AND action = 'save_dispatch'"
                              ).fetchone()[0] == dispatches
            assert db.execute("SELECT count(*) FROM task t WHERE chat_id = -42 AND NOT EXISTS "
                              "(SELECT 1 FROM reminder r WHERE r.task_id = t.id)").fetchone() == (0,)
            assert db.execute("SELECT count(*) FROM task WHERE chat_id != -42").fetchone() == (20,)
        counts.append(dispatches)
    assert counts == sorted(counts) and counts[0] >= 5  # copies of a database that kept growing
    restored = make_engine(f"sqlite:///{copies[-1]}")
    migrate(restored)  # a copy opens like the original (already at head)
    with Session(restored) as session:
        assert len(list_tasks(session, chat_id=-42, which="all")) == 3 * counts[-1]
    restored.dispose()
    engine.dispose()


def test_backup_of_postgresql_points_to_pg_dump(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    _use_database(monkeypatch, "postgresql+psycopg://dondoc@db.internal/dondoc", tmp_path)
    assert main(["backup", str(tmp_path / "x")]) == 2
    assert "pg_dump" in capsys.readouterr().err


def _four_states(url: str) -> dict[str, int]:
    """Two chats; in the first, a task in each official state and a deleted one. Short ids by state."""
    engine = make_engine(url)
    migrate(engine)
    created = datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)
    ids: dict[str, int] = {}
    with Session(engine) as session:
        for chat_id, title in ((-1, "Văn phòng Sở Y tế"), (-2, "Phòng Tổ chức")):
            get_or_create_chat(session, chat_id=chat_id, now=created, title=title)
            set_agency(session, chat_id=chat_id, agency="Sở Y tế", actor_id=7, now=created)
        found = [
            FoundTask(text="Báo cáo quý I", role="lead", deadline=date(2026, 3, 31)),
            FoundTask(text="Rà soát hồ sơ, \"khẩn\"", role="coordinate", deadline=date(2026, 3, 10),
                      assignees=(Assignee("Sở Y tế", "coordinate"),)),
            FoundTask(text="Gửi danh sách", role="lead", deadline=date(2026, 3, 12)),
            FoundTask(text="Tổng kết", role="lead", deadline=date(2026, 3, 5)),
            FoundTask(text="Việc bị xoá", role="lead", deadline=date(2026, 3, 25)),
        ]
        _, tasks = save_dispatch(session, chat_id=-1, extraction=Extraction(number="1234/UBND-VX",
                                 issuer="UBND tỉnh", issued=date(2026, 3, 1)), tasks=found,
                                 text="Công văn 1234", actor_id=7, now=created, calendar=CALENDAR)
        on_time, overdue, done_on_time, done_late, deleted = tasks
        assert all(t.id is not None for t in tasks)
        complete_task(session, chat_id=-1, task_id=done_on_time.id or 0, actor_id=8, actor_name="Lan",
                      now=datetime(2026, 3, 11, 15, 0, tzinfo=VN_TZ), calendar=CALENDAR)
        complete_task(session, chat_id=-1, task_id=done_late.id or 0, actor_id=9, actor_name="Minh",
                      now=datetime(2026, 3, 9, 8, 0, tzinfo=VN_TZ), calendar=CALENDAR)
        lan = person_for_username(session, username="lan_vp", now=created)
        set_assignees(session, chat_id=-1, task_id=on_time.id or 0, person_ids=[lan.id or 0], actor_id=7,
                      now=created, calendar=CALENDAR)
        delete_task(session, chat_id=-1, task_id=deleted.id or 0, actor_id=7, now=created)
        save_dispatch(session, chat_id=-2, extraction=Extraction(number="9/SYT"), text="Công văn 9",
                      tasks=[FoundTask(text="Việc của phòng khác", role="lead", deadline=date(2026, 4, 1)),
                             FoundTask(text="Báo cáo tháng", role="lead", deadline=date(2026, 4, 20),
                                       recurrence=Recurrence("monthly", day=20))],
                      actor_id=7, now=created, calendar=CALENDAR)
        ids = {"open_on_time": on_time.short_id, "open_overdue": overdue.short_id,
               "done_on_time": done_on_time.short_id, "done_late": done_late.short_id}
    engine.dispose()
    return ids


def test_export_json_and_csv(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database_url: str,
                             capsys: pytest.CaptureFixture[str]) -> None:
    ids = _four_states(database_url)
    _use_database(monkeypatch, database_url, tmp_path)
    monkeypatch.setenv("DONDOC_FAKE_NOW", NOW.isoformat())

    out = tmp_path / "tasks.json"
    assert main(["export", "--chat", "-1", "--format", "json", "--output", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["exported_at"].startswith("2026-03-20T10:00")
    rows = {row["task_no"]: row for row in document["tasks"]}
    assert {row["state"]: no for no, row in rows.items()} == ids  # the deleted task is not exported
    late = rows[ids["done_late"]]
    assert late["state_vi"] == "đã hoàn thành — quá hạn" and late["done_by"] == 9 and late["done_by_name"] == "Minh"
    assert late["done_at"] == "2026-03-09T08:00:00+07:00" and late["dispatch_number"] == "1234/UBND-VX"
    assert rows[ids["open_overdue"]]["days_overdue"] == 10
    assert rows[ids["open_overdue"]]["assignees"] == "Sở Y tế"
    assert rows[ids["open_on_time"]]["assigned_to"] == "@lan_vp"
    assert rows[ids["open_on_time"]]["deadline"] == "2026-03-31" and rows[ids["open_on_time"]]["chat_id"] == -1

    csv_out = tmp_path / "tasks.csv"
    assert main(["export", "--output", str(csv_out)]) == 0  # every chat, CSV by default
    raw = csv_out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Vietnamese letters
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(table) == 6 and {r["chat_id"] for r in table} == {"-1", "-2"}
    assert {r["state"] for r in table} == set(ids)
    assert any(r["text"] == 'Rà soát hồ sơ, "khẩn"' for r in table)  # quoting survives
    assert [r["recurrence"] for r in table if r["text"] == "Báo cáo tháng"] == ["monthly:20"]
    assert "exported 6 tasks" in capsys.readouterr().err

    assert main(["export", "--chat", "-2", "--format", "json"]) == 0  # stdout
    printed = json.loads(capsys.readouterr().out)
    assert [t["text"] for t in printed["tasks"]] == ["Việc của phòng khác", "Báo cáo tháng"]
    assert printed["tasks"][0]["state"] == "open_on_time" and printed["tasks"][0]["recurrence"] is None
    assert printed["tasks"][1]["recurrence"] == "monthly:20", "a recurrence is exported as its code"


def test_export_of_an_unknown_chat_is_empty(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'dondoc.sqlite3'}"
    _four_states(url)
    _use_database(monkeypatch, url, tmp_path)
    assert main(["export", "--chat", "-999", "--format", "csv"]) == 0
    assert capsys.readouterr().out.strip().splitlines() == [",".join(FIELDS)]  # the header only
