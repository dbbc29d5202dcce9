"""Task tables: a plan's "DANH MỤC NHIỆM VỤ", one task per row (STT | Nội dung | Chủ trì | Phối hợp | Thời hạn).

Tables arrive as pasted rows with "|" or tabs between cells (web pages, markdown, spreadsheets, the
column gaps of a text PDF) or from a DOCX table (dispatch.readers.word writes those rows the same
way). `normalize` keeps the rows of a table whose header it recognises as one line each, cells joined
by " | " (`SEP`); any other bar is a line break. The structure gives every data row to the walker as
a block with its content, lead, coordinator and time cells.

Column headers are data (rules.toml [table]). A group row ("I | NHIỆM VỤ CHUNG") starts a group; a
cell left empty under a merged cell takes the value above it in the group: the lead and the time
always, the coordinators when the lead is merged too (an empty "phối hợp" cell alone means nobody).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from dispatch.core.rules import alternation, rules
from dispatch.core.text import collapse, fold

SEP = " | "
_KINDS = ("number", "coordinate", "lead", "due", "content")  # a header cell takes the first kind it opens with
_RULE = re.compile(r"^\s*:?-{2,}:?\s*$")  # a markdown separator cell: "---", ":---:"
_GROUP_NUMBER = re.compile(r"^(?:[IVXLC]{1,5}(?:\.\d{1,2})*|[A-ZĐ])\s*[.)]?$")  # "II", "B", "III.1.2" (a group in a part)


@dataclass(frozen=True, slots=True)
class Columns:
    """Where each kind of cell is in a row of a task table."""

    content: int
    lead: int
    number: int | None = None
    coordinate: int | None = None
    due: int | None = None


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: the job, who leads, who coordinates, by when (cells as printed)."""

    content: str
    lead: str = ""
    coordinate: str = ""
    due: str = ""


@cache
def _header_pattern(kind: str) -> re.Pattern[str]:
    return re.compile(rf"^(?:{alternation(getattr(rules().table, kind))})(?![a-z0-9])")


@lru_cache(maxsize=4096)  # pure; a dispatch asks about each of its lines when it looks for labelled lines
def cell_kind(cell: str) -> str | None:
    """The kind of column a header cell names ("Cơ quan chủ trì" -> "lead"), or None."""
    f = collapse(fold(cell).replace("*", " ")).strip(" .:()")
    if not f or len(f) > 60:
        return None
    return next((k for k in _KINDS if _header_pattern(k).match(f)), None)


def columns(cells: list[str]) -> Columns | None:
    """The columns of a task table's header row, or None when the row is not one."""
    if len(cells) < 2:
        return None
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        kind = cell_kind(cell)
        if kind is not None:
            found.setdefault(kind, i)
    if "content" not in found or "lead" not in found:
        return None
    return Columns(found["content"], found["lead"], found.get("number"), found.get("coordinate"), found.get("due"))


def _sub_header(cols: Columns, cells: list[str]) -> Columns | None:
    """A second header row under merged headers ("Cơ quan thực hiện" over "Chủ trì | Phối hợp")."""
    kinds = {i: cell_kind(c) for i, c in enumerate(cells) if c.strip()}
    if not kinds or None in kinds.values() or not set(kinds.values()) & {"lead", "coordinate", "due"}:
        return None
    return replace(cols, **{k: i for i, k in kinds.items() if k is not None})


def split_row(line: str) -> list[str] | None:
    """The cells of a line written as a table row ("a | b", "| a | b |", "a<TAB>b"), or None.

    A markdown separator row ("|---|---|") gives an empty list.
    """
    if "\t" in line:
        cells = line.split("\t")
    elif "|" in line:
        s = line.strip()
        outer = s.startswith("|") and s.endswith("|") and len(s) > 1
        if outer:
            s = s[1:-1]
        cells = s.split("|")
        if len(cells) < 2 and not outer:
            return None
    else:
        return None
    cells = [c.strip() for c in cells]
    if all(_RULE.match(c) for c in cells if c) and any(cells):
        return []
    return cells if len(cells) >= 2 or line.strip().startswith("|") else None


def find_rows(lines: list[str]) -> dict[int, list[str]]:
    """The lines of `lines` that are rows of a task table (header included), by index, with their cells.

    Markdown separator rows map to an empty list (they are dropped); blank lines between the rows of
    a table map to an empty list too.
    """
    out: dict[int, list[str]] = {}
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        cells = split_row(line) if ("|" in line or "\t" in line) else None
        if not cells or columns(cells) is None:
            i += 1
            continue
        out[i] = cells
        i += 1
        while i < n:
            if not lines[i].strip():
                j = i
                while j < n and not lines[j].strip():
                    j += 1
                if j < n and split_row(lines[j]) is not None:
                    out.update({k: [] for k in range(i, j)})
                    i = j
                    continue
                break
            got = split_row(lines[i])
            if got is None:
                break
            out[i] = got
            i += 1
    return out


def read_rows(table: list[list[str]]) -> list[Row]:
    """The data rows of the canonical rows of a table (its header first), merged cells filled in."""
    cols: Columns | None = None
    before: Row | None = None
    out: list[Row] = []
    expect_sub = False
    for cells in table:
        head = columns(cells)
        if head is not None:
            cols, before, expect_sub = head, None, True
            continue
        if cols is None:
            continue
        if expect_sub:
            expect_sub = False
            sub = _sub_header(cols, cells)
            if sub is not None:
                cols = sub
                continue

        def cell(i: int | None, cells: list[str] = cells) -> str:
            return collapse(cells[i]) if i is not None and i < len(cells) else ""

        number, content = cell(cols.number), cell(cols.content)
        lead, coordinate, due = cell(cols.lead), cell(cols.coordinate), cell(cols.due)
        if _GROUP_NUMBER.match(number) or (not (lead or coordinate or due) and _is_title(content)):
            before = None
            continue
        if not content:
            continue
        if before is not None:
            if not lead:
                lead = before.lead
                coordinate = coordinate or before.coordinate
            due = due or before.due
        before = Row(content, lead, coordinate, due)
        out.append(before)
    return out


def _is_title(content: str) -> bool:
    letters = [ch for ch in content if ch.isalpha()]
    return not letters or content.isupper() or content.rstrip().endswith(":")
