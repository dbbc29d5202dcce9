"""The result of reading a file, and the time budget shared by the readers."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from dispatch.errors import ReadTimeout
from dispatch.readers import messages

Progress = Callable[[int, int], None]
"""progress(done_pages, total_pages), called after each page."""


@dataclass(frozen=True, slots=True)
class ReadResult:
    """Raw text of a file, as laid out in it; `dispatch.extract` normalises it.

    `methods` has one entry per page: "text" (PDF text layer), "ocr" (Tesseract), "blank"
    (nothing on the page), "docx", or "plain" (a UTF-8 text file). Lines are in reading order;
    a wide gap between two columns on one PDF line becomes a tab, as a tab in a DOCX does.
    """

    text: str
    pages: int
    methods: tuple[str, ...]
    warnings: tuple[str, ...] = ()

    @property
    def used_ocr(self) -> bool:
        """True when some of the text comes from OCR (worth a second look by the user)."""
        return "ocr" in self.methods


class Budget:
    """A deadline for one read; readers check it between pages and pass it to subprocesses."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._deadline = clock() + seconds

    def remaining(self) -> float:
        return max(0.0, self._deadline - self._clock())

    def check(self) -> None:
        """Raise ReadTimeout when the time is up."""
        if self.remaining() <= 0:
            raise self.timeout()

    def timeout(self) -> ReadTimeout:
        return ReadTimeout(messages.TIMEOUT.format(seconds=f"{self.seconds:g}"))


def report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)
