"""Updates taken in once: in webhook mode Telegram may deliver the same update_id again (to any instance)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from storage.models import SeenUpdate


def first_sight(session: Session, *, update_id: int, now: datetime) -> bool:
    """Record the update; False when some instance already did (a retry: drop it)."""
    session.add(SeenUpdate(update_id=update_id, seen_at=now))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True


def forget_updates(session: Session, *, before: datetime) -> int:
    """Drop the record of updates seen before ``before`` (Telegram gives up redelivering long before)."""
    count = session.exec(delete(SeenUpdate).where(col(SeenUpdate.seen_at) < before)).rowcount
    session.commit()
    return int(count or 0)
