"""Task tables flattened into runs of cells, as legal-document sites and PDF copies give them.

    **STT**
    |
    **Nhiệm vụ**
    |
    **Cơ quan chủ trì
    thực hiện**
    |
    **Thời hạn hoàn
    thành**
    |
    |
    1.
    |
    Khẩn trương xây dựng kế hoạch ...
    |
    Các cơ quan Trung ương và địa phương
    |
    18/10/2025
    |
    |
    2.
    ...

Each cell is a run of lines between lines that are a bar alone; two bars with nothing between end a row.
`unflatten` writes such a table back as one line per row ("1. | Khẩn trương ... | Các cơ quan ... |
18/10/2025"), which the table reader then takes like any pasted table, from a header it recognises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dispatch.layout.table import SEP, cell_kind, columns


@dataclass(slots=True)
class _Cell:
    text: str
    first: int  # line range of the cell
    last: int
    bars_after: int  # bar lines between this cell and the next


def _cells(lines: list[str]) -> list[_Cell]:
    out: list[_Cell] = []
    buf: list[str] = []
    start = 0
    for i, line in enumerate(lines):
        if line.strip() == "|":
            if buf:
                out.append(_Cell(" ".join(x.strip() for x in buf), start, i - 1, 1))
                buf = []
            elif out:
                out[-1].bars_after += 1
            continue
        if not buf:
            start = i
        buf.append(line)
    if buf:
        out.append(_Cell(" ".join(x.strip() for x in buf), start, len(lines) - 1, 0))
    return out


def _row_from(cells: list[_Cell], k: int) -> int:
    """The index after the row that starts at cell `k` (cells joined by one bar; two bars end it)."""
    j = k
    while j < len(cells) and cells[j].bars_after == 1:
        j += 1
    return min(j + 1, len(cells))


# "1.", "2.3", "IV", "III.1.1" (a group inside a part), "a)"
_ROW_NUMBER = re.compile(r"^[\W_]*(?:(?:\d{1,3}|[IVXLC]{1,5})(?:\.\d{1,2})*|[a-zđA-ZĐ])[.)]?[\W_]*$")


_GROUP_TITLE = re.compile(r"^[\W_]*(?:[IVXLC]{1,5}|[A-ZĐ])[.)]\s+\S")


def _is_row(row: list[_Cell], lines: list[str], width: int, *, numbered: bool) -> bool:
    """Whether `row` reads as a data row of a table of `width` columns, not the text after the table."""
    if not 2 <= len(row) <= width + 1 or any(len(c.text) > 1500 for c in row):
        return False
    if any(not lines[i].strip() for c in row for i in range(c.first, c.last + 1)):
        return False  # a blank line inside a cell: prose after the table
    return not numbered or _ROW_NUMBER.match(row[0].text) is not None or len(row) == width


def _continues_merged(row: list[_Cell], lines: list[str], width: int) -> bool:
    """Whether `row` is a short row under cells merged over several rows (rowspan): fewer cells than the
    header, the first not a row number, none of them prose."""
    return (
        2 <= len(row) < width
        and _ROW_NUMBER.match(row[0].text) is None
        and _is_row(row, lines, width, numbered=False)
    )


def unflatten(lines: list[str]) -> list[str]:
    """`lines` with every flattened task table written back as one line per row."""
    if sum(1 for x in lines if x.strip() == "|") < 6:
        return lines
    cells = _cells(lines)
    out: list[str] = []
    done = 0  # lines copied so far
    k = 0
    while k < len(cells):
        end = _row_from(cells, k)
        # a title in the same run of cells ("DANH MỤC NHIỆM VỤ" | "STT" | "Nhiệm vụ" ...) heads no column: it
        # names no kind, or one that a later cell names again
        while end - k > 3 and (
            (kind := cell_kind(cells[k].text)) is None or kind in {cell_kind(c.text) for c in cells[k + 1 : end]}
        ):
            k += 1
        header = [c.text for c in cells[k:end]]
        cols = columns(header) if end - k >= 3 and all(len(h) <= 80 for h in header) else None
        if cols is None:
            k += 1
            continue
        rows = [header]
        j = end
        while j < len(cells):
            nxt = _row_from(cells, j)
            row = cells[j:nxt]
            if _is_row(row, lines, len(header), numbered=cols.number == 0):
                rows.append([c.text for c in row])
            elif len(row) == 1 and _GROUP_TITLE.match(row[0].text) and len(row[0].text) <= 200:
                rows.append([row[0].text, ""])  # "I. NÂNG CAO NHẬN THỨC ...": a group over the rows below, one merged cell
            elif _continues_merged(row, lines, len(header)):
                # "- Rà soát ... | - Bộ công cụ ... được ban hành | Giai đoạn 2026 - 2027": the next job of the row
                # above, whose STT, lead and coordinator cells span it; the missing cells are those on the left
                rows.append([""] * (len(header) - len(row)) + [c.text for c in row])
            else:
                break
            j = nxt
        if len(rows) < 2:
            k = end
            continue
        before = lines[done : cells[k].first]
        while before and before[-1].strip() == "|":
            before.pop()  # the bar between a title and the header
        out += before
        out += [SEP.join(r) for r in rows]
        done = cells[j].first if j < len(cells) else len(lines)
        k = j
    return out + lines[done:]
