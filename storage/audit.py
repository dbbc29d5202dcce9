"""The audit trail: every change records who, what and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from storage.models import AuditEvent


def record(
    session: Session,
    *,
    chat_id: int,
    action: str,
    now: datetime,
    actor_id: int | None = None,
    task_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the session (committed with the change it describes)."""
    event = AuditEvent(
        chat_id=chat_id, task_id=task_id, actor_id=actor_id, action=action, detail=detail or {}, at=now
    )
    session.add(event)
    return event


def list_audit(
    session: Session, *, chat_id: int, task_id: int | None = None, limit: int = 50
) -> list[AuditEvent]:
    """The latest audit events of a chat (or of one of its tasks), newest first."""
    query = select(AuditEvent).where(AuditEvent.chat_id == chat_id)
    if task_id is not None:
        query = query.where(AuditEvent.task_id == task_id)
    query = query.order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc()).limit(limit)
    return list(session.exec(query))
