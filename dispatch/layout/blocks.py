"""Reading a whole block of a dispatch: aims headings, the doers of a task-table row, the Kính gửi lines."""

from __future__ import annotations

import re
from functools import cache

from dispatch.core.rules import opening, rules
from dispatch.core.text import fold
from dispatch.doers.agencybook import book
from dispatch.doers.assign import subject_list
from dispatch.doers.mentions import Mention, infer_kind


def cell_agencies(cell: str) -> tuple[tuple[Mention, ...], tuple[Mention, ...]]:
    """The agencies a table cell lists, and those it names after "phối hợp" ("Sở X chủ trì, phối hợp Sở Y")."""
    if not cell.strip():
        return (), ()
    ms = book().mentions(cell)
    if not ms:  # a body the book does not know is still the one the column names
        name = cell.strip(" .;,-")
        if not re.search(r"[^\W\d_]{2}", name):
            return (), ()
        return (Mention(0, len(cell), cell, name, frozenset({infer_kind(name)}), False),), ()
    cw = _COORDINATE.search(fold(cell))
    if cw is None:
        return tuple(ms), ()
    return tuple(m for m in ms if m.start < cw.start()), tuple(m for m in ms if m.start >= cw.end())


_COORDINATE = re.compile(r"\bphoi\s+hop\b")


def aims_heading(text: str) -> bool:
    """A part or item that states the aims of a plan ("MỤC ĐÍCH, YÊU CẦU", "Yêu cầu: ..."), not its jobs."""
    if len(text) >= 90:
        return False
    # a heading in capitals may go on ("CĂN CỨ XÂY DỰNG KẾ HOẠCH"); "Yêu cầu các Sở ..." is an instruction
    return _aims(text.isupper()).match(fold(text)) is not None


def info_heading(text: str) -> bool:
    """An item that labels particulars of an event or plan ("1. Đối tượng:", "2. Thời gian:", "4. Cách thức thực
    hiện:"): what it lists is information, not the addressees' jobs (a doer it names is still read)."""
    return _info().match(fold(text)) is not None


@cache
def _info() -> re.Pattern[str]:
    return opening(rules().structure.info_labels, r"\s*:")


@cache
def _aims(capitals: bool) -> re.Pattern[str]:
    return opening(rules().structure.aims_sections, r"(?=[\s,:.]|$)" if capitals else r"\s*(?::|[.]?\s*$)")


def recipient_agencies(recipients: list[str]) -> tuple[Mention, ...] | None:
    """The agencies of the Kính gửi lines, one per line."""
    found: list[Mention] = []
    for line in recipients:
        ms = book().mentions(line)
        got, _ = subject_list(fold(line), ms, 0)
        found += got
    return tuple(found) or None
