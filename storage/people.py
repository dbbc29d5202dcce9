"""People: who the bot has seen, who a task is assigned to, and who gets their reminders privately.

A person is known by Telegram user id once seen (a message, a button, a text mention), or only by @username
when assigned before ever being seen; the first sight of that username adopts the row, so the assignment
follows the person. Usernames move: when one is seen on another user, the old holder loses it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select, update

from storage.audit import record
from storage.errors import InvalidUsernameError
from storage.models import Chat, Member, Person, Task, TaskAssignee
from storage.policy import Calendar
from storage.reminders import sync_reminders

_USERNAME = re.compile(r"^[A-Za-z0-9_]{3,32}$")
RECENT_DONE = timedelta(days=30)  # /cuatoi lists tasks done this recently


def _by_username(session: Session, username: str) -> list[Person]:
    return list(session.exec(select(Person).where(func.lower(Person.username) == username.lower())))


def _see(
    session: Session, *, user_id: int, username: str | None, name: str | None, now: datetime
) -> tuple[Person, list[int]]:
    """The user's row, up to date; the tasks whose assignment moved to it from a row by username only."""
    moved: list[int] = []
    person = session.exec(select(Person).where(Person.user_id == user_id)).first()
    for other in _by_username(session, username) if username else []:
        if other.id == (person.id if person else None):
            continue
        if other.user_id is not None:  # the username moved to this user
            other.username = None
            session.add(other)
        elif person is None:  # assigned by @username before being seen: this is them
            person, person.user_id = other, user_id
        else:  # both rows are this user: the assignments go to the known one
            taken = set(session.exec(select(TaskAssignee.task_id).where(TaskAssignee.person_id == person.id)))
            for link in session.exec(select(TaskAssignee).where(TaskAssignee.person_id == other.id)):
                moved.append(link.task_id)
                if link.task_id not in taken:
                    session.add(TaskAssignee(task_id=link.task_id, person_id=person.id or 0,
                                             assigned_at=link.assigned_at, assigned_by=link.assigned_by))
            session.flush()
            session.exec(delete(TaskAssignee).where(col(TaskAssignee.person_id) == other.id))
            session.exec(delete(Member).where(col(Member.person_id) == other.id))
            session.delete(other)
    if person is None:
        person = Person(user_id=user_id, seen_at=now)
    person.username, person.name, person.seen_at = username, name, now
    session.add(person)
    session.flush()
    return person, moved


def see_user(
    session: Session, *, user_id: int, username: str | None, name: str | None, now: datetime,
    calendar: Calendar, chat_id: int | None = None,
) -> Person:
    """Record a Telegram user as seen (in group ``chat_id``, when given: the assignment picker lists them)."""
    for attempt in (1, 2):  # two updates of a new user at once: the second insert loses, then finds the row
        try:
            person, moved = _see(session, user_id=user_id, username=username, name=name, now=now)
            if person.started_at is not None:
                _sync(session, [t for t in (session.get(Task, i) for i in moved) if t is not None], now, calendar)
            if chat_id is not None:
                member = session.get(Member, (chat_id, person.id))
                if member is None:
                    session.add(Member(chat_id=chat_id, person_id=person.id or 0, seen_at=now))
                else:
                    member.seen_at = now
                    session.add(member)
            session.commit()
            return person
        except IntegrityError:
            session.rollback()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def person_for_username(session: Session, *, username: str, now: datetime) -> Person:
    """The person with this @username, or a new row for someone not seen yet."""
    name = username.strip().lstrip("@")
    if not _USERNAME.match(name):
        raise InvalidUsernameError(f"not a Telegram username: {username!r}")
    found = sorted(_by_username(session, name), key=lambda p: p.user_id is None)
    if found:
        return found[0]
    person = Person(username=name, seen_at=now)
    session.add(person)
    session.commit()
    return person


def members(session: Session, *, chat_id: int, limit: int = 20) -> list[Person]:
    """People seen in this group, by name (the picker's choices)."""
    query = (
        select(Person)
        .join(Member, col(Member.person_id) == Person.id)
        .where(Member.chat_id == chat_id)
        .order_by(col(Member.seen_at).desc())
        .limit(limit)
    )
    return sorted(session.exec(query), key=lambda p: ((p.name or p.username or "").casefold(), p.id or 0))


@dataclass(frozen=True, slots=True)
class MemberPage:
    """One page of a group's people, by name."""

    people: list[Person]
    page: int  # from 0
    pages: int


