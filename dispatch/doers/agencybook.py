"""Find agencies in text: the agency book and its scanner.

A mention is one of: a known agency (any spelling of dispatch/data/agencies.toml), a collective
addressee ("các Sở, Ban, ngành", "UBND các huyện, thành phố") with the kinds of agency it covers,
or an organisation the data does not know, recognised by its head word ("Viện ...", "các điểm thi").
`book()` is the one `AgencyBook` of the process, compiled from the packaged data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from itertools import islice

from dispatch.core.rules import (
    AgencyData,
    AgencyEntry,
    agency_data,
    alternation,
    first_words_as_written,
    longest_first,
    rules,
)
from dispatch.core.text import collapse, fold, key
from dispatch.doers.collectives import Collectives
from dispatch.doers.mentions import COMMITTEES, Mention, infer_kind
from dispatch.doers.places import place_mentions

_WORD = re.compile(r"[a-z0-9]+(?:[&\-./][a-z0-9]+)*")
_KEY_CHARS = re.compile(r"[^a-z0-9]+")
_NAME_BREAK = re.compile(r"[;:()]")
_SENTENCE_END = ".!?…"
_ALL_GATES = (True, True, True, True)
_PERSON_HINT = re.compile(r"\b(?:thu tuong|bo truong|thu truong|chu tich|giam doc|bi thu|truong ban|dong chi)\s")
_PLACE_WORD = re.compile(r"\b(?:tinh|thanh pho|tp|xa|phuong|huyen|quan|thi tran|dac khu)\b")


# Directive verbs typed with a capital inside a sentence ("UBND tỉnh Giao Sở ..."), never a word of a name.
_DIRECTIVE_CAPS = frozenset({"giao", "yeu", "de"})


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


# Words that end a name the data does not know, as written: "từ" ends it, "tử" does not ("Thông tin điện tử").
_GENERIC_STOPS = frozenset(
    "của tại trên theo về với để như và hoặc cùng trong sau trước đến từ các này đó mà thì là".split()
)
_GENERIC_STOPS_FOLDED = frozenset(fold(w) for w in _GENERIC_STOPS)


def _as_written(text: str, word: tuple[int, int], words: frozenset[str]) -> bool:
    """Whether the word at `word`, lower case with its diacritics, is one of `words`."""
    return text[word[0] : word[1]].lower() in words
# "(Giám đốc) các Sở: Y tế, Tài chính ..." / "các bộ, ngành: Công an, Quốc phòng ..."
# "các Sở: Y tế, Tài chính", and without the colon "các sở NN&PTNT, Xây dựng" (two names at least)
_ENUMERATION = re.compile(r"(?P<cac>cac\s+)(?P<head>so|bo)(?:(?:\s*,\s*(?:ban\s*,\s*)?nganh)?\s*(?P<colon>:)\s*|\s+)")


_NAME_TAIL = re.compile(r" (?:tinh|thanh pho|huyen|xa|phuong|quan|thi xa|khu vuc)\b\s*")
_QUALIFIER_WORDS = re.compile(r"\s*(?:tinh|thanh pho|huyen|xa|phuong|quan|thi xa|khu vuc|cap|chi nhanh|va)\b")


def _verb_after(text: str, f: str, known: Mention | None, generic: Mention) -> bool:
    """Whether `generic` only runs a known name on into lower-case words ("Bộ Tài chính quyết định giá")."""
    if known is None or known.entry is None:
        return False
    rest = text[known.end : generic.end].lstrip(" -–")
    return bool(rest) and rest[:1].islower() and not _QUALIFIER_WORDS.match(f, known.end)


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



# Heads that alone name a kind of body, not one ("Viện, Trường; Doanh nghiệp ...", "Hội, hiệp hội ...").
_KINDS_ALONE = frozenset({"Sở", "Bộ", "Ban", "Cục", "Viện", "Phòng", "Trường", "Hội", "Hiệp hội", "Trung tâm"})


def _name_end(m: re.Match[str]) -> int | None:
    """Where the name of a title-and-name match ends: after its last capitalised word ("Bùi Thanh Sơn đã chủ
    trì": the regex's class of capitals also holds "đ" and other lower-case letters); None if under two words."""
    names = list(re.finditer(r"\S+", m.group(0)))
    while names and not names[-1].group(0)[:1].isupper():
        names.pop()
    run = 0
    for w in reversed(names):
        if not w.group(0)[:1].isupper():
            break
        run += 1
    return m.start() + names[-1].end() if run >= 2 else None


class AgencyBook:
    """Agency names and collective terms, compiled for fast scanning."""

    def __init__(self, data: AgencyData) -> None:
        self.data = data
        self.by_key: dict[str, AgencyEntry] = {}
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
        self.collectives = Collectives(data)
        caps = "|".join(re.escape(h) for h in data.heads_capitalised)
        self.head_cap_re = re.compile(rf"(?:{caps})\b")
        self.head_any_re = re.compile(rf"(?:{alternation(data.heads_any_case)})\b")
        titles = "|".join(re.escape(t) for t in data.person_titles)
        # a title, then a name of two to four capitalised words that is not a body ("Bộ trưởng Bộ Xây dựng")
        self.person_re = re.compile(rf"(?<!\w)(?:{titles})\s+(?!(?:{caps})\b)[A-ZĐÀ-Ỹ][^\W\d_]*(?:\s+[A-ZĐÀ-Ỹ][^\W\d_]*){{1,3}}")
        self.not_body_re = re.compile(rf"(?:{alternation(data.not_bodies)})\b")

        def first(phrases: Iterable[str]) -> set[str]:
            return {fold(x).split()[0] for x in phrases if x.strip()}

        self.start_words = frozenset(
            self.first_words
            | first(data.groups)
            | first(data.titles)
            | first(data.people_groups)
            | first(data.heads_capitalised)
            | first(data.heads_any_case)
            | {"cac", "tung", "moi", "ubnd", "uy", "quy"}  # "từng bộ, ngành", "mỗi địa phương"
        )
        self.start_re = re.compile(rf"(?<![a-z0-9&\-./]){longest_first(self.start_words)}(?![a-z0-9])")
        a = rules().assignment
        self.pred_re = re.compile(rf"(?:{alternation(a.predicate_starts + a.triggers + a.decision_openers)})\b")
        self.pred_words = first_words_as_written("assignment", "predicate_starts", "triggers", "decision_openers")
        # Which collective patterns can match where start_re finds a word.
        self.collective_gates = {word: self.collectives.gates(word) for word in self.start_words}
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
        collective_at = self.collectives.at
        head_any, head_cap = self.head_any_re.match, self.head_cap_re.match
        for start in self.start_re.finditer(f):
            pos = start.start()
            if pos >= until:
                break
            if pos < done:
                continue
            word = start.group(0)
            # The longest of the options; the first of equally long ones.
            found = collective_at(text, f, pos, gates.get(word, _ALL_GATES))
            known = word in first_words
            head_at = pos + 4 if f.startswith("cac ", pos) else pos
            if known:
                got = self._known_at(text, f, pos)
                if got is not None and (found is None or got.end > found.end):
                    found = got
            if (head_any(f, head_at) is not None or head_cap(text, head_at) is not None) and not self.not_body_re.match(
                f, head_at
            ):
                words = [w.span() for w in islice(_WORD.finditer(f, pos), self.max_words + 9)]
                got = self._generic_at(text, f, words, 0)
                if got is not None and (found is None or got.end > found.end) and not _verb_after(text, f, found, got):
                    found = got
            if found is not None:
                out.append(found)
                done = found.end
        out = self._enumerated(text, f, out, until) if ": " in text or "cac so " in f or "cac bo " in f else out
        out = self._placed(text, out, until) if _PLACE_WORD.search(f) else out
        return self._people(text, out, until) if _PERSON_HINT.search(f) else out

    def _people(self, text: str, out: list[Mention], until: int) -> list[Mention]:
        """The scan with the persons named by title and name ("Phó Thủ tướng Chính phủ Trần Hồng Hà")."""
        for m in self.person_re.finditer(text, 0, until):
            end = _name_end(m)
            if end is None:
                continue
            name = text[m.start() : end]
            if all(o.end <= m.start() or o.start >= end for o in out):
                out.append(Mention(m.start(), end, name, collapse(name), frozenset({"person"}), False))
            elif (inner := [o for o in out if m.start() <= o.start < end]) and all(o.kinds <= COMMITTEES for o in inner):
                # "Chủ tịch Hồ Chí Minh": a place read inside a name
                out = [o for o in out if o not in inner]
                out.append(Mention(m.start(), end, name, collapse(name), frozenset({"person"}), False))
        return sorted(out, key=lambda o: o.start)

    def _placed(self, text: str, out: list[Mention], until: int) -> list[Mention]:
        """The scan with the places named by place word: a group followed by names is those places."""
        groups, singles = place_mentions(text)
        for g in (g for g in groups if g.start < until):
            out = [o for o in out if o.end <= g.start or o.start >= g.end] + [g]
        out += [p for p in singles if p.start < until and all(o.end <= p.start or o.start >= p.end for o in out)]
        return sorted(out, key=lambda o: o.start)

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
            if len(items) >= (1 if m.group("colon") else 2):
                lo, hi = items[0].start, items[-1].end
                out = sorted([o for o in out if o.end <= lo or o.start >= hi] + items, key=lambda o: o.start)
        return out

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

    def _and_within_name(self, text: str, f: str, words: list[tuple[int, int]], j: int) -> bool:
        """Whether "và" at words[j] joins two words of one name ("Ban Tuyên giáo và Dân vận", "Viện Hàn lâm Khoa
        học và Công nghệ"), not two bodies ("Sở Y tế và Công an tỉnh", "Sở Tài chính và các xã"): the next word
        is capitalised, on the same line, and starts no body."""
        if j + 1 >= len(words) or text[words[j][1] : words[j + 1][0]] != " " or text[words[j - 1][1] : words[j][0]] != " ":
            return False
        nxt = words[j + 1][0]
        if not text[nxt].isupper() or self.head_any_re.match(f, nxt) or self.head_cap_re.match(text, nxt):
            return False
        return self._known_at(text, f, nxt) is None

    @staticmethod
    def _stop_at(text: str, f: str, word: tuple[int, int]) -> bool:
        """Whether this lower-case word ends a name: one of _GENERIC_STOPS as written, or typed without diacritics."""
        return _as_written(text, word, _GENERIC_STOPS) or (
            text[word[0] : word[1]] == f[word[0] : word[1]] and f[word[0] : word[1]] in _GENERIC_STOPS_FOLDED
        )

    def _predicate_at(self, text: str, f: str, word: tuple[int, int]) -> bool:
        """Whether a predicate starts at this lower-case word: "làm", not "lâm" of "Viện Hàn lâm" (a word typed
        without diacritics is taken as folded)."""
        pm = self.pred_re.match(f, word[0])
        if pm is None:
            return False
        tail = _NAME_TAIL.match(f, pm.end())
        if tail is not None and (tail.end() == len(f) or not f[tail.end()].isalpha() or self.pred_re.match(f, tail.end())):
            # "Ban Quản lý dự án đầu tư xây dựng tỉnh (phối hợp)": a place word closes the name, no clause begins
            return False
        return text[word[0] : word[1]] == f[word[0] : word[1]] or _as_written(text, word, self.pred_words)

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
        while j < len(words) and taken < 12:  # "Ban quản lý Khu Nông nghiệp ứng dụng Công nghệ cao Phú Yên"
            gap = text[end : words[j][0]]
            w = f[words[j][0] : words[j][1]]
            capital = text[words[j][0]].isupper()
            if w == "va" and not capital and taken and self._and_within_name(text, f, words, j):
                end, j, taken = words[j + 1][1], j + 2, taken + 2
                continue
            if gap.strip(" \n-–&") or (not capital and (self._stop_at(text, f, words[j]) or self._predicate_at(text, f, words[j]))):
                break
            if capital and taken and w in _DIRECTIVE_CAPS:
                break  # "UBND tỉnh Giao Sở Kế hoạch và Đầu tư ...": a capital typed after the name starts the job
            inner = self.head_any_re.match(f, words[j][0]) if capital else None
            if inner is not None and inner.end() > words[j][1]:
                # "Văn phòng Ban chỉ đạo phòng thủ dân sự quốc gia": a head inside the name, read whole
                while j + 1 < len(words) and words[j + 1][1] <= inner.end():
                    j += 1
            end = words[j][1]
            j += 1
            taken += 1
        head = text[head_at : head_at + head_len]
        if taken == 0 and not plural and head in _KINDS_ALONE:
            return None  # "Viện, Trường; Doanh nghiệp ...", "Hội, hiệp hội ...": a kind of body, not one body
        if (head.lower() != "trường" and fold(head) == "truong") or (head == "trường" and not plural):
            return None  # "Bộ trưởng" is a title; "thị trường", "môi trường": only "các trường" names schools
        if head == "Phòng" and not plural and not text[head_at + head_len : head_at + head_len + 2].lstrip()[:1].isupper():
            return None  # "Phòng Kinh tế" is a body, "Phòng, chống dịch" and "Phòng cháy" are not
        name = collapse(text[start:end])
        kind = infer_kind(name)
        # "các Hội đồng thi" is a group of one kind of body, not a collective by membership.
        kinds = frozenset() if kind == "other" else frozenset({kind})
        return Mention(start, end, text[start:end], name, kinds, plural)


@cache
def book() -> AgencyBook:
    """The agency book built from the packaged data, once."""
    return AgencyBook(agency_data())

