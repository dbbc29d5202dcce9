"""Automatic list numbering of DOCX paragraphs ("1.", "a)", "-"), which is not in the text runs.

Dispatch items are often numbered by Word itself; without the markers the items of a list
would run together. This covers the common formats; exotic ones fall back to decimal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PLACEHOLDER = re.compile(r"%([1-9])")
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word repeats the letter: a..z, aa..zz, aaa...
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One counter in Word's number format."""
    if fmt in ("lowerLetter", "upperLetter"):
        s = _letters(max(n, 1))
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        s = _roman(max(n, 1))
        return s.upper() if fmt == "upperRoman" else s
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _val(el: ET.Element | None, default: str = "") -> str:
    return default if el is None else el.get(f"{W}val", default)


def _opt(el: ET.Element | None) -> str | None:
    return None if el is None else el.get(f"{W}val")


def _int(text: str, default: int) -> int:
    try:
        return int(text)
    except ValueError:
        return default


def _level(lvl: ET.Element) -> Level:
    return Level(
        fmt=_val(lvl.find(f"{W}numFmt"), "decimal"),
        text=_val(lvl.find(f"{W}lvlText"), ""),
        start=_int(_val(lvl.find(f"{W}start"), "1"), 1),
    )


def _levels(parent: ET.Element) -> dict[int, Level]:
    return {_int(lvl.get(f"{W}ilvl", "0"), 0): _level(lvl) for lvl in parent.findall(f"{W}lvl")}


@dataclass
class Numbering:
    """Counters for the lists of one document, advanced paragraph by paragraph in reading order."""

    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    # numId -> (abstractNumId, level overrides)
    nums: dict[str, tuple[str, dict[int, Level]]] = field(default_factory=dict)
    # paragraph styleId -> (numId, ilvl, basedOn): lists applied through a style ("List Number")
    styles: dict[str, tuple[str | None, str | None, str | None]] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def parse(cls, root: ET.Element | None, styles: ET.Element | None = None) -> Numbering:
        """Definitions from word/numbering.xml and word/styles.xml (None when a part is absent)."""
        numbering = cls()
        if styles is not None:
            for style in styles.findall(f"{W}style"):
                num_pr = style.find(f"{W}pPr/{W}numPr")
                based = style.find(f"{W}basedOn")
                numbering.styles[style.get(f"{W}styleId", "")] = (
                    None if num_pr is None else _opt(num_pr.find(f"{W}numId")),
                    None if num_pr is None else _opt(num_pr.find(f"{W}ilvl")),
                    _opt(based),
                )
        if root is None:
            return numbering
        for ab in root.findall(f"{W}abstractNum"):
            numbering.abstract[ab.get(f"{W}abstractNumId", "")] = _levels(ab)
        for num in root.findall(f"{W}num"):
            abstract_id = _val(num.find(f"{W}abstractNumId"))
            overrides: dict[int, Level] = {}
            for ov in num.findall(f"{W}lvlOverride"):
                ilvl = _int(ov.get(f"{W}ilvl", "0"), 0)
                lvl = ov.find(f"{W}lvl")
                if lvl is not None:
                    overrides[ilvl] = _level(lvl)
                start = ov.find(f"{W}startOverride")
                if start is not None:
                    base = overrides.get(ilvl) or numbering.abstract.get(abstract_id, {}).get(ilvl, Level())
                    overrides[ilvl] = Level(base.fmt, base.text, _int(_val(start, "1"), 1))
            numbering.nums[num.get(f"{W}numId", "")] = (abstract_id, overrides)
        return numbering

    def _num_pr(self, paragraph: ET.Element) -> tuple[str | None, str | None]:
        """(numId, ilvl) from the paragraph, else from its style chain."""
        num_id: str | None = None
        ilvl: str | None = None
        num_pr = paragraph.find(f"{W}pPr/{W}numPr")
        if num_pr is not None:
            num_id = _val(num_pr.find(f"{W}numId"), "") or None
            ilvl = _val(num_pr.find(f"{W}ilvl"), "") or None
        style = _val(paragraph.find(f"{W}pPr/{W}pStyle"), "") or None
        seen: set[str] = set()
        while style is not None and style not in seen and (num_id is None or ilvl is None):
            seen.add(style)
            s_num, s_lvl, based = self.styles.get(style, (None, None, None))
            num_id = num_id or s_num
            ilvl = ilvl or s_lvl
            style = based
        return num_id, ilvl

    def marker(self, paragraph: ET.Element) -> str:
        """The list marker Word shows before this paragraph ("" when it is not numbered)."""
        num_id, ilvl_text = self._num_pr(paragraph)
        if num_id is None or num_id not in self.nums:
            return ""
        ilvl = min(max(_int(ilvl_text or "0", 0), 0), 8)
        abstract_id, overrides = self.nums[num_id]
        levels = {**self.abstract.get(abstract_id, {}), **overrides}
        level = levels.get(ilvl, Level())
        counters = self.counters.setdefault(num_id, [0] * 9)
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else level.start
        if level.fmt == "bullet":
            return "-"
        if level.fmt == "none":
            return ""

        def number(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k, Level())
            return format_number(counters[k] or lv.start, lv.fmt)

        return _PLACEHOLDER.sub(number, level.text).strip()
