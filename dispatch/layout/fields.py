"""Labelled lines under a plan's item: a row of a task table written out line by line.

    1. Tổ chức tuyên truyền, phổ biến, giáo dục pháp luật về bảo vệ dữ liệu cá nhân
    - Cơ quan thực hiện: Bộ Công an, Bộ Tư pháp, Đài Truyền hình Việt Nam ...
    - Cơ quan phối hợp: các bộ, cơ quan ngang bộ ...
    - Thời gian thực hiện: năm 2025 và các năm tiếp theo.

is one task: the item's text, done by the agencies of its lead line, with those of its coordinator
line, by the time of its time line. The labels are the column headers of a task table (the [table]
section of rules.toml), so a plan reads the same whether it lists its jobs in a table or in lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dispatch.layout.document import Block
from dispatch.layout.table import cell_kind

_KINDS = ("lead", "coordinate", "due", "content")


def field_of(text: str) -> tuple[str, str] | None:
    """(kind, value) of a labelled line ("Cơ quan chủ trì: Bộ Công an." -> ("lead", "Bộ Công an.")), or None."""
    colon = text.find(":", 0, 60)
    if colon <= 0:
        return None
    kind = cell_kind(text[:colon])
    return (kind, text[colon + 1 :].strip()) if kind in _KINDS else None


@dataclass(slots=True)
class Fields:
    """The labelled lines under one item: their values by kind, and the blocks they are."""

    values: dict[str, str] = field(default_factory=dict)
    members: list[int] = field(default_factory=list)


def field_groups(blocks: list[Block]) -> dict[int, Fields]:
    """The labelled lines of `blocks`, by the index of the item they describe (the block above them).

    A run of labelled lines describes the item above it when it names a lead or a time; the
    sub-items under an empty label ("- Thời gian thực hiện:" then "+ Bộ Công an ... trước ngày ...")
    are clauses of their own and stay outside the run.
    """
    out: dict[int, Fields] = {}
    owner: int | None = None
    current: Fields | None = None
    for i, b in enumerate(blocks):
        got = field_of(b.text) if b.kind in ("bullet", "letter", "plain") else None
        if got is None:
            if current is not None and _empty_label_child(blocks, current, b):
                continue
            owner, current = i, None
            continue
        if owner is None:
            continue
        if current is None:
            current = out.setdefault(owner, Fields())
        kind, value = got
        current.values.setdefault(kind, value)
        current.members.append(i)
    kept = {i: f for i, f in out.items() if {"lead", "due"} & f.values.keys()}
    # "- Tăng cường ..." / "- Nâng cao ..." / "Đơn vị thực hiện: ...": the lines describe every bullet of the
    # run of bullets above them, not only the last one
    for i, f in list(kept.items()):
        j = i - 1
        while blocks[i].kind == "bullet" and j >= 0 and blocks[j].kind == "bullet" and \
                blocks[j].marker == blocks[i].marker and j not in out and field_of(blocks[j].text) is None:
            kept.setdefault(j, f)
            j -= 1
    return kept


def _empty_label_child(blocks: list[Block], current: Fields, b: Block) -> bool:
    """Whether `b` is a sub-item under the run's last label, which had no value of its own."""
    last = blocks[current.members[-1]]
    got = field_of(last.text)
    return got is not None and not got[1] and b.kind == "bullet" and b.marker != last.marker
