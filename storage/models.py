"""Tables: chats, dispatches, tasks, the people they are assigned to, reminders and the audit trail."""

from __future__ import annotations

import secrets
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, PrimaryKeyConstraint, Text, UniqueConstraint, text
from sqlalchemy.orm import relationship
from sqlmodel import Field, Relationship, SQLModel

from dispatch.time.recurrence import Recurrence
from storage.policy import Assignee, ChatSettings, TaskSchedule
from storage.types import RecurrenceText, UTCDateTime

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

TASK_STATUSES = ("open", "done", "deleted")
REMINDER_KINDS = ("before", "due", "overdue", "recurring", "urgent")
REMINDER_STATES = ("pending", "sending", "sent", "cancelled", "failed")
REMINDER_ID_BITS = 59  # at most 18 decimal digits: what callback data ("snooze:<id>") accepts


def new_reminder_id() -> int:
    """A random reminder id (the reminder table has no rowid to count with; see Reminder)."""
    return 1 + secrets.randbits(REMINDER_ID_BITS)


class Chat(SQLModel, table=True):
    """A Telegram chat (usually an agency's group) and its reminder settings."""

    __tablename__ = "chat"

    id: int = Field(sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})
    title: str | None = None
    agency: str | None = None
    active: bool = True
    days_before: list[int] = Field(default_factory=lambda: [7, 3, 1], sa_type=JSON)
    send_at: str = "08:00"
    remind_collective: bool = True
    weekly_summary: bool = True  # the Monday summary (storage.summaries)
    summary_week: date | None = None  # the Monday of the last week summarised
    next_short_id: int = 1
    created_at: datetime = Field(sa_type=UTCDateTime)
    # delivery lease: the instance sending this chat's digest until claim_expires_at (scheduler.claims)
    claimed_by: str | None = None
    claim_expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # an inactive chat (403, chat not found) is tried again at probe_at, later after each failed probe
    probe_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    probe_failures: int = 0
    # short ids of tasks whose reminder ended "failed" since the chat's last digest (reported by the next one)
    undelivered: list[int] | None = Field(default=None, sa_type=JSON)

    @property
    def settings(self) -> ChatSettings:
        """The reminder settings as the policy wants them."""
        hour, minute = (int(x) for x in self.send_at.split(":"))
        return ChatSettings(
            days_before=tuple(self.days_before),
            send_at=time(hour, minute),
            remind_collective=self.remind_collective,
        )


class PendingDispatch(SQLModel, table=True):
    """A dispatch received before the chat chose its agency; processed once it does."""

    __tablename__ = "pending_dispatch"

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger, foreign_key="chat.id", index=True)
    text: str = Field(sa_type=Text)
    actor_id: int | None = Field(default=None, sa_type=BigInteger)
    received_at: datetime = Field(sa_type=UTCDateTime)


class Dispatch(SQLModel, table=True):
    """A saved dispatch (công văn) in one chat."""

    __tablename__ = "dispatch"
    __table_args__ = (
        UniqueConstraint("chat_id", "text_hash"),
        UniqueConstraint("chat_id", "number", "issuer"),
    )

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger, foreign_key="chat.id", index=True)
    number: str | None = None
    issuer: str | None = None
    issued: date | None = None
    subject: str | None = Field(default=None, sa_type=Text)
    text: str = Field(sa_type=Text)
    text_hash: str
    created_by: int | None = Field(default=None, sa_type=BigInteger)
    created_at: datetime = Field(sa_type=UTCDateTime)


class Person(SQLModel, table=True):
    """Someone the bot has seen (by Telegram user id), or only been told of by @username (user_id None).

    ``started_at``: when they opened a private chat with the bot (/start there); from then on their own
    reminders also go to that chat (its id is their user id). ``hinted_at``: when a group was told how they
    can get private reminders (once).
    """

    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(default=None, sa_type=BigInteger, unique=True)
    username: str | None = Field(default=None, index=True)
    name: str | None = None
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    hinted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    seen_at: datetime = Field(sa_type=UTCDateTime)

    @property
    def label(self) -> str:
        """How plain text (reports, the audit trail) names them: @username, else their name."""
        return f"@{self.username}" if self.username else self.name or f"id {self.user_id}"

    @property
    def assignee(self) -> Assignee:
        """The person as a digest names them."""
        return Assignee(user_id=self.user_id, username=self.username, name=self.name)


class Member(SQLModel, table=True):
    """A person seen in a group (spoke, pressed, started the bot there): the assignment picker lists them."""

    __tablename__ = "member"

    chat_id: int = Field(sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})
    person_id: int = Field(foreign_key="person.id", primary_key=True, sa_column_kwargs={"autoincrement": False})
    seen_at: datetime = Field(sa_type=UTCDateTime)


class TaskAssignee(SQLModel, table=True):
    """A task assigned to a person."""

    __tablename__ = "task_assignee"

    task_id: int = Field(foreign_key="task.id", primary_key=True, sa_column_kwargs={"autoincrement": False})
    person_id: int = Field(foreign_key="person.id", primary_key=True, index=True,
                           sa_column_kwargs={"autoincrement": False})
    assigned_at: datetime = Field(sa_type=UTCDateTime)
    assigned_by: int | None = Field(default=None, sa_type=BigInteger)


