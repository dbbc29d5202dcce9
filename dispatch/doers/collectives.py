"""Collective addressees: one phrase that names a group of agencies by the kinds it covers.

"các Sở, Ban, ngành", "UBND các huyện, thành phố", "UBND cấp xã", "các đồng chí Chủ tịch", "Giám đốc
các sở" and the polite "Quý Sở" of a letter. `Collectives` compiles their patterns from the agency data
once; the agency book asks it for the collective that starts at a candidate word.
"""

from __future__ import annotations

import re

from dispatch.core.rules import AgencyData, alternation
from dispatch.core.text import collapse
from dispatch.doers.mentions import EVERYONE, YOU, Mention

_LETTERS = re.compile(r"[a-z0-9]*")


def _letters(phrase: str) -> str:
    """The letters and digits a folded phrase opens with."""
    m = _LETTERS.match(phrase)
    return m.group(0) if m else ""


# Words that turn a collective noun into one specific group ("các cơ quan báo chí", "các cấp ủy").
_NARROWING = re.compile(
    r"\s+(?:bao\s+chi|truyen\s+thong|thong\s+tan|hanh\s+chinh|nha\s+nuoc|uy|dang|tu\s+phap|"
    r"chuc\s+nang|su\s+nghiep|ngoai\s+giao|kinh\s+te|an\s+ninh|quan\s+doi|"
    r"chuyen\s+trach|tu\s+nhan|ngoai\s+cong\s+lap|giao\s+duc|y\s+te|van\s+hoa)\b"
)
# ", các Ban" at the end of a group list (see Collectives.at)
_NAMED_TAIL = re.compile(r"\s*[,;]\s*cac\s+\w+")
_NUMBER_WORD = re.compile(r"(?<!\w)[sS][ốỐ](?!\w)")
# Words after "hội" that make it an event or a member, not an association.
_COMPOUND = re.compile(r"\s+(?:thao|nghi|vien|thi|cho|nhap|dien|hop|y)\b")
_QUALIFIERS = (
    r"(?:\s+(?:cua\s+tinh|cap\s+tinh|thuoc\s+tinh|truc\s+thuoc\s+trung\s+uong|o\s+trung\s+uong|"
    r"trung\s+uong|co\s+lien\s+quan|lien\s+quan|chuyen\s+mon|tren\s+dia\s+ban(?:\s+tinh)?|tinh|neu\s+tren))*"
)
# The polite second person of a letter: "đề nghị Quý Sở báo cáo ..."
_POLITE_YOU = re.compile(
    r"quy\s+(?:so|co\s+quan|don\s+vi|uy\s+ban(?:\s+nhan\s+dan)?|ubnd|bo|dia\s+phuong|ban|cuc|chi\s+cuc|truong)\b"
)


