"""Tables for the state of a conversation: cards, the date being asked for, gathers and offers.

Everything a user depends on between two messages lives here, not in process memory, so a restart or
another webhook instance over the same PostgreSQL database carries on where the last update left off::

    draft ──< draft_task       a card (dispatch read, nothing scheduled) and its tasks, each with a stable id
    prompt                     "type the new deadline" (or "type the task to add to the card"): one per
                               (chat, person), until answered or expired
    gather ──< gather_part     parts of one dispatch (texts, or the files of an album) arriving close together
    offer                      a question with buttons (agency names; "update the saved tasks?")

A draft moves ``open`` → ``saved`` | ``cancelled`` | ``duplicate`` once, by a conditional UPDATE (so a
double tap, or two members pressing at once on two instances, saves once). Its tasks are never renumbered:
dropping one sets ``dropped`` and the card can restore it until it is saved.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Text
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime

DRAFT_STATES = ("open", "saved", "cancelled", "duplicate")


class Draft(SQLModel, table=True):
    """A dispatch read for a chat and shown as a card; nothing is scheduled until it is saved."""

    __tablename__ = "draft"

    id: str = Field(primary_key=True)  # random, in the card's callback data
    chat_id: int = Field(sa_type=BigInteger, foreign_key="chat.id", index=True)
    user_id: int | None = Field(default=None, sa_type=BigInteger)
    text: str = Field(sa_type=Text)
    agency: str | None = None  # the agency the tasks were read for
    received: date  # the day the dispatch was read (relative deadlines count from it)
    meta: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)  # Extraction.to_dict() without tasks
    full: dict[str, Any] | None = Field(default=None, sa_type=JSON)  # every agency's tasks, once asked for
    show_all: bool = False
    page: int = 0
    message_id: int | None = Field(default=None, sa_type=BigInteger)  # the card
    reply_to: int | None = Field(default=None, sa_type=BigInteger)
    sources: list[int] = Field(default_factory=list, sa_type=JSON)  # the user's messages it was read from
    missing: int = 0  # parts of the dispatch that arrived but could not be kept (see gather)
    state: str = "open"  # "open" | "saved" | "cancelled" | "duplicate"
    dispatch_id: int | None = Field(default=None, foreign_key="dispatch.id")  # once saved
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class DraftTask(SQLModel, table=True):
    """One task of a card: ``id`` is what its buttons name, ``number`` what the card shows; neither changes."""

    __tablename__ = "draft_task"

    id: int | None = Field(default=None, primary_key=True)
    draft_id: str = Field(foreign_key="draft.id", index=True)
    number: int
    task: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)  # dispatch.model.Task.to_dict()
    dropped: bool = False
    saved_task_id: int | None = Field(default=None, foreign_key="task.id")  # the stored task, once saved


class Prompt(SQLModel, table=True):
    """The bot asked this person in this chat for a deadline (of a card's task or of a saved task), or for a task
    to add to a card (``draft_id``)."""

    __tablename__ = "prompt"

    chat_id: int = Field(sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})
    user_id: int = Field(sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})
    draft_task_id: int | None = Field(default=None, foreign_key="draft_task.id")
    task_id: int | None = Field(default=None, foreign_key="task.id")
    draft_id: str | None = Field(default=None, foreign_key="draft.id")  # "➕ Thêm việc": a task for this card
    label: str = ""
    message_id: int | None = Field(default=None, sa_type=BigInteger)  # the question, to reply to
    expires_at: datetime = Field(sa_type=UTCDateTime)


class Gather(SQLModel, table=True):
    """Parts of one dispatch from one sender, joined while they keep coming (storage.gathers)."""

    __tablename__ = "gather"

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger, index=True)
    user_id: int | None = Field(default=None, sa_type=BigInteger)
    kind: str = "text"  # "text" | "album"
    origin: str = ""  # who the parts were forwarded from ("" typed or pasted); the album's media group
    state: str = "open"  # "open" | "closed"
    explicit: bool = False  # surely meant for the bot (forwarded, private, long)
    reply_to: int | None = Field(default=None, sa_type=BigInteger)
    parts: int = 0
    missing: int = 0  # parts over the cap, counted and not kept
    complete: bool = False  # the last part ended a dispatch (Nơi nhận, signer, ./.)
    started_at: datetime = Field(sa_type=UTCDateTime)
    last_at: datetime = Field(sa_type=UTCDateTime)
    due_at: datetime = Field(sa_type=UTCDateTime, index=True)  # read it then unless another part comes


class GatherPart(SQLModel, table=True):
    """One message of a gather: a text, or a file to read (message id, file id, name, size)."""

    __tablename__ = "gather_part"

    id: int | None = Field(default=None, primary_key=True)
    gather_id: int = Field(foreign_key="gather.id", index=True)
    message_id: int = Field(sa_type=BigInteger)
    body: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    received_at: datetime = Field(sa_type=UTCDateTime)


class Offer(SQLModel, table=True):
    """Choices offered with buttons in a chat (``kind`` "agency": names to bind; "update": a saved dispatch)."""

    __tablename__ = "offer"

    id: str = Field(primary_key=True)  # random, in the buttons' callback data
    chat_id: int = Field(sa_type=BigInteger, index=True)
    kind: str = "agency"
    choices: list[Any] = Field(default_factory=list, sa_type=JSON)
    state: str = "open"  # "open" | "taken"
    created_at: datetime = Field(sa_type=UTCDateTime)