class Task(SQLModel, table=True):
    """One task of a chat, with its deadline and status."""

    __tablename__ = "task"
    __table_args__ = (
        UniqueConstraint("chat_id", "short_id"),
        Index("ix_task_chat_status_deadline", "chat_id", "status", "deadline"),
    )

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger, foreign_key="chat.id")
    dispatch_id: int | None = Field(default=None, foreign_key="dispatch.id")
    short_id: int
    text: str = Field(sa_type=Text)
    role: str | None = None  # "lead" | "coordinate" | "all"
    collective: str | None = None
    assignees: list[str] = Field(default_factory=list, sa_type=JSON)
    deadline: date | None = None
    deadline_time: time | None = None
    deadline_text: str | None = None
    recurrence: Recurrence | None = Field(default=None, sa_type=RecurrenceText)
    relative: str | None = None
    ongoing: bool = False
    status: str = "open"
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    done_by: int | None = Field(default=None, sa_type=BigInteger)
    done_by_name: str | None = None
    # its dispatch's độ khẩn: "hoa_toc" | "thuong_khan" | "khan" (dispatch.time.urgency)
    urgency: str | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)
    # who answers for it (storage.people.set_assignees); loaded with the task, so it outlives the session
    people: list[Person] = Relationship(
        sa_relationship=relationship(Person, secondary="task_assignee", lazy="selectin", order_by="Person.id",
                                     viewonly=True)
    )

    @property
    def schedule(self) -> TaskSchedule:
        """The task as the reminder policy sees it."""
        return TaskSchedule(
            deadline=self.deadline,
            deadline_time=self.deadline_time,
            recurrence=self.recurrence,
            ongoing=self.ongoing,
            role=self.role,
            status=self.status,
            urgency=self.urgency,
            saved_at=self.created_at,
        )


class Reminder(SQLModel, table=True):
    """A reminder to post in a chat at ``due_at``; sent under a lease on its chat (scheduler.claims).

    ``chat_id`` is where it goes: the task's group, or an assignee's private chat (storage.reminders plans both).

    Stored in (due_at, chat_id, id) order: on SQLite the table is WITHOUT ROWID with that primary key, so the
    reminders due together, and a chat's within them, sit on a few pages (a tick marking 1,000 of them sent
    dirties tens of pages, not a thousand). ``id`` stays the handle the rest of the app uses (unique index,
    the mapper's identity, callback data); it is drawn at random in Python, there being no rowid to count with.
    Changing ``due_at`` (snooze) moves the row; the ORM addresses it by id.
    """

    __tablename__ = "reminder"
    __table_args__ = (
        PrimaryKeyConstraint("due_at", "chat_id", "id"),
        UniqueConstraint("id"),
        # one per destination: the group, and the private chat of each assignee who started the bot
        UniqueConstraint("task_id", "chat_id", "kind", "due_at"),
        # only pending reminders are indexed: a sent one leaves the index instead of moving inside it
        Index(
            "ix_reminder_pending_due_at",
            "due_at",
            "chat_id",
            "next_attempt_at",
            sqlite_where=text("state = 'pending'"),
            postgresql_where=text("state = 'pending'"),
        ),
        {"sqlite_with_rowid": False},
    )
    __mapper_args__ = {"primary_key": ["id"]}

    id: int = Field(
        default_factory=new_reminder_id,
        sa_type=BigInteger,
        sa_column_kwargs={"default": new_reminder_id, "autoincrement": False},
    )
    task_id: int = Field(foreign_key="task.id", index=True)
    # no index of its own: the key starts (due_at, chat_id), and SQLite would rather search an index on chat_id
    # (then the row) than the key itself
    chat_id: int = Field(sa_type=BigInteger, foreign_key="chat.id")
    due_at: datetime = Field(sa_type=UTCDateTime)
    kind: str  # "before" | "due" | "overdue" | "recurring" | "urgent"
    days: int = 0
    state: str = "pending"  # "pending" | "sent" | "cancelled" | "failed" ("sending": before migration 0002)
    claimed_by: str | None = None  # the instance that sent it
    claim_expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # unused since 0002
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    message_id: int | None = Field(default=None, sa_type=BigInteger)
    last_error: str | None = None
    failing_since: datetime | None = Field(default=None, sa_type=UTCDateTime)  # first refusal of a failing run


class SeenUpdate(SQLModel, table=True):
    """An update already taken in (webhook mode): Telegram may deliver the same update_id again."""

    __tablename__ = "seen_update"

    update_id: int = Field(sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})
    seen_at: datetime = Field(sa_type=UTCDateTime, index=True)


class SendPace(SQLModel, table=True):
    """The next free instant (epoch seconds, the database's clock) on the bot's shared sending schedule.

    Telegram limits a bot, not a process: instances sharing one token over PostgreSQL take their send slots
    from this one row (storage.pace), so together they keep to the overall rate instead of each pacing at it.
    """

    __tablename__ = "send_pace"

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    next_at: float


class AuditEvent(SQLModel, table=True):
    """Who did what to which task or chat, and when."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger, index=True)
    task_id: int | None = Field(default=None, index=True)
    actor_id: int | None = Field(default=None, sa_type=BigInteger)
    action: str
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    at: datetime = Field(sa_type=UTCDateTime)
