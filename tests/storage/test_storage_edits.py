"""An edited dispatch on a card: found tasks follow the edit by position, corrected and hand-added ones stay."""

from __future__ import annotations

from datetime import date

from dbfixture import found, vn
from test_storage_drafts import EXTRACTION, NOW

from dispatch.model import Task as FoundTask
from storage import (
    Outcome,
    Session,
    ask,
    create_draft,
    get_card,
    get_or_create_chat,
    pending_prompt,
    set_deadline,
)
from storage.edits import revise_draft
from storage.manual import add_draft_task

LATER = vn(2026, 3, 2, 10, 0)


def tasks(*days: int) -> list[FoundTask]:
    return [found(f"Việc số {i}", deadline=date(2026, 3, day)) for i, day in enumerate(days, 1)]


def test_an_edit_moves_the_changed_task_and_keeps_a_corrected_one_and_a_hand_added_one(session: Session) -> None:
    before = tasks(21, 22)
    draft_id = _card(session, before)
    card = get_card(session, chat_id=-5, draft_id=draft_id)
    assert card is not None
    second = card.items[1].id
    set_deadline(session, chat_id=-5, draft_id=draft_id, task_id=second, deadline=date(2026, 4, 15),
                 deadline_time=None, said="15/4", now=NOW)
    add_draft_task(session, chat_id=-5, draft_id=draft_id, found=found("Việc tự thêm"), now=NOW)
    after = tasks(28, 22, 25)  # task 1 moved, task 2 untouched, a third one found
    assert revise_draft(session, chat_id=-5, draft_id=draft_id, text="sửa", extraction=EXTRACTION,
                        before=before, after=after, now=LATER) is Outcome.CHANGED
    card = get_card(session, chat_id=-5, draft_id=draft_id)
    assert card is not None and card.draft.text == "sửa"
    assert [(i.number, i.task.text, i.task.deadline) for i in card.items] == [
        (1, "Việc số 1", date(2026, 3, 28)),
        (2, "Việc số 2", date(2026, 4, 15)),  # corrected on the card, and the edit did not touch it
        (3, "Việc số 3", date(2026, 3, 25)),
        (4, "Việc tự thêm", None),
    ]


def test_a_task_the_edit_no_longer_has_leaves_the_card_with_its_prompt(session: Session) -> None:
    before = tasks(21, 22)
    draft_id = _card(session, before)
    card = get_card(session, chat_id=-5, draft_id=draft_id)
    assert card is not None
    ask(session, chat_id=-5, user_id=7, label="2", now=NOW, draft_task_id=card.items[1].id)
    assert revise_draft(session, chat_id=-5, draft_id=draft_id, text="sửa", extraction=EXTRACTION,
                        before=before, after=before[:1], now=LATER) is Outcome.CHANGED
    card = get_card(session, chat_id=-5, draft_id=draft_id)
    assert card is not None and [i.task.text for i in card.items] == ["Việc số 1"]
    assert pending_prompt(session, chat_id=-5, user_id=7, now=NOW) is None


def _card(session: Session, found_tasks: list[FoundTask]) -> str:
    get_or_create_chat(session, chat_id=-5, now=NOW)
    return create_draft(session, chat_id=-5, user_id=1, text="gốc", agency="Sở Y tế", extraction=EXTRACTION,
                        tasks=found_tasks, now=NOW).draft.id
