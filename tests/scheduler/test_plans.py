"""SQLite query plans of the tick: due reminders found through the pending index, marks through the table's
own key, never by walking the key range of past reminders nor by a detour through the id index."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from dbfixture import add_tasks, found, open_engine, vn
from fakesender import FakeSender
from sqlalchemy import event

from dispatch.time.calendar import WorkCalendar
from scheduler.delivery import tick
from storage import Session


async def test_tick_statements_use_the_key_or_the_pending_index(tmp_path: Path, calendar: WorkCalendar) -> None:
    engine = next(open_engine("sqlite", tmp_path))
    with Session(engine) as s:
        for chat_id in (-1, -2, -3):
            add_tasks(s, chat_id=chat_id, tasks=[found(f"Việc {i}", date(2024, 11, 29)) for i in range(3)],
                      now=vn(2024, 11, 1), calendar=calendar)
    await tick(engine=engine, sender=FakeSender(), now=vn(2024, 11, 20, 8), calendar=calendar, instance_id="a")
    plans: dict[str, list[str]] = {}

    def explain(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        if " reminder" in statement and not statement.startswith("EXPLAIN"):
            params = parameters[0] if many else parameters
            rows = cursor.connection.execute(f"EXPLAIN QUERY PLAN {statement}", params).fetchall()
            plans[" ".join(statement.split())] = [str(r[3]) for r in rows]

    event.listen(engine, "before_cursor_execute", explain)
    result = await tick(engine=engine, sender=FakeSender(), now=vn(2024, 11, 26, 8), calendar=calendar,
                        instance_id="a")
    event.remove(engine, "before_cursor_execute", explain)
    engine.dispose()
    assert result.sent == 9 and plans
    steps = [step for plan in plans.values() for step in plan if "reminder" in step]
    assert not [s for s in steps if s.startswith("SCAN reminder") or ("(due_at<?)" in s and "PRIMARY KEY" in s)]
    marks = [p for sql, p in plans.items() if sql.startswith("UPDATE reminder SET state")]
    [load] = [p for sql, p in plans.items() if sql.startswith("SELECT reminder.id, reminder.kind")]
    assert marks
    for plan in marks:
        assert any("USING PRIMARY KEY (due_at=? AND chat_id=?)" in step for step in plan), plan
    # the due reminders and their tasks in one read (under the write lock that also leases their chats)
    assert any("USING INDEX ix_reminder_pending_due_at" in step for step in load), load
    assert any("SEARCH task USING INTEGER PRIMARY KEY" in step for step in load), load
