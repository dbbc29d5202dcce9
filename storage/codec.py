"""Extraction values as JSON columns and back (a card keeps what extraction found until it is saved)."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from dispatch.model import Assignee, Extraction, Signer
from dispatch.model import Task as FoundTask
from dispatch.time.recurrence import Recurrence


def task_from(data: dict[str, Any]) -> FoundTask:
    """A dispatch.model.Task back from its to_dict()."""
    deadline, at = data.get("deadline"), data.get("deadline_time")
    return FoundTask(
        text=str(data.get("text", "")),
        assignees=tuple(Assignee(a["name"], a["role"]) for a in data.get("assignees", [])),
        collective=data.get("collective"),
        role=data.get("role"),
        deadline=date.fromisoformat(deadline) if deadline else None,
        deadline_time=time.fromisoformat(at) if at else None,
        deadline_text=data.get("deadline_text"),
        recurrence=Recurrence.parse(data["recurrence"]) if data.get("recurrence") else None,
        relative=data.get("relative"),
        ongoing=bool(data.get("ongoing", False)),
    )


def meta_of(extraction: Extraction) -> dict[str, Any]:
    """What a card keeps of an extraction besides its tasks."""
    return {k: v for k, v in extraction.to_dict().items() if k != "tasks"}


def extraction_from(data: dict[str, Any]) -> Extraction:
    """An Extraction back from its to_dict() (with or without tasks)."""
    issued, signer = data.get("issued"), data.get("signer")
    return Extraction(
        number=data.get("number"),
        issued=date.fromisoformat(issued) if issued else None,
        place=data.get("place"),
        issuer=data.get("issuer"),
        subject=data.get("subject"),
        recipients=tuple(data.get("recipients", ())),
        signer=Signer(signer["name"], signer["title"]) if signer else None,
        tasks=tuple(task_from(t) for t in data.get("tasks", ())),
        urgency=data.get("urgency"),
    )
