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
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_TABLE_BAR = re.compile(r"[ \t]*\|[ \t]*")
_FOOTNOTE_MARK = re.compile(rf"(?<=\S)[{_SUPERSCRIPTS}]+")
# Characters of TCVN3 text read as cp1252 that never occur in Vietnamese Unicode text.
_TCVN3_SIGNS = frozenset("µ¸·¶¹©®ª«¬¯°±²³´¼½¾¿ÆÇËÌÎÏÑÖ×ØÜÞßäåæçëîïñö÷øûüþÿ¡¢£¤¥¦§¨»º")
_VIETNAMESE = re.compile(r"[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")


@cache
def _tcvn3_table() -> dict[int, str]:
    raw = resources.files("dispatch").joinpath("data/tcvn3.toml").read_bytes()
    table = tomllib.loads(raw.decode("utf-8"))["table"]
    return {0x80 + i: ch for i, ch in enumerate(table) if ch}


def _tcvn3_line(line: str) -> str:
    """Convert one line of TCVN3 text (read as cp1252/latin-1) to Unicode; other lines unchanged."""
    signs = sum(1 for ch in line if ch in _TCVN3_SIGNS)
    if signs < 2 or _VIETNAMESE.search(line):
        return line
    try:
        data = line.encode("cp1252")
    except UnicodeEncodeError:
        try:
            data = line.encode("latin-1")
        except UnicodeEncodeError:
            return line
    table = _tcvn3_table()
    return unicodedata.normalize("NFC", "".join(table.get(b, chr(b)) for b in data))


def normalize(text: str) -> str:
    """Clean text as it arrives (paste, PDF, OCR, portals) without changing what it says."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    # Legacy TCVN3 first: its byte 0xAD is "ư", which would otherwise pass for a soft hyphen.
    text = "\n".join(_tcvn3_line(line) for line in text.split("\n"))
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _IMAGE.sub("", text)
    text = _BOLD.sub("", text)
    text = _ITALIC.sub(r"\1", text)
    text = _TABLE_BAR.sub("\n", text)
    # Inline footnote markers go; a footnote body keeps its leading marker so it can be recognised.
    text = _FOOTNOTE_MARK.sub("", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


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
def _fold_table() -> dict[int, str]:
    return {cp: _fold_char(chr(cp)) for cp in range(0x2000) if _fold_char(chr(cp)) != chr(cp)}


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
