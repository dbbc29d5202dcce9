"""A draft task: the sentences the walker gives one doer, before it gets its deadline and role."""

from __future__ import annotations

from dataclasses import dataclass, field

from dispatch.core.text import collapse
from dispatch.doers.assign import Assignment
from dispatch.doers.mentions import Mention


@dataclass(slots=True)
class Draft:
    """Sentences of one task, the agencies that lead and coordinate it, and where in the dispatch it stands."""

    parts: list[str]
    leads: tuple[Mention, ...]
    coords: tuple[Mention, ...]
    paragraph: int
    block: int = 0
    inherited: bool = False
    broad: bool = False  # inherited from a governor that names a broad collective
    extra: list[str] = field(default_factory=list)  # sentences whose deadline also applies here
    due: str | None = None  # a table row: its time cell, a deadline whatever its wording
    row: bool = False  # a row of a task table: one task, its doers from their columns
    said: Assignment | None = None  # analyse(parts[0]), when the walker has it
    # the text as last joined, and the parts it was joined from (parts only ever grow at the end)
    _joined: tuple[int, int, str] = (0, 0, "")

    @property
    def text(self) -> str:
        parts = self.parts
        key = (len(parts), id(parts[-1]) if parts else 0)
        if self._joined[:2] != key:
            self._joined = (*key, collapse(" ".join(parts)))
        return self._joined[2]
