"""The result of reading a dispatch: metadata and the tasks it assigns."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import Any, Literal

from dispatch.time.recurrence import Recurrence
from dispatch.time.urgency import Urgency

Role = Literal["lead", "coordinate", "all"]
AssigneeRole = Literal["lead", "coordinate"]


@dataclass(frozen=True, slots=True)
class Assignee:
    """An agency named in a task, with its canonical name."""

    name: str
    role: AssigneeRole

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "role": self.role}


@dataclass(frozen=True, slots=True)
class Signer:
    """The person who signed the dispatch and their title as printed."""

    name: str
    title: str

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "title": self.title}


@dataclass(frozen=True, slots=True)
class Task:
    """One job assigned by the dispatch, with its deadline if it has one."""

    text: str
    assignees: tuple[Assignee, ...] = ()
    collective: str | None = None
    role: Role | None = None
    deadline: date | None = None
    deadline_time: time | None = None
    deadline_text: str | None = None
    recurrence: Recurrence | None = None
    relative: str | None = None
    ongoing: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "assignees": [a.to_dict() for a in self.assignees],
            "collective": self.collective,
            "role": self.role,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "deadline_time": self.deadline_time.strftime("%H:%M") if self.deadline_time else None,
            "deadline_text": self.deadline_text,
            "recurrence": self.recurrence.code if self.recurrence else None,
            "relative": self.relative,
            "ongoing": self.ongoing,
        }


@dataclass(frozen=True, slots=True)
class Extraction:
    """Metadata of a dispatch and the tasks it assigns (to one agency when asked)."""

    number: str | None = None
    issued: date | None = None
    place: str | None = None
    issuer: str | None = None
    subject: str | None = None
    recipients: tuple[str, ...] = ()
    signer: Signer | None = None
    tasks: tuple[Task, ...] = field(default_factory=tuple)
    urgency: Urgency | None = None  # the độ khẩn printed in the header (dispatch.time.urgency)

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "issued": self.issued.isoformat() if self.issued else None,
            "place": self.place,
            "issuer": self.issuer,
            "subject": self.subject,
            "recipients": list(self.recipients),
            "signer": self.signer.to_dict() if self.signer else None,
            "tasks": [t.to_dict() for t in self.tasks],
            "urgency": self.urgency,
        }
