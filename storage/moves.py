"""A group upgraded to a supergroup gets a new chat id: move the chat, its tasks, reminders and history to it.

Telegram tells in two ways: a service message (``migrate_to_chat_id`` in the old group, ``migrate_from_chat_id``
in the new supergroup), or a send to the old id refused with 400 and ``migrate_to_chat_id``. Either way
``move_chat`` runs, once: the second notice finds nothing left under the old id.

Every table with a ``chat_id`` column is moved (so a table added later moves too). If the new chat already
exists (an update from it arrived first), it takes the old chat's settings; if it already has tasks of its
own, the moved tasks are numbered after them. A row keyed by the chat and a person (a member seen, an open
prompt) that the new chat already has under the same key is the old chat's duplicate: it gives way to the new
chat's row, which is the more recent. A dispatch saved in both (pasted again in the supergroup before the
bot knew of the move) is kept once, the new chat's: the old chat's tasks and cards point to it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Table, and_, delete, exists, or_, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, SQLModel, col, func, select

from storage.audit import record
from storage.models import Chat, Dispatch, Task

_CARRIED = ("agency", "days_before", "send_at", "remind_collective", "weekly_summary", "summary_week",
            "undelivered")  # what the chat's people chose or are owed; the title is the new chat's own


def move_chat(session: Session, *, old_id: int, new_id: int, now: datetime) -> bool:
    """Move everything of chat ``old_id`` to ``new_id`` and drop the old chat; False if there was nothing to move."""
    old = session.get(Chat, old_id)
    if old is None or old_id == new_id:
        return False
    new = session.get(Chat, new_id)
    offset = 0
    if new is None:
        new = Chat(id=new_id, title=old.title, created_at=old.created_at, next_short_id=old.next_short_id)
    else:
        has_tasks = session.exec(select(func.count()).select_from(Task).where(Task.chat_id == new_id)).one()
        if has_tasks:
            offset = new.next_short_id - 1
            new.next_short_id += old.next_short_id - 1
        else:
            new.next_short_id = old.next_short_id
    for name in _CARRIED:
        if name != "agency" or new.agency is None or offset == 0:
            setattr(new, name, getattr(old, name))
    new.active, new.probe_at, new.probe_failures = True, None, 0
    session.add(new)
    session.flush()
    if offset:  # with the move itself: (chat_id, short_id) stays unique row by row
        session.exec(update(Task).where(col(Task.chat_id) == old_id)
                     .values(chat_id=new_id, short_id=col(Task.short_id) + offset)
                     .execution_options(synchronize_session=False))
    _merge_dispatches(session, old_id=old_id, new_id=new_id)
    for table in SQLModel.metadata.sorted_tables:
        if table.name != Chat.__tablename__ and "chat_id" in table.c:
            _drop_duplicates(session, table, old_id=old_id, new_id=new_id)
            session.exec(update(table).where(table.c.chat_id == old_id)
                         .values(chat_id=new_id).execution_options(synchronize_session=False))
    session.exec(delete(Chat).where(col(Chat.id) == old_id))
    record(session, chat_id=new_id, action="migrated", now=now, detail={"from": old_id, "offset": offset})
    session.commit()
    session.expire_all()
    return True


def _drop_duplicates(session: Session, table: Table, *, old_id: int, new_id: int) -> None:
    """Delete the old chat's rows whose primary key, with the new chat id, the new chat already has."""
    others = [c for c in table.primary_key.columns if c.name != "chat_id"]
    if len(others) == len(table.primary_key.columns):
        return  # chat_id is not part of the key: moving cannot collide
    twin = table.alias("twin")
    same = and_(twin.c.chat_id == new_id, *(twin.c[c.name] == c for c in others))
    session.exec(delete(table).where(table.c.chat_id == old_id, exists().where(same))
                 .execution_options(synchronize_session=False))


def _merge_dispatches(session: Session, *, old_id: int, new_id: int) -> None:
    """Point whatever refers to an old chat's dispatch that the new chat also saved to the new chat's copy."""
    twin = aliased(Dispatch)
    same = or_(col(twin.text_hash) == col(Dispatch.text_hash),
               and_(col(twin.number) == col(Dispatch.number), col(twin.issuer) == col(Dispatch.issuer)))
    pairs = dict(session.exec(select(Dispatch.id, twin.id).join(twin, and_(col(twin.chat_id) == new_id, same))
                              .where(Dispatch.chat_id == old_id)).all())
    referring = [(table, fk.parent) for table in SQLModel.metadata.sorted_tables for fk in table.foreign_keys
                 if fk.column.table.name == Dispatch.__tablename__]
    for old, new in pairs.items():
        for table, column in referring:
            session.exec(update(table).where(column == old).values({column.name: new})
                         .execution_options(synchronize_session=False))
        session.exec(delete(Dispatch).where(col(Dispatch.id) == old))
