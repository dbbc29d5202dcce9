"""Parts of a dispatch arriving one message at a time, kept in the database until they are read together.

A sender has at most one open text gather per chat (and one per album). A part joins it unless it opens a
new dispatch (its header), comes from another forward origin, or comes after the gather's ``due_at``;
then that gather is closed for reading and the part starts the next one. ``due_at`` is short after a part
that ends a dispatch and long (gather_wait) otherwise. Parts past ``max_parts`` are counted, not kept, so
the card can say what is missing. ``take`` closes a gather once, whichever instance asks first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.engine import CursorResult
from sqlmodel import Session, col, select

from storage.conversation import Gather, GatherPart

MAX_PARTS = 60  # a 240,000-character paste; beyond it parts are counted as missing


@dataclass(frozen=True, slots=True)
class Part:
    """One message to gather: a text part or a file of an album."""

    chat_id: int
    user_id: int | None
    message_id: int
    body: dict[str, Any]
    kind: str = "text"  # "text" | "album"
    origin: str = ""  # the forward origin, or the album's media group
    opens: bool = False  # begins with a dispatch header
    closes: bool = False  # ends a dispatch
    explicit: bool = False


@dataclass(frozen=True, slots=True)
class Taken:
    """A gather closed for reading, with its parts in message order."""

    gather: Gather
    parts: tuple[GatherPart, ...]


def _open_gather(session: Session, part: Part) -> Gather | None:
    query = select(Gather).where(Gather.chat_id == part.chat_id, Gather.kind == part.kind, Gather.state == "open")
    query = query.where(col(Gather.user_id).is_(None) if part.user_id is None else Gather.user_id == part.user_id)
    if part.kind == "album":
        query = query.where(Gather.origin == part.origin)
    return session.exec(query.order_by(col(Gather.id).desc())).first()


def has_open(session: Session, *, chat_id: int, user_id: int | None) -> bool:
    """Whether this sender has a text gather that a short message would continue."""
    return _open_gather(session, Part(chat_id, user_id, 0, {})) is not None


def add_part(
    session: Session, *, part: Part, now: datetime, quiet: timedelta, wait: timedelta, max_parts: int = MAX_PARTS
) -> list[int]:
    """Keep a part; the ids of the gathers it closed (to read now, before this one)."""
    gather = _open_gather(session, part)
    closed: list[int] = []
    if gather is not None and gather.id is not None and (
        now >= gather.due_at
        or (part.kind == "text" and (gather.origin != part.origin or (part.opens and gather.parts > 0)))
    ):
        closed.append(gather.id)
        gather = None
    if gather is None:
        gather = Gather(chat_id=part.chat_id, user_id=part.user_id, kind=part.kind, origin=part.origin,
                        reply_to=part.message_id, started_at=now, last_at=now, due_at=now)
        session.add(gather)
        session.flush()
    assert gather.id is not None
    if gather.parts < max_parts:
        session.add(GatherPart(gather_id=gather.id, message_id=part.message_id, body=part.body, received_at=now))
        gather.parts += 1
    else:
        gather.missing += 1
    gather.explicit = gather.explicit or part.explicit
    gather.complete = part.closes
    gather.last_at = now
    gather.due_at = now + (quiet if part.closes or part.kind == "album" else wait)
    session.add(gather)
    session.commit()
    return closed


def due(session: Session, *, now: datetime) -> list[int]:
    """The open gathers whose time has come, oldest first."""
    query = select(Gather.id).where(Gather.state == "open", col(Gather.due_at) <= now).order_by(col(Gather.id))
    return [i for i in session.exec(query) if i is not None]


def take(session: Session, *, gather_id: int) -> Taken | None:
    """Close a gather for reading, once; None when another update or instance took it first."""
    result = session.exec(
        update(Gather).where(col(Gather.id) == gather_id, col(Gather.state) == "open").values(state="closed")
    )
    session.commit()
    assert isinstance(result, CursorResult)
    gather = session.get(Gather, gather_id)
    if not result.rowcount or gather is None:
        return None
    parts = session.exec(
        select(GatherPart).where(GatherPart.gather_id == gather_id)
        .order_by(col(GatherPart.message_id), col(GatherPart.id))
    ).all()
    return Taken(gather, tuple(parts))


def forget(session: Session, *, before: datetime) -> int:
    """Delete the gathers read before ``before`` with their parts; how many gathers went."""
    old = select(Gather.id).where(Gather.state == "closed", col(Gather.last_at) < before)
    ids = [i for i in session.exec(old) if i is not None]
    if ids:
        session.exec(delete(GatherPart).where(col(GatherPart.gather_id).in_(ids)))
        session.exec(delete(Gather).where(col(Gather.id).in_(ids)))
        session.commit()
    return len(ids)
