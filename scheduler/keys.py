"""Reminder keys and the expressions that steer the planner to the reminder table's own key.

A reminder's primary key is (due_at, chat_id, id): on SQLite that is the order its rows are stored in
(WITHOUT ROWID, storage.models.Reminder), so a wave of marks touches a page or two. These expressions make
sure queries use that key and not a narrower index that would cost a second search per row.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Integer, String, and_, literal_column
from sqlmodel import col

from storage.models import Reminder


class ReminderKey(NamedTuple):
    """A reminder's primary key, in the order its rows are stored."""

    due_at: datetime
    chat_id: int
    id: int


def unindexed_state() -> ColumnElement[str]:
    """``state`` as an expression no index matches (not the partial index of pending reminders)."""
    return col(Reminder.state).op("||", return_type=String)(literal_column("''", String))


def unindexed_id() -> ColumnElement[int]:
    """``id + 0``, with a literal 0: the same id, as an expression no index matches."""
    return col(Reminder.id) + literal_column("0", Integer)


def by_key(due_at: Any, chat_id: Any, reminder_id: Any) -> ColumnElement[bool]:
    """The reminder with this primary key, found through the primary key itself.

    "id + 0": left bare, SQLite's planner prefers the narrower unique index on id (then a second search for
    the row) to the table's own key; without it, the key's (due_at, chat_id) prefix finds the row among its
    chat's reminders due at the same time, all on one page.
    """
    return and_(
        col(Reminder.due_at) == due_at, col(Reminder.chat_id) == chat_id, unindexed_id() == reminder_id
    )
