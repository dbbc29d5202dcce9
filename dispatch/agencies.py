"""Find agencies in text and decide whether a task concerns a given agency.

A mention is one of: a known agency (any spelling of dispatch/data/agencies.toml), a collective
addressee ("các Sở, Ban, ngành", "UBND các huyện, thành phố") with the kinds of agency it covers,
or an organisation the data does not know, recognised by its head word ("Viện ...", "các điểm thi").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from itertools import islice
from typing import Any

from dispatch.rules import AgencyData, AgencyEntry, agency_data, alternation, rules
from dispatch.text import collapse, fold, key

EVERYONE = "*"
YOU = "you"  # "Quý Sở", "Quý cơ quan": the addressees of the dispatch, resolved by the walker
_WORD = re.compile(r"[a-z0-9]+(?:[&\-./][a-z0-9]+)*")
_KEY_CHARS = re.compile(r"[^a-z0-9]+")
_NAME_BREAK = re.compile(r"[;:()]")
_LETTERS = re.compile(r"[a-z0-9]*")
_SENTENCE_END = ".!?…"
_ALL_GATES = (True, True, True, True)


def _longest_first(words: Iterable[str]) -> str:
    """A regex for any of `words`, the longest one that fits first, with common prefixes shared.

    It matches what the alternation of the words sorted longest first matches (the greedy `?` tries the
    longer words before stopping), but the engine follows one branch per character instead of trying
    every word at every position of the text.
    """
    root: dict[str, Any] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + build(rest) for ch, rest in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return f"(?:{build(root)})"


def _starts_sentence(text: str, i: int) -> bool:
    """Whether text[i:] opens the text or follows white space after a sentence end mark."""
    if i == 0:
        return True
    if not text[i - 1].isspace():
        return False
    j = i - 1
    while j > 0 and text[j].isspace():
        j -= 1
    return text[j] in _SENTENCE_END


def _ends_sentence(text: str, i: int) -> bool:
    """Whether text[:i] closes the text or ends with a sentence end mark followed by white space."""
    return i == len(text) or (i > 0 and text[i - 1] in _SENTENCE_END and text[i].isspace())


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
_QUALIFIERS = (
    r"(?:\s+(?:cua\s+tinh|cap\s+tinh|thuoc\s+tinh|truc\s+thuoc\s+trung\s+uong|o\s+trung\s+uong|"
    r"trung\s+uong|co\s+lien\s+quan|lien\s+quan|chuyen\s+mon|tren\s+dia\s+ban(?:\s+tinh)?|tinh|neu\s+tren))*"
)
_GENERIC_STOPS = frozenset(
    "cua tai tren theo ve voi de nhu va hoac cung trong sau truoc den tu cac nay do ma thi la".split()
)


# The polite second person of a letter: "đề nghị Quý Sở báo cáo ..."
_POLITE_YOU = re.compile(
    r"quy\s+(?:so|co\s+quan|don\s+vi|uy\s+ban(?:\s+nhan\s+dan)?|ubnd|bo|dia\s+phuong|ban|cuc|chi\s+cuc|truong)\b"
)
# "(Giám đốc) các Sở: Y tế, Tài chính ..." / "các bộ, ngành: Công an, Quốc phòng ..."
_ENUMERATION = re.compile(r"(?P<cac>cac\s+)(?P<head>so|bo)(?:\s*,\s*(?:ban\s*,\s*)?nganh)?\s*:\s*")


@dataclass(frozen=True, slots=True)
class Mention:
    """An agency or a group of agencies named in a sentence."""

    start: int
    end: int
    text: str
    name: str
    kinds: frozenset[str]
    collective: bool
    entry: AgencyEntry | None = None

    def covers(self, kinds: frozenset[str]) -> bool:
        """Whether this collective includes an agency of one of `kinds` ("các cơ quan, đơn vị" includes
        everyone, even a body of a kind the data does not know, such as "Văn phòng Tỉnh ủy")."""
        return EVERYONE in self.kinds or bool(self.kinds & kinds)


_UBND_HEAD = re.compile(r"^(?:uy ban nhan dan|ubnd)\b")
_KIND_HEADS = tuple(
    (re.compile(pattern), kind)
    for pattern, kind in (
        (r"ubnd (?:tinh|thanh pho (?:ha noi|ho chi minh|hcm|hai phong|da nang|can tho|hue))\b", "ubnd_tinh"),
        (r"ubnd (?:huyen|quan|thi xa|thanh pho)\b", "ubnd_huyen"),
        (r"ubnd (?:xa|phuong|thi tran|dac khu)\b", "ubnd_xa"),
        (r"(?:bo chi huy|bch|bo doi|luc luong)\b", "armed"),
        (r"so\b", "so"),
        (r"bo\b", "bo"),
        (r"(?:cong an|bao hiem|bhxh|cuc thue|kho bac|thanh tra)\b", "tinh_body"),
        (r"ban\b", "ban"),
        (r"(?:huyen|thanh|quan|thi|dang) uy\b", "party"),
        (r"(?:hoi|doan|lien doan|mat tran|uy ban mat tran)\b", "mass_org"),
        (r"(?:tap doan|tong cong ty|cong ty|doanh nghiep)\b", "soe"),
    )
)


def infer_kind(name: str) -> str:
    """The kind of an agency the data does not list, from its head words."""
    f = _UBND_HEAD.sub("ubnd", collapse(fold(name)))
    for pattern, kind in _KIND_HEADS:
        if pattern.match(f):
            return kind
    return "other"


def _variant_keys(name: str) -> set[str]:
    """Keys of a name with each of its parts written in full or as initials.

    `Sở Nông nghiệp và Phát triển nông thôn` -> keys of `Sở NN&PTNT`, `Sở Nông nghiệp và PTNT`, ...
    """
    words = name.split()
    if len(words) < 3:
        return set()
    head, body = words[0], " ".join(words[1:])
    parts = [p.split() for p in re.split(r"\s*(?:,|\s-\s|\s–\s|\svà\s|&)\s*", body) if p.strip()]
    if not parts or len(parts) > 4:
        return set()
    options = [[key(" ".join(p)), "".join(fold(w)[0] for w in p if fold(w)[:1].isalnum())] for p in parts]
    keys = {""}
    for opts in options:
        keys = {k + o for k in keys for o in opts}
    whole = "".join(o[1] for o in options)
    return {key(head) + k for k in keys if len(whole) >= 2}


class AgencyBook:
    """Agency names and collective terms, compiled for fast scanning."""

    def __init__(self, data: AgencyData) -> None:
        self.data = data
        self.by_key: dict[str, AgencyEntry] = {}
        self.by_name = {e.name: e for e in data.agencies}
        for e in data.agencies:
            spellings = [e.name, *e.aliases]
            if e.kind == "so":
                spellings.append("ngành " + e.name.split(" ", 1)[1])
            for s in spellings:
                self.by_key.setdefault(key(s), e)
            if e.kind in ("so", "bo"):
                for variant in _variant_keys(e.name):
                    self.by_key.setdefault(variant, e)
        self.key_prefixes = frozenset(k[:j] for k in self.by_key for j in range(1, len(k) + 1))
        spellings_all = [s for e in data.agencies for s in (e.name, *e.aliases)]
        self.first_words = frozenset(
            w.group(0).split("-")[0].split("&")[0] for s in spellings_all if (w := _WORD.search(fold(s)))
        ) | {"nganh"}
        self.max_words = 9
        groups = alternation(tuple(sorted(data.groups, key=len, reverse=True)))
        titles = alternation(data.titles)
        ubnd = r"(?:ubnd|uy\s+ban\s+nhan\s+dan)\s+"
        sep = r"(?:\s*[,;]\s*(?:cac\s+)?|\s+va\s+(?:cac\s+)?|\s+cac\s+|\s+(?!tinh\b))"
        group_list = rf"(?:{groups})\b(?:{sep}(?:{groups})\b)*"
        self.collective_re = re.compile(
            rf"(?P<titles>(?:(?:cac\s+)?(?:{titles})\s*,?\s*)*)(?P<ubnd>{ubnd})?"
            rf"(?:(?P<cac>cac\s+)(?P<groups>{group_list})|(?P<bare>(?:{groups})(?:{sep}(?:{groups}))+\b))"
            rf"(?P<qual>{_QUALIFIERS})\b"
        )
        self.level_re = re.compile(r"(?:ubnd|uy\s+ban\s+nhan\s+dan|chinh\s+quyen)\s+cap\s+(?P<lvl>xa|huyen|tinh)\b")
        self.title_so_re = re.compile(rf"(?:{titles})\s+so(?=\s*(?:[,;]|va\b))")
        people = alternation(tuple(sorted(data.people_groups, key=len, reverse=True)))
        self.people_re = re.compile(rf"(?:cac\s+)?(?:dong\s+chi\s+)?(?P<p>{people})\b")
        self.group_split = re.compile(rf"{groups}")
        self.titles_re = re.compile(rf"(?:(?:cac\s+)?(?:{titles})\s*,?\s*)+")
        caps = "|".join(re.escape(h) for h in data.heads_capitalised)
        self.head_cap_re = re.compile(rf"(?:{caps})\b")
        self.head_any_re = re.compile(rf"(?:{alternation(data.heads_any_case)})\b")
        def first(phrases: object) -> set[str]:
            return {fold(str(x)).split()[0] for x in phrases if str(x).strip()}  # type: ignore[attr-defined]

        self.start_words = frozenset(
            self.first_words
            | first(data.groups)
            | first(data.titles)
            | first(data.people_groups)
            | first(data.heads_capitalised)
            | first(data.heads_any_case)
            | {"cac", "ubnd", "uy", "quy"}
        )
        self.start_re = re.compile(rf"(?<![a-z0-9&\-./]){_longest_first(self.start_words)}(?![a-z0-9])")
        a = rules().assignment
        self.pred_re = re.compile(rf"(?:{alternation(a.predicate_starts + a.triggers)})\b")
        # Which collective patterns (people, title + "sở", level, group list) can match where start_re
        # found a word: a pattern's phrases open with letters, which must begin the word's letters.
        titles_open = tuple(map(_letters, data.titles))
        openers = (
            ("cac", "dong", *map(_letters, data.people_groups)),
            titles_open,
            ("ubnd", "uy", "chinh"),
            ("cac", "ubnd", "uy", *titles_open, *map(_letters, data.groups)),
        )
        self.collective_gates: dict[str, tuple[bool, bool, bool, bool]] = {}
        for word in self.start_words:
            g = [_letters(word).startswith(o) for o in openers]
            self.collective_gates[word] = (g[0], g[1], g[2], g[3])
        # Sentences noted as parts of a paragraph: (paragraph, offset). Only a hint where to look.
        self._parts: dict[str, tuple[str, int]] = {}
        phrases = [*data.groups, *data.titles, *data.people_groups, *data.heads_capitalised, *data.heads_any_case]
        self._parts_safe = not any(ch in _SENTENCE_END for p in phrases for ch in p)

    # ---- scanning -------------------------------------------------------------------------
    def mentions(self, text: str) -> list[Mention]:
        """Every agency and collective named in `text`, left to right, without overlaps."""
        return list(self._mentions(text))

    def overlaps(self, text: str, start: int, end: int) -> bool:
        """Whether a mention found in `text` overlaps text[start:end]; the scan stops at `end`."""
        return any(m.start < end and m.end > start for m in self._scan(text, end))

    def note_parts(self, text: str, parts: list[str]) -> None:
        """Note that `parts` are the sentences of `text`, so that they are read from one scan of `text`."""
        if not self._parts_safe or len(parts) < 2:
            return
        if len(self._parts) > 4096:
            self._parts.clear()
        at = 0
        for part in parts:
            at = text.find(part, at)
            if at == -1:
                return
            self._parts[part] = (text, at)
            at += len(part)

    @lru_cache(maxsize=4096)  # noqa: B019 - one book per process, texts repeat within a dispatch
    def _mentions(self, text: str) -> tuple[Mention, ...]:
        whole = self._parts.get(text)
        if whole is not None:
            got = self._within(text, *whole)
            if got is not None:
                return got
        return tuple(self._scan(text, len(text)))

    def _within(self, text: str, whole: str, a: int) -> tuple[Mention, ...] | None:
        """The mentions of the sentence whole[a:...] == text, taken from the scan of `whole`, if they must be the same.

        They are when the sentence is cut at sentence ends (an end mark, then white space) and no mention of
        `whole` runs over a cut: no pattern reads an end mark (the data has none, see _parts_safe), so every
        match inside the sentence is the same in both texts and none starts before it and ends inside.
        """
        b = a + len(text)
        if whole[a:b] != text or not _starts_sentence(whole, a) or not _ends_sentence(whole, b):
            return None
        out = []
        for m in self._mentions(whole):
            if m.end <= a:
                continue
            if m.start >= b:
                break
            if m.start < a or m.end > b:
                return None  # a name that runs over the end of the sentence
            out.append(Mention(m.start - a, m.end - a, m.text, m.name, m.kinds, m.collective, m.entry))
        return tuple(out)

    def _scan(self, text: str, until: int) -> list[Mention]:
        """The mentions of `text` that start at a candidate before `until`, left to right."""
        f = fold(text)
        out: list[Mention] = []
        done = 0
        first_words, gates = self.first_words, self.collective_gates
        head_any, head_cap = self.head_any_re.match, self.head_cap_re.match
        for start in self.start_re.finditer(f):
            pos = start.start()
            if pos >= until:
                break
            if pos < done:
                continue
            word = start.group(0)
            # The longest of the options; the first of equally long ones.
            found = self._collective_at(text, f, pos, gates.get(word, _ALL_GATES))
            known = word in first_words
            head_at = pos + 4 if f.startswith("cac ", pos) else pos
            if known:
                got = self._known_at(text, f, pos)
                if got is not None and (found is None or got.end > found.end):
                    found = got
            if head_any(f, head_at) is not None or head_cap(text, head_at) is not None:
                words = [w.span() for w in islice(_WORD.finditer(f, pos), self.max_words + 9)]
                got = self._generic_at(text, f, words, 0)
                if got is not None and (found is None or got.end > found.end):
                    found = got
            if found is not None:
                out.append(found)
                done = found.end
        return self._enumerated(text, f, out, until) if ": " in text else out

    def _enumerated(self, text: str, f: str, out: list[Mention], until: int) -> list[Mention]:
        """ "các Sở: Y tế, Tài chính và Xây dựng" names Sở Y tế, Sở Tài chính and Sở Xây dựng."""
        for m in _ENUMERATION.finditer(f, 0, until):
            head = "Sở" if m.group("head") == "so" else "Bộ"
            items: list[Mention] = []
            pos = m.end()
            while True:
                words = [(w.start(), w.end()) for w in islice(_WORD.finditer(f, pos), 8)]
                best = None
                for n in range(len(words), 0, -1):
                    if any(c in ",;:()." for c in f[words[0][0] : words[n - 1][1]]):
                        continue
                    entry = self.by_key.get(key(f"{head} {text[words[0][0] : words[n - 1][1]]}"))
                    if entry is not None:
                        best = (words[n - 1][1], entry)
                        break
                if best is None or not words or f[pos : words[0][0]].strip(" ,;") not in ("", "va"):
                    break
                start = m.start("cac") if not items else words[0][0]
                items.append(Mention(start, best[0], text[start : best[0]], best[1].name,
                                     frozenset({best[1].kind}), False, best[1]))  # fmt: skip
                pos = best[0]
            if items:
                lo, hi = items[0].start, items[-1].end
                out = sorted([o for o in out if o.end <= lo or o.start >= hi] + items, key=lambda o: o.start)
        return out

    def _collective_at(self, text: str, f: str, pos: int, gates: tuple[bool, bool, bool, bool]) -> Mention | None:
        people_gate, title_so_gate, level_gate, collective_gate = gates
        m = _POLITE_YOU.match(f, pos) if f.startswith("quy ", pos) else None
        if m:
            return Mention(pos, m.end(), text[pos : m.end()], collapse(text[pos : m.end()]), frozenset({YOU}), True)
        m = self.people_re.match(f, pos) if people_gate else None
        if m:
            people = self.data.people_groups[collapse(m.group("p"))]
            return Mention(pos, m.end(), text[pos : m.end()], collapse(text[pos : m.end()]), people, True)
        m = self.title_so_re.match(f, pos) if title_so_gate else None
        if m:
            return Mention(pos, m.end(), text[pos : m.end()], collapse(text[pos : m.end()]), frozenset({"so"}), True)
        m = self.level_re.match(f, pos) if level_gate else None
        if m:  # "UBND cấp xã", "chính quyền cấp huyện"
            level = frozenset({{"xa": "ubnd_xa", "huyen": "ubnd_huyen", "tinh": "ubnd_tinh"}[m.group("lvl")]})
            return Mention(pos, m.end(), text[pos : m.end()], collapse(text[pos : m.end()]), level, True)
        m = self.collective_re.match(f, pos) if collective_gate else None
        if not m or not (m.group("groups") or m.group("bare")):
            return None
        if _NARROWING.match(f, m.end()):
            return None  # "các cơ quan báo chí" is a specific group, not "các cơ quan" (everyone)
        glist = m.group("groups") or m.group("bare")
        kinds: set[str] = set()
        for g in self.group_split.findall(glist):
            kinds |= self.data.groups[collapse(g)]
        if "trung uong" in collapse(m.group("qual") or "") and "ubnd_huyen" in kinds:
            kinds = (kinds - {"ubnd_huyen"}) | {"ubnd_tinh"}
        if m.group("ubnd"):
            kinds = {k for k in kinds if k.startswith("ubnd")} or {"ubnd_huyen"}
        start = pos + len(m.group("titles") or "")
        end = m.end()
        return Mention(start, end, text[start:end], collapse(text[start:end]), frozenset(kinds), True)

    def _known_at(self, text: str, f: str, pos: int) -> Mention | None:
        """The longest known name whose words start at `pos`, read one word at a time."""
        start = end = prev = -1
        best: AgencyEntry | None = None
        acc = ""
        for w in islice(_WORD.finditer(f, pos), self.max_words):
            a, b = w.span()
            if prev == -1:
                if f[a:b].split("-")[0].split("&")[0] not in self.first_words:
                    return None
                start = a
            elif _NAME_BREAK.search(text, prev, a):
                break  # a name never runs over ; : ( )
            prev = b
            word_key = f[a:b]
            if not word_key.isalnum():  # words are ASCII: only a joined one ("kh&dt") has characters to drop
                word_key = _KEY_CHARS.sub("", word_key)
            if not word_key or word_key == "va":
                continue
            acc += word_key
            if acc not in self.key_prefixes:
                break
            entry = self.by_key.get(acc)
            if entry is not None:
                best, end = entry, b
        if best is None:
            return None
        return Mention(start, end, text[start:end], best.name, frozenset({best.kind}), False, best)

    def _generic_at(self, text: str, f: str, words: list[tuple[int, int]], i: int) -> Mention | None:
        start = words[i][0]
        plural = f.startswith("cac ", start)
        head_at = start + 4 if plural else start
        hm = self.head_any_re.match(f, head_at) or self.head_cap_re.match(text, head_at)
        if hm is None:
            return None
        head_len = hm.end() - head_at
        end = head_at + head_len
        if f.startswith(" truong", end) and not f[end + 7 : end + 8].isalpha():
            return None  # "Bộ trưởng Bộ Y tế", "Cục trưởng Cục Thuế": a title before the body
        j = next((k for k, w in enumerate(words) if w[0] >= end), len(words))  # words start at `start`
        taken = 0
        while j < len(words) and taken < 8:
            gap = text[end : words[j][0]]
            w = f[words[j][0] : words[j][1]]
            capital = text[words[j][0]].isupper()
            if gap.strip(" -–&") or (not capital and (w in _GENERIC_STOPS or self.pred_re.match(f, words[j][0]))):
                break
            end = words[j][1]
            j += 1
            taken += 1
        head = text[head_at : head_at + head_len]
        if taken == 0 and not plural and head in ("Sở", "Bộ", "Ban", "Cục", "Viện", "Phòng"):
            return None
        if head == "Phòng" and not plural and not text[head_at + head_len : head_at + head_len + 2].lstrip()[:1].isupper():
            return None  # "Phòng Kinh tế" is a body, "Phòng, chống dịch" and "Phòng cháy" are not
        name = collapse(text[start:end])
        kind = infer_kind(name)
        # "các Hội đồng thi" is a group of one kind of body, not a collective by membership.
        kinds = frozenset() if kind == "other" else frozenset({kind})
        return Mention(start, end, text[start:end], name, kinds, plural)

    # ---- queries --------------------------------------------------------------------------
    def query(self, name: str) -> Mention | None:
        """The agency (or group) a user means by `name`."""
        name = collapse(name)
        titles = self.titles_re.match(fold(name))
        if titles and name[:6].lower() == "trường":  # a school; folded it reads like the title "trưởng"
            titles = None
        if titles and titles.end() < len(name):
            name = name[titles.end() :]
        if not name:
            return None
        for candidate in (name, f"Sở {name}"):
            entry = self.by_key.get(key(candidate))
            if entry is not None:
                return Mention(0, len(name), name, entry.name, frozenset({entry.kind}), False, entry)
        found = [m for m in self.mentions(name) if m.end - m.start >= len(name) * 0.6]
        if found:
            return found[0]
        if len(key(name)) >= 3:
            kind = infer_kind(name)
            return Mention(0, len(name), name, name, frozenset() if kind == "other" else frozenset({kind}), False)
        return None

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        """The closest canonical names to `name`, best first."""
        target = collapse(fold(name))
        scored: dict[str, float] = {}
        for e in self.data.agencies:
            for s in (e.name, *e.aliases):
                cand = collapse(fold(s))
                score = difflib.SequenceMatcher(None, target, cand).ratio()
                if target and target in cand:
                    score = max(score, 0.8 + len(target) / (100 * len(cand)))
                scored[e.name] = max(scored.get(e.name, 0.0), score)
        ranked = sorted(scored.items(), key=lambda kv: -kv[1])
        return [n for n, s in ranked[:limit] if s >= 0.45]


def same_agency(query: Mention, mention: Mention, *, issued: date | None) -> bool:
    """Whether `mention` names the agency of `query` (successors count after the reorganisation)."""
    if query.entry is not None and mention.entry is not None:
        if query.entry.name == mention.entry.name:
            return True
        # after the reorganisation a body and its successor are one agency, whichever name the chat
        # was set up with and whichever the dispatch uses
        for old, new in ((mention.entry, query.entry), (query.entry, mention.entry)):
            if old.successor == new.name and old.since and issued and issued >= old.since:
                return True
        return False
    a, b = _plain(query.name), _plain(mention.name)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 6 and short.count(" ") >= 1 and re.search(rf"(?:^| ){re.escape(short)}(?: |$)", long_) is not None


def _plain(name: str) -> str:
    f = collapse(re.sub(r"[^a-z0-9 ]+", " ", fold(name)))
    return re.sub(r"^cac ", "", f)


@cache
def book() -> AgencyBook:
    """The agency book built from the packaged data, once."""
    return AgencyBook(agency_data())


def resolve_agency(name: str) -> str | None:
    """The canonical name of the agency a user typed, or None when it is not an agency or not clearly one.

    A name the data does not list is accepted as a new agency only when it is complete: "Sở Y", "So Tai" or
    "Sở Văn hóa" are the start of known names, so the caller asks which one was meant instead of binding a
    chat to an agency that no dispatch will ever name.
    """
    q = book().query(name)
    if q is None:
        return None
    if q.entry is None and not q.collective and (
        _truncated(q.name) or (infer_kind(q.name) == "other" and not _named_body(q.name))
    ):
        return None
    return q.name


def _named_body(name: str) -> bool:
    """Whether the whole of `name` reads as one body the data does not list ("Phòng Kinh tế xã Tân Lập").

    At least three words: "Phòng Giáo" is more likely "Phòng Giáo dục ..." cut short than a body of its own.
    """
    ms = book().mentions(name)
    return len(name.split()) >= 3 and len(ms) == 1 and not ms[0].collective and ms[0].start == 0 and ms[0].end >= len(name.rstrip(" .;")) * 0.9


def _truncated(name: str) -> bool:
    """Whether an unlisted name is cut short: the start of a known name, or a head word and one letter."""
    plain = _plain(name)
    words = plain.split()
    if len(words) >= 2 and len(words[-1]) == 1 and len(words[:-1]) <= 2:
        return True
    return any(known != plain and known.startswith(plain) for known in _known_plain())


@cache
def _known_plain() -> frozenset[str]:
    return frozenset(_plain(s) for e in book().data.agencies for s in (e.name, *e.aliases))


def suggest_agencies(name: str, limit: int = 5) -> list[str]:
    """Up to `limit` known agency names closest to what the user typed."""
    return book().suggest(name, limit)
