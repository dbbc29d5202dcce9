"""Text hygiene: one normalisation at the edge, and accent-free keys for matching.

`normalize` keeps the text readable (it is what users see); `fold` maps every character to a
lower-case base letter *one to one*, so offsets found in the folded text are valid in the
normalised text. Never NFKC the whole text: `năm 2021¹` would become `năm 20211`.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache, lru_cache
from importlib import resources

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾"
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_BOLD = re.compile(r"\*\*|__")
_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]{1,200}?)(?<=\S)\*(?![\w*])")
# Emphasis split over lines or around a list mark leaves single stars: "*Thứ nhất,** các bộ" (after "**" go),
# "*1.1. Đối với ... (danh mục),* các Bộ", "... thời hạn*". A star before a space is a bullet and stays.
# "*Đơn vị chủ trì: *Các sở" (an italic label whose closing star ends up after the colon's space) too.
_STRAY_STAR = re.compile(
    r"(?m)(?:^([ \t]*)\*(?=[^\s*])|(?<=\S)\*+(?=[ \t]*$)|(?<=[,.;:)])\*(?=\s)|(?<=:[ \t])\*(?=[^\s*]))"
)
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_TABLE_BAR = re.compile(r"[ \t]*\|[ \t]*")
_FOOTNOTE_MARK = re.compile(rf"(?<=\S)[{_SUPERSCRIPTS}]+")
_ANY_SUPERSCRIPT = re.compile(f"[{_SUPERSCRIPTS}]")
_LATIN1 = re.compile(r"[\u0080-\u00ff]")
# Messenger decoration (Telegram/Zalo forwards): a keycap digit "1️⃣" numbers an item, a pictograph
# ("👉", "✅", "⚠️", "🔴", "➤") leading a line is its bullet.
_PICTO = "\u2190-\u21ff\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff"
_HAS_PICTO = re.compile(f"[{_PICTO}\u20e3]")
_KEYCAP = re.compile(r"^([ \t]*)(\d)\ufe0f?\u20e3[ \t]*", re.M)
_LEADING_PICTO = re.compile(f"^[ \\t]*(?:[{_PICTO}][\\ufe0f\\U0001f3fb-\\U0001f3ff]*[ \\t]*)+(?=\\S)", re.M)
_TRAILING_PICTO = re.compile(f"(?<=\\S)(?:[ \\t]*[{_PICTO}][\\ufe0f\\U0001f3fb-\\U0001f3ff]*)+[ \\t]*$", re.M)
_VIETNAMESE = re.compile(r"[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")


@cache
def _tcvn3_table() -> dict[int, str]:
    raw = resources.files("dispatch").joinpath("data/tcvn3.toml").read_bytes()
    table = tomllib.loads(raw.decode("utf-8"))["table"]
    return {0x80 + i: ch for i, ch in enumerate(table) if ch}


@cache
def _vni_table() -> dict[str, str]:
    raw = resources.files("dispatch").joinpath("data/vni.toml").read_bytes()
    table: dict[str, str] = tomllib.loads(raw.decode("utf-8"))["map"]
    return table


@cache
def _vietnamese_letters() -> frozenset[str]:
    return frozenset(ch for v in _tcvn3_table().values() for ch in v) | frozenset(
        ch for v in _vni_table().values() for ch in v
    )


def _foreign(text: str) -> int:
    """Letters that belong to no Vietnamese word: the trace of a legacy encoding read as Latin-1."""
    letters = _vietnamese_letters()
    return sum(1 for ch in text if ord(ch) > 127 and ch not in letters and (ch.isalpha() or ch in "µ¸·¶¹©®ª«¬"))


_NUCLEI = (
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui uô uơ uy ưa ưi "
    "ươ ưu yê iêu yêu oai oay oao oeo uôi uya uyê uyu ươi ươu uây ưu ôô"
).split()
_SYLLABLE = re.compile(
    rf"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?(?:{'|'.join(sorted(_NUCLEI, key=len, reverse=True))})"
    r"(?:ch|ng|nh|[cmnpt])?"
)
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _plausible(text: str) -> int:
    """How many non-ASCII words of `text` are well-formed Vietnamese syllables."""
    count = 0
    for word in re.findall(r"\w+", text):
        if word.isascii():
            continue
        decomposed = unicodedata.normalize("NFD", word.lower())
        tones = sum(1 for ch in decomposed if ch in _TONES)
        bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
        count += tones <= 1 and _SYLLABLE.fullmatch(bare) is not None
    return count


def _from_tcvn3(line: str) -> str:
    try:
        data = line.encode("cp1252")
    except UnicodeEncodeError:
        try:
            data = line.encode("latin-1")
        except UnicodeEncodeError:
            return line
    table = _tcvn3_table()
    return unicodedata.normalize("NFC", "".join(table.get(b, chr(b)) for b in data))


def _from_vni(line: str) -> str:
    table, out, i = _vni_table(), [], 0
    while i < len(line):
        pair = line[i : i + 2]
        if pair in table:
            out.append(table[pair])
            i += 2
        else:
            out.append(table.get(line[i], line[i]))
            i += 1
    return "".join(out)


def _legacy_line(line: str) -> str:
    """A line of TCVN3 or VNI text read as Latin-1, converted; any other line unchanged."""
    if _VIETNAMESE.search(line) or len(_LATIN1.findall(line)) < 2 or _foreign(line) < 2:
        return line
    best = max((_from_tcvn3(line), _from_vni(line)), key=_plausible)
    return best if _plausible(best) > _plausible(line) else line


def normalize(text: str) -> str:
    """Clean text as it arrives (paste, PDF, OCR, portals) without changing what it says."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    # Legacy TCVN3 first: its byte 0xAD is "ư", which would otherwise pass for a soft hyphen.
    text = "\n".join(_legacy_line(line) for line in text.split("\n"))
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    text = _tables(text) if "|" in text or "\t" in text else _clean(text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def _tables(text: str) -> str:
    """`_clean` text, with the rows of task tables as lines of cells joined by " | " (each cell cleaned)."""
    from dispatch.layout.cells import (
        unflatten,  # dispatch.layout.table reads rules, which fold with this module
    )
    from dispatch.layout.table import SEP, find_rows

    lines = unflatten(text.split("\n"))
    rows = find_rows(lines)
    if not rows:
        return _clean(text)
    out: list[str] = []
    plain: list[str] = []
    for i, line in enumerate(lines):
        cells = rows.get(i)
        if cells is None:
            plain.append(line)
            continue
        if plain:
            out.append(_clean("\n".join(plain)))
            plain = []
        if cells:
            out.append(SEP.join(" ".join(_clean(c).split()) for c in cells))
    if plain:
        out.append(_clean("\n".join(plain)))
    return "\n".join(out)


def _stray_kept(m: re.Match[str]) -> str:
    return m.group(1) or ""


def _clean(text: str) -> str:
    # Each pass runs only when its character is there: a lookbehind pattern tried at every position
    # of a long text costs more than the whole parse (the `in` tests are a C scan).
    text = _SPACES.sub(" ", text)
    text = _CONTROL.sub("", text)
    if _HAS_PICTO.search(text):
        text = _TRAILING_PICTO.sub("", _LEADING_PICTO.sub("• ", _KEYCAP.sub(r"\1\2. ", text)))
    if "![" in text:
        text = _IMAGE.sub("", text)
    if "*" in text or "__" in text:
        text = _BOLD.sub("", text)
        if "*" in text:
            # both patterns stay within a line: only the lines that still have a star are scanned
            lines = text.split("\n")
            for i, line in enumerate(lines):
                if "*" in line:
                    lines[i] = _STRAY_STAR.sub(_stray_kept, _ITALIC.sub(r"\1", line))
            text = "\n".join(lines)
    if "|" in text:
        text = _TABLE_BAR.sub("\n", text)
    # Inline footnote markers go; a footnote body keeps its leading marker so it can be recognised.
    return _FOOTNOTE_MARK.sub("", text) if _ANY_SUPERSCRIPT.search(text) else text


def is_footnote_line(line: str) -> bool:
    """A footnote body starts with a superscript marker (`¹ Tại Công văn ...`)."""
    s = line.lstrip()
    return bool(s) and s[0] in _SUPERSCRIPTS


@cache
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0]
    out = base.lower()
    return out if len(out) == 1 else ch


@cache
def _fold_table() -> list[str]:
    # Indexed by code point: str.translate reads a list twice as fast as a dict, and a character
    # past its end (an IndexError) stays as it is.
    return [_fold_char(chr(cp)) for cp in range(0x2000)]


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Accent-free lower-case text of the same length as `text` (offsets stay valid)."""
    out = text.translate(_fold_table())
    if len(out) != len(text):  # pragma: no cover - the table maps one character to one
        return "".join(_fold_char(ch) for ch in text)
    return out


_KEY_DROP = re.compile(r"[^a-z0-9]+")


def key(text: str) -> str:
    """Matching key of a name: folded, 'và' and punctuation dropped (`Sở KH&ĐT` == `Sở KH-ĐT`)."""
    words = re.split(r"[^a-z0-9&]+", fold(text))
    return "".join(_KEY_DROP.sub("", w) for w in words if w and w != "va")


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces, trimmed."""
    return " ".join(text.split())
