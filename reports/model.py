"""What a report holds: rows already in the words of the office, and the counts by official state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

# The Government Office's four states, in the order reports list them.
STATES = ("open_on_time", "open_overdue", "done_on_time", "done_late")


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One task as a report line: its dispatch, what, who, until when, and how it stands."""

    number: int
    text: str
    role: str
    assignee: str
    deadline: date | None
    deadline_note: str  # the deadline in words when it is not a plain date ("hằng tháng, trước ngày 20")
    state: str  # one of STATES
    state_name: str
    days_overdue: int | None
    done_on: date | None
    dispatch_number: str | None = None
    dispatch_issued: date | None = None
    dispatch_subject: str | None = None
    urgency: str = ""


@dataclass(frozen=True, slots=True)
class Report:
    """A report of one chat over one period."""

    agency: str
    period_label: str
    start: date
    end: date
    made_at: datetime  # local time
    rows: tuple[ReportRow, ...]
    state_names: dict[str, str] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """Tasks per official state, every state present."""
        out = dict.fromkeys(STATES, 0)
        for row in self.rows:
            out[row.state] += 1
        return out
