"""The date the bot is waiting for, per person and chat, and the choices it offered with buttons."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.engine import CursorResult
from sqlmodel import Session, col, select

from storage.conversation import Offer, Prompt

PROMPT_TTL = timedelta(minutes=10)  # after this the person's next message is read as usual again


def ask(
    session: Session,
    *,
    chat_id: int,
    user_id: int,
    label: str,
    now: datetime,
    draft_task_id: int | None = None,
    task_id: int | None = None,
    draft_id: str | None = None,
) -> Prompt:
    """Wait for this person's deadline for one task (a card's or a saved one), or with ``draft_id`` for a task to
    add to that card; replaces an earlier question."""
    prompt = session.get(Prompt, (chat_id, user_id))
    if prompt is None:
        prompt = Prompt(chat_id=chat_id, user_id=user_id, expires_at=now + PROMPT_TTL)
    prompt.draft_task_id, prompt.task_id, prompt.draft_id, prompt.label = draft_task_id, task_id, draft_id, label
    prompt.message_id, prompt.expires_at = None, now + PROMPT_TTL
    session.add(prompt)
    session.commit()
    session.refresh(prompt)
    return prompt


def asked(session: Session, *, chat_id: int, user_id: int, message_id: int) -> None:
    """Remember which message asked (the answer may reply to it)."""
    session.exec(
        update(Prompt).where(col(Prompt.chat_id) == chat_id, col(Prompt.user_id) == user_id)
        .values(message_id=message_id)
    )
    session.commit()


def pending_prompt(session: Session, *, chat_id: int, user_id: int, now: datetime) -> Prompt | None:
    """The question this person has still to answer here (an expired one is forgotten)."""
    prompt = session.get(Prompt, (chat_id, user_id))
    if prompt is None:
        return None
    if prompt.expires_at <= now:
        drop_prompt(session, chat_id=chat_id, user_id=user_id)
        return None
    return prompt


def drop_prompt(session: Session, *, chat_id: int, user_id: int) -> bool:
    """Stop waiting; False when nothing was being waited for."""
    result = session.exec(delete(Prompt).where(col(Prompt.chat_id) == chat_id, col(Prompt.user_id) == user_id))
    session.commit()
    assert isinstance(result, CursorResult)
    return bool(result.rowcount)


def offer(session: Session, *, chat_id: int, kind: str, choices: Sequence[Any], now: datetime) -> Offer:
    """Store choices shown with buttons; the buttons carry its id and the choice's index."""
    while True:
        offer_id = secrets.token_hex(4)
        if session.get(Offer, offer_id) is None:
            break
    row = Offer(id=offer_id, chat_id=chat_id, kind=kind, choices=list(choices), created_at=now)
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


def get_offer(session: Session, *, chat_id: int, offer_id: str, kind: str) -> Offer | None:
    """An open offer of this chat, or None."""
    return session.exec(
        select(Offer).where(Offer.id == offer_id, Offer.chat_id == chat_id, Offer.kind == kind,
                            Offer.state == "open")
    ).first()


def take_offer(session: Session, *, chat_id: int, offer_id: str) -> bool:
    """Close an offer once (a double tap takes it once); False when it was already taken."""
    result = session.exec(
        update(Offer).where(col(Offer.id) == offer_id, col(Offer.chat_id) == chat_id, col(Offer.state) == "open")
        .values(state="taken")
    )
    session.commit()
    assert isinstance(result, CursorResult)
    return bool(result.rowcount)


def close_offers(session: Session, *, chat_id: int, kind: str) -> None:
    """Close every open offer of a kind in the chat (an agency was bound some other way)."""
    session.exec(
        update(Offer).where(col(Offer.chat_id) == chat_id, col(Offer.kind) == kind, col(Offer.state) == "open")
        .values(state="taken")
    )
    session.commit()
