"""The parts of a dispatch the extractor works with: body blocks and the document's metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dispatch.model import Signer


@dataclass(frozen=True, slots=True)
class Block:
    """A body paragraph with its list marker, or a row of a task table."""

    text: str  # a row: its content cell
    kind: str  # roman | num | letter | bullet | plain | row
    marker: str
    paragraph: int  # index of the blank-line separated paragraph it belongs to
    cells: tuple[str, ...] = ()  # a row: its lead, coordinator and time cells


@dataclass(slots=True)
class Document:
    """Metadata of a dispatch and its body blocks."""

    number: str | None = None
    issued: date | None = None
    place: str | None = None
    issuer: str | None = None
    subject: str | None = None
    recipients: list[str] = field(default_factory=list)
    signer: Signer | None = None
    blocks: list[Block] = field(default_factory=list)
    appendix: int | None = None  # index of the first block after the signer (an appendix), if any
