"""What agency a user means by a name they typed.

The chat is set up with an agency name typed by hand ("Sở Y tế", "so tai chinh", "Giám đốc Sở Xây
dựng"): `query_agency` reads it as a mention, `resolve_agency` accepts it only when it is clearly one
agency, and `suggest_agencies` offers the closest known names when it is not.
"""

from __future__ import annotations

import difflib
from functools import cache

from dispatch.core.text import collapse, fold, key
from dispatch.doers.agencybook import book
from dispatch.doers.mentions import Mention, infer_kind, plain_name


def query_agency(name: str) -> Mention | None:
    """The agency (or group) a user means by `name`."""
    b = book()
    name = collapse(name)
    titles = b.collectives.titles_re.match(fold(name))
    if titles and name[:6].lower() == "trường":  # a school; folded it reads like the title "trưởng"
        titles = None
    if titles and titles.end() < len(name):
        name = name[titles.end() :]
    if not name:
        return None
    for candidate in (name, f"Sở {name}"):
        entry = b.by_key.get(key(candidate))
        if entry is not None:
            return Mention(0, len(name), name, entry.name, frozenset({entry.kind}), False, entry)
    found = [m for m in b.mentions(name) if m.end - m.start >= len(name) * 0.6]
    if found:
        return found[0]
    if len(key(name)) >= 3:
        kind = infer_kind(name)
        return Mention(0, len(name), name, name, frozenset() if kind == "other" else frozenset({kind}), False)
    return None


def resolve_agency(name: str) -> str | None:
    """The canonical name of the agency a user typed, or None when it is not an agency or not clearly one.

    A name the data does not list is accepted as a new agency only when it is complete: "Sở Y", "So Tai" or
    "Sở Văn hóa" are the start of known names, so the caller asks which one was meant instead of binding a
    chat to an agency that no dispatch will ever name.
    """
    q = query_agency(name)
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
    plain = plain_name(name)
    words = plain.split()
    if len(words) >= 2 and len(words[-1]) == 1 and len(words[:-1]) <= 2:
        return True
    return any(known != plain and known.startswith(plain) for known in _known_plain())


@cache
def _known_plain() -> frozenset[str]:
    return frozenset(plain_name(s) for e in book().data.agencies for s in (e.name, *e.aliases))


def suggest_agencies(name: str, limit: int = 5) -> list[str]:
    """Up to `limit` known agency names closest to what the user typed."""
    target = collapse(fold(name))
    scored: dict[str, float] = {}
    for e in book().data.agencies:
        for s in (e.name, *e.aliases):
            cand = collapse(fold(s))
            score = difflib.SequenceMatcher(None, target, cand).ratio()
            if target and target in cand:
                score = max(score, 0.8 + len(target) / (100 * len(cand)))
            scored[e.name] = max(scored.get(e.name, 0.0), score)
    ranked = sorted(scored.items(), key=lambda kv: -kv[1])
    return [n for n, s in ranked[:limit] if s >= 0.45]