def member_page(session: Session, *, chat_id: int, size: int, page: int = 0,
                showing: int | None = None) -> MemberPage:
    """Page ``page`` of the people seen in this group, by name; with ``showing``, the page that person is on."""
    query = select(Person).join(Member, col(Member.person_id) == Person.id).where(Member.chat_id == chat_id)
    everyone = sorted(session.exec(query), key=lambda p: ((p.name or p.username or "").casefold(), p.id or 0))
    pages = max(1, -(-len(everyone) // size))
    if showing is not None:
        page = next((i // size for i, p in enumerate(everyone) if p.id == showing), page)
    page = min(max(page, 0), pages - 1)
    return MemberPage(everyone[page * size:(page + 1) * size], page, pages)


def get_person(session: Session, *, person_id: int) -> Person | None:
    return session.get(Person, person_id)


def set_assignees(
    session: Session,
    *,
    chat_id: int,
    task_id: int,
    person_ids: Sequence[int],
    actor_id: int | None,
    now: datetime,
    calendar: Calendar,
) -> tuple[Task, list[Person]] | None:
    """Make these people the task's assignees (none: unassigned); the ones newly added.

    Their private reminders are planned (or cancelled for those removed) in the same transaction.
    """
    task = session.exec(
        select(Task).where(Task.chat_id == chat_id, Task.id == task_id, col(Task.status) != "deleted")
    ).first()
    chat = session.get(Chat, chat_id)
    if task is None or chat is None:
        return None
    wanted = list(dict.fromkeys(person_ids))
    old = {p.id: p for p in task.people}
    added = [p for p in (session.get(Person, i) for i in wanted if i not in old) if p is not None]
    session.exec(delete(TaskAssignee).where(col(TaskAssignee.task_id) == task_id,
                                            col(TaskAssignee.person_id).notin_(wanted)))
    for person in added:
        session.add(TaskAssignee(task_id=task_id, person_id=person.id or 0, assigned_at=now, assigned_by=actor_id))
    session.flush()
    record(session, chat_id=chat_id, task_id=task_id, actor_id=actor_id, action="assign", now=now,
           detail={"old": [p.label for p in old.values()],
                   "new": [p.label for p in (session.get(Person, i) for i in wanted) if p is not None]})
    session.refresh(task)
    sync_reminders(session, task=task, chat=chat, calendar=calendar, now=now)
    session.commit()
    return task, added


def is_assignee(session: Session, *, task_id: int, user_id: int) -> bool:
    """Whether this Telegram user is one of the task's assignees."""
    return session.exec(
        select(TaskAssignee.task_id)
        .join(Person, col(Person.id) == TaskAssignee.person_id)
        .where(TaskAssignee.task_id == task_id, Person.user_id == user_id)
    ).first() is not None


def acting_chat(session: Session, *, chat_id: int, task_id: int, user_id: int) -> int | None:
    """The group a press or answer in ``chat_id`` acts in: that chat when the task is its own; the task's
    group when ``chat_id`` is this user's private chat and they are an assignee; else None."""
    task = session.get(Task, task_id)
    if task is None:
        return None
    if task.chat_id == chat_id:
        return chat_id
    if chat_id == user_id and is_assignee(session, task_id=task_id, user_id=user_id):
        return task.chat_id
    return None


def start_private(
    session: Session, *, user_id: int, username: str | None, name: str | None, now: datetime,
    calendar: Calendar,
) -> int:
    """The user opened a private chat (/start): their own reminders go there from now on. Their open tasks."""
    person, _ = _see(session, user_id=user_id, username=username, name=name, now=now)
    person.started_at = person.started_at or now
    session.add(person)
    session.flush()
    tasks = _assigned(session, person_id=person.id or 0, open_only=True)
    _sync(session, tasks, now, calendar)
    session.commit()
    return len(tasks)


def _sync(session: Session, tasks: Sequence[Task], now: datetime, calendar: Calendar) -> None:
    for task in tasks:
        chat = session.get(Chat, task.chat_id)
        if chat is not None and task.status == "open":
            sync_reminders(session, task=task, chat=chat, calendar=calendar, now=now)


def _assigned(session: Session, *, person_id: int, open_only: bool) -> list[Task]:
    query = select(Task).join(TaskAssignee, col(TaskAssignee.task_id) == Task.id).where(
        TaskAssignee.person_id == person_id
    )
    query = query.where(col(Task.status) == "open") if open_only else query.where(col(Task.status) != "deleted")
    return list(session.exec(query.order_by(col(Task.deadline).is_(None), col(Task.deadline), col(Task.id))))


def tasks_of(session: Session, *, user_id: int, now: datetime) -> list[tuple[Task, Chat]]:
    """The user's tasks in every group: open ones, and those done in the last RECENT_DONE."""
    person = session.exec(select(Person).where(Person.user_id == user_id)).first()
    if person is None:
        return []
    out = []
    for task in _assigned(session, person_id=person.id or 0, open_only=False):
        if task.status == "done" and (task.done_at is None or task.done_at < now - RECENT_DONE):
            continue
        chat = session.get(Chat, task.chat_id)
        if chat is not None:
            out.append((task, chat))
    return out


def reachable(session: Session, *, person: Person) -> bool:
    """Whether the person's private chat with the bot is open (started and not blocked since)."""
    if person.started_at is None or person.user_id is None:
        return False
    chat = session.get(Chat, person.user_id)
    return chat is not None and chat.active


def take_hint(session: Session, *, person_ids: Sequence[int], now: datetime) -> list[int]:
    """Of these people, the ones not yet told how to get private reminders; now marked as told (once)."""
    if not person_ids:
        return []
    told = session.exec(
        update(Person)
        .where(col(Person.id).in_(person_ids), col(Person.hinted_at).is_(None), col(Person.started_at).is_(None))
        .values(hinted_at=now)
        .returning(col(Person.id))
    ).scalars().all()
    session.commit()
    return sorted(int(i) for i in told)
