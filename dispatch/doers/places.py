"""Places named as doers: "tỉnh Lâm Đồng", "Thành phố Hà Nội", "các tỉnh: Nghệ An, Quảng Ngãi, Cao Bằng".

A province, city or commune named by its place word stands for its People's Committee ("Thành phố Hồ
Chí Minh, tỉnh Lâm Đồng đẩy nhanh ..." is UBND Thành phố Hồ Chí Minh and UBND tỉnh Lâm Đồng), and a
group of places followed by their names is those places, not every place of that level
("Ủy ban nhân dân các tỉnh, thành phố: Tuyên Quang, Đồng Nai" is two committees). Names are read by
their capitals: a place name is a run of capitalised words.
"""

from __future__ import annotations

import re

from dispatch.core.text import collapse, fold
from dispatch.doers.mentions import Mention

# Case-sensitive patterns (a place word in lower case or capitalised, a name in capitals) are several times
# faster than IGNORECASE over Vietnamese text, and every sentence of a dispatch is scanned.
_LEVEL = r"(?:[Tt]ỉnh|TỈNH|[Tt]hành phố|TP\.?|[Xx]ã|[Pp]hường|[Hh]uyện|[Qq]uận|[Tt]hị xã|[Tt]hị trấn|[Đđ]ặc khu)"
_WORD = r"[^\W\d_][^\W_]*"
_GAP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"  # a name may wrap onto the next line, never over a blank line
_NAME = rf"{_WORD}(?:{_GAP}{_WORD}|[ \t]*-[ \t]*{_WORD})*"
_SEP = r"(?:[ \t]*[,;][ \t]*|[ \t]+và[ \t]+)"
_UBND = r"(?:UBND|[ỦủỦ]y ban nhân dân|[Uu]ỷ ban nhân dân|ỦY BAN NHÂN DÂN)[ \t]+"
_GROUP = re.compile(
    rf"(?P<head>(?:{_UBND})?[Cc]ác[ \t]+{_LEVEL}(?:[ \t]*,[ \t]*{_LEVEL})*)[ \t]*:?[ \t]*(?P<names>{_NAME}(?:{_SEP}{_NAME})*)"
)
_ONE = re.compile(rf"(?<![\w])(?P<level>{_LEVEL})[ \t]+(?P<name>{_NAME})")
_NAME_ITEM = re.compile(_NAME)
# The cities under the central government are "thành phố" even in a list of "các tỉnh, thành phố".
_CITIES = frozenset({"ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue"})
_UBND_NAME = {"tinh": "tỉnh", "thanh pho": "thành phố", "tp": "thành phố", "tp.": "thành phố", "xa": "xã",
              "phuong": "phường", "huyen": "huyện", "quan": "quận", "thi xa": "thị xã", "thi tran": "thị trấn",
              "dac khu": "đặc khu"}  # fmt: skip
_KIND = {"tỉnh": "ubnd_tinh", "thành phố": "ubnd_huyen",  # a city of a province; the central ones below
         "xã": "ubnd_xa", "phường": "ubnd_xa", "thị trấn": "ubnd_xa",
         "đặc khu": "ubnd_xa", "huyện": "ubnd_huyen", "quận": "ubnd_huyen", "thị xã": "ubnd_huyen"}  # fmt: skip


def _capitalised(name: str) -> str:
    """The leading run of capitalised words of `name` ("Đồng Tháp quyết liệt" -> "Đồng Tháp")."""
    words = re.split(r"(\s+|\s*-\s*)", name)
    keep: list[str] = []
    for i in range(0, len(words), 2):
        if not words[i][:1].isupper():
            break
        keep += [words[i - 1]] if i else []
        keep.append(words[i])
    return "".join(keep)


def _place(text: str, start: int, name: str, level: str) -> Mention | None:
    """The committee of the place `name` of `level`, named at text[start:start + len(name) ...]."""
    f_level = collapse(fold(level))
    lvl = _UBND_NAME.get(f_level, "tỉnh")
    key = collapse(fold(name))
    if lvl == "tỉnh" and key in _CITIES:
        lvl = "thành phố"
    kind = "ubnd_tinh" if lvl == "thành phố" and key in _CITIES else _KIND[lvl]
    end = text.find(name, start) + len(name)
    return Mention(start, end, text[start:end], f"UBND {lvl} {collapse(name)}", frozenset({kind}), False)


def _tail(m: Mention) -> str:
    """The place name of a committee mention ("UBND tỉnh Gia Lai" -> "Gia Lai")."""
    return re.sub(r"^UBND (?:thành phố|thị xã|thị trấn|đặc khu|\S+) ", "", m.name)


_HINT = re.compile(rf"{_LEVEL}[ \t:,]+[A-ZĐÀ-Ỹ]")  # a place word before a capital: the patterns can match


def place_mentions(text: str) -> tuple[list[Mention], list[Mention]]:
    """The committees of the places `text` names: those of groups followed by names, and single places."""
    out: list[Mention] = []
    singles: list[Mention] = []
    if not _HINT.search(text):
        return out, singles
    taken: list[tuple[int, int]] = []
    for g in _GROUP.finditer(text):
        levels = [collapse(fold(x)) for x in re.findall(_LEVEL, g.group("head"))]
        level = "tỉnh" if "tinh" in levels else levels[0] if levels else "tỉnh"
        items: list[Mention] = []
        for n in _NAME_ITEM.finditer(g.group("names")):
            name = _capitalised(n.group(0))
            at = g.start() if not items else g.start("names") + n.start()
            got = _place(text, at, name, level) if name else None
            if got is None:
                break
            items.append(got)
            if name != n.group(0):
                break  # the list ends where the capitals do
        # one name alone must be a name of two words at least: "UBND các huyện: Khẩn trương ..." names no place
        if len(items) == 1 and " " not in _tail(items[0]):
            items = []
        if items:
            out += items
            taken.append((g.start(), items[-1].end))
    for m in _ONE.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        name = _capitalised(m.group("name"))
        got = _place(text, m.start(), name, m.group("level")) if name else None
        if got is not None:
            singles.append(got)
    return out, singles


def is_place(m: Mention) -> bool:
    """Whether `m` names a place by its place word ("tỉnh Lâm Đồng"), not a body ("UBND tỉnh Lâm Đồng")."""
    return m.name.startswith("UBND ") and not re.match(r"(?:ubnd|uy ban|chu tich)\b", fold(m.text))
