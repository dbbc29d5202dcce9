"""Cards in the database: presses by id are idempotent, and of two sessions saving at once one saves."""

from __future__ import annotations

import threading
from datetime import date

from dbfixture import found, vn
from sqlalchemy import Engine
from sqlmodel import select

from dispatch.model import Assignee, Extraction, Signer
from dispatch.time.calendar import WorkCalendar
from storage import (
    Outcome,
    Session,
    Task,
    close_draft,
    create_draft,
    get_card,
    get_or_create_chat,
    save_draft,
    set_deadline,
    set_dropped,
)
from storage.codec import extraction_from, meta_of

NOW = vn(2026, 3, 2, 9, 0)
EXTRACTION = Extraction(number="12/UBND", issued=date(2026, 3, 1), issuer="UBND tỉnh", subject="Việc quý I",
                        recipients=("Sở Y tế",), signer=Signer("Nguyễn Văn An", "Chủ tịch"))


def new_card(session: Session, chat_id: int = -5, n: int = 3) -> str:
    get_or_create_chat(session, chat_id=chat_id, now=NOW)
    tasks = [found(f"Việc số {i}", deadline=date(2026, 3, 20 + i),
                   assignees=(Assignee("Sở Y tế", "lead"),)) for i in range(1, n + 1)]
    return create_draft(session, chat_id=chat_id, user_id=1, text=f"Công văn {chat_id}", agency="Sở Y tế",
                        extraction=EXTRACTION, tasks=tasks, now=NOW).draft.id


def test_metadata_and_tasks_come_back_as_they_were(session: Session) -> None:
    draft_id = new_card(session)
    card = get_card(session, chat_id=-5, draft_id=draft_id)
    assert card is not None
    assert card.extraction == EXTRACTION
    assert [i.number for i in card.items] == [1, 2, 3]
    assert card.items[0].task == found("Việc số 1", deadline=date(2026, 3, 21), assignees=(Assignee("Sở Y tế", "lead"),))
    assert extraction_from(meta_of(EXTRACTION)) == EXTRACTION
    assert get_card(session, chat_id=-6, draft_id=draft_id) is None, "another chat does not see it"


def test_drop_twice_drops_once_and_restore_brings_it_back(session: Session) -> None:
    draft_id = new_card(session)
    card = get_card(session, chat_id=-5, draft_id=draft_id)
    assert card is not None
    second = card.items[1].id
    drop = {"chat_id": -5, "draft_id": draft_id, "task_id": second, "now": NOW}
    assert set_dropped(session, dropped=True, **drop) is Outcome.CHANGED
    assert set_dropped(session, dropped=True, **drop) is Outcome.UNCHANGED
    card = get_card(session, chat_id=-5, draft_id=draft_id)
    assert card is not None and [i.number for i in card.kept] == [1, 3]
    assert set_dropped(session, dropped=False, **drop) is Outcome.CHANGED
    assert set_dropped(session, chat_id=-6, draft_id=draft_id, task_id=second, dropped=True, now=NOW) \
        is Outcome.MISSING
    assert close_draft(session, chat_id=-5, draft_id=draft_id, state="cancelled", now=NOW) is Outcome.CHANGED
    assert close_draft(session, chat_id=-5, draft_id=draft_id, state="cancelled", now=NOW) is Outcome.CLOSED
    assert set_dropped(session, dropped=True, **drop) is Outcome.CLOSED


def test_a_deadline_lands_on_the_task_it_names(session: Session, calendar: WorkCalendar) -> None:
    draft_id = new_card(session)
    card = get_card(session, chat_id=-5, draft_id=draft_id)
    assert card is not None
    first, third = card.items[0].id, card.items[2].id
    set_dropped(session, chat_id=-5, draft_id=draft_id, task_id=first, dropped=True, now=NOW)
    outcome, item = set_deadline(session, chat_id=-5, draft_id=draft_id, task_id=third, deadline=date(2026, 12, 25),
                                 deadline_time=None, said="25/12", now=NOW)
    assert outcome is Outcome.CHANGED and item is not None and item.number == 3
    saved = save_draft(session, chat_id=-5, draft_id=draft_id, actor_id=1, now=NOW, calendar=calendar)
    assert [t.text for t in saved.tasks] == ["Việc số 2", "Việc số 3"]
    assert saved.tasks[1].deadline == date(2026, 12, 25)


def test_two_sessions_saving_at_once_save_once(engine: Engine, calendar: WorkCalendar) -> None:
    with Session(engine) as session:
        draft_id = new_card(session, n=4)
    results: list[Outcome] = []
    barrier = threading.Barrier(4)

    def press() -> None:
        with Session(engine) as session:
            barrier.wait()
            results.append(save_draft(session, chat_id=-5, draft_id=draft_id, actor_id=1, now=NOW,
                                      calendar=calendar).outcome)

    threads = [threading.Thread(target=press) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.value for r in results) == ["changed", "closed", "closed", "closed"]
    with Session(engine) as session:
        assert len(session.exec(select(Task).where(Task.chat_id == -5)).all()) == 4