class Collectives:
    """The patterns of collective addressees, compiled from the agency data."""

    def __init__(self, data: AgencyData) -> None:
        self.data = data
        groups = alternation(tuple(sorted(data.groups, key=len, reverse=True)))
        titles = alternation(data.titles)
        ubnd = r"(?:ubnd|uy\s+ban\s+nhan\s+dan)\s+"
        # a bare space joins groups ("các sở ngành"), not a following "tỉnh" (their province) or "quan" (folded,
        # it is "quận" and "quan tâm" alike: "cơ quan ngang Bộ quan tâm chỉ đạo")
        # ... nor "hội" ("xã hội" is society: "phát triển kinh tế - xã hội của tỉnh")
        sep = r"(?:\s*[,;]\s*(?:cac\s+)?|\s+va\s+(?:cac\s+)?|\s+cac\s+|\s+(?!(?:tinh|quan|hoi)\b))"
        group_list = rf"(?:{groups})\b(?:{sep}(?:{groups})\b)*"
        self.collective_re = re.compile(
            rf"(?P<titles>(?:(?:cac\s+)?(?:{titles})\s*,?\s*)*)(?P<ubnd>{ubnd})?"
            rf"(?:(?P<cac>(?:cac|tung|moi)\s+)(?P<groups>{group_list})|(?P<bare>(?:{groups})(?:{sep}(?:{groups}))+\b))"
            rf"(?P<qual>{_QUALIFIERS})\b"
        )
        # titles over groups named without "các": "Thủ trưởng cơ quan ngang bộ, Thủ trưởng cơ quan thuộc Chính phủ"
        self.titled_re = re.compile(
            rf"(?P<titles>(?:(?:cac\s+)?(?:{titles})\s*,?\s*)+)(?P<ubnd>)(?P<cac>)(?P<groups>{group_list})(?P<bare>)"
            rf"(?P<qual>{_QUALIFIERS})\b"
        )
        self.level_re = re.compile(r"(?:ubnd|uy\s+ban\s+nhan\s+dan|chinh\s+quyen)\s+cap\s+(?P<lvl>xa|huyen|tinh)\b")
        self.title_so_re = re.compile(rf"(?:{titles})\s+so(?=\s*(?:[,;]|va\b))")
        people = alternation(tuple(sorted(data.people_groups, key=len, reverse=True)))
        self.people_re = re.compile(rf"(?:cac\s+)?(?:dong\s+chi\s+)?(?P<p>{people})\b")
        self.group_split = re.compile(rf"{groups}")
        self.titles_re = re.compile(rf"(?:(?:cac\s+)?(?:{titles})\s*,?\s*)+")
        # Which collective patterns (people, title + "sở", level, group list) can match where the book
        # found a word: a pattern's phrases open with letters, which must begin the word's letters.
        titles_open = tuple(map(_letters, data.titles))
        self.openers = (
            ("cac", "dong", *map(_letters, data.people_groups)),
            titles_open,
            ("ubnd", "uy", "chinh"),
            ("cac", "tung", "moi", "ubnd", "uy", *titles_open, *map(_letters, data.groups)),
        )

    def _titled_ok(self, glist: str) -> bool:
        """Whether groups named after titles without "các" are groups of heads, not one named body: the
        ministerial and national groups and the generic "cơ quan, đơn vị" ("Chủ tịch UBND tỉnh" is one person)."""
        found = self.group_split.findall(glist)
        if not found or collapse(found[0]) in _ONE_BODY_HEADS:
            return False  # "Bộ trưởng Bộ Xây dựng", "Giám đốc Sở Y tế": the title of one named body
        return all(self.data.groups[collapse(g)] <= {"bo", EVERYONE} for g in found)

    def gates(self, word: str) -> tuple[bool, bool, bool, bool]:
        """Which of the four patterns (people, title + "sở", level, group list) can match at `word`."""
        g = [_letters(word).startswith(o) for o in self.openers]
        return (g[0], g[1], g[2], g[3])

    def at(self, text: str, f: str, pos: int, gates: tuple[bool, bool, bool, bool]) -> Mention | None:
        """The collective that starts at `pos` of `text` (folded: `f`), trying only the patterns `gates` allow."""
        people_gate, title_so_gate, level_gate, collective_gate = gates
        m = _POLITE_YOU.match(f, pos) if f.startswith("quy ", pos) else None
        if m:
            return _collective(text, pos, m.end(), frozenset({YOU}))
        m = self.people_re.match(f, pos) if people_gate else None
        if m and (f.startswith((" bo ", " cac "), m.end()) or (collective_gate and self.titled_re.match(f, pos))):
            # "Bộ trưởng Bộ Xây dựng", "Bộ trưởng các Bộ: ...": the title of the bodies named next; "Bộ trưởng,
            # Thủ trưởng cơ quan ngang bộ": titles
            # over the groups they head, read as one
            m = None
        if m:
            return _collective(text, pos, m.end(), self.data.people_groups[collapse(m.group("p"))])
        m = self.title_so_re.match(f, pos) if title_so_gate else None
        if m:
            return _collective(text, pos, m.end(), frozenset({"so"}))
        m = self.level_re.match(f, pos) if level_gate else None
        if m:  # "UBND cấp xã", "chính quyền cấp huyện"
            level = {"xa": "ubnd_xa", "huyen": "ubnd_huyen", "tinh": "ubnd_tinh"}[m.group("lvl")]
            return _collective(text, pos, m.end(), frozenset({level}))
        m = self.collective_re.match(f, pos) if collective_gate else None
        if not m or not (m.group("groups") or m.group("bare")):
            m = self.titled_re.match(f, pos) if collective_gate or title_so_gate else None
            if not m or not self._titled_ok(m.group("groups")):
                return None
        if _NARROWING.match(f, m.end()):
            return None  # "các cơ quan báo chí" is a specific group, not "các cơ quan" (everyone)
        end = m.end()
        tail = _NAMED_TAIL.search(f, m.start(), end)
        if tail is not None and tail.end() == end and text[end : end + 2].strip()[:1].isupper():
            # "UBND các huyện, thị xã, thành phố, các Ban Quản lý dự án ...": the last "các Ban" opens a group
            # named by what follows it, not one more member of this list
            end = tail.start()
            m = (self.collective_re.match(f[:end], pos) if collective_gate else None) or m
            if m.end() > end:
                return None
        if _COMPOUND.match(f, m.end()) and collapse(f[m.start() : m.end()]).endswith(" hoi"):
            return None  # "các hội thảo", "các hội nghị": events, not the associations
        if _NUMBER_WORD.search(text, pos, m.end()):
            return None  # "kinh tế số và xã hội số": folded, "số" (digital) reads as "sở"
        glist = m.group("groups") or m.group("bare")
        kinds: set[str] = set()
        for g in self.group_split.findall(glist):
            kinds |= self.data.groups[collapse(g)]
        if "trung uong" in collapse(m.group("qual") or "") and "ubnd_huyen" in kinds:
            kinds = (kinds - {"ubnd_huyen"}) | {"ubnd_tinh"}
        if m.group("ubnd"):
            kinds = {k for k in kinds if k.startswith("ubnd")} or {"ubnd_huyen"}
        return _collective(text, pos + len(m.group("titles") or ""), m.end(), frozenset(kinds))


_ONE_BODY_HEADS = frozenset({"bo", "so", "ban", "nganh", "cap"})


def _collective(text: str, start: int, end: int, kinds: frozenset[str]) -> Mention:
    """The collective named at text[start:end], covering `kinds`."""
    return Mention(start, end, text[start:end], collapse(text[start:end]), kinds, True)
