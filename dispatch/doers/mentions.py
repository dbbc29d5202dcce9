"""What a mention of an agency is, and whether two mentions name the same agency.

A `Mention` is an agency or a group of agencies named in a sentence: a known agency, a collective
addressee with the kinds of agency it covers, or an organisation the data does not list. `infer_kind`
tells the kind of an unlisted body from its head words; `same_agency` decides whether a task's
mention concerns the agency a chat is set up for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dispatch.core.rules import AgencyEntry
from dispatch.core.text import collapse, fold

EVERYONE = "*"
YOU = "you"  # "Quý Sở", "Quý cơ quan": the addressees of the dispatch, resolved by the walker
COMMITTEES = frozenset({"ubnd_tinh", "ubnd_huyen", "ubnd_xa"})  # the People's Committees of each level


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
        # "các bộ, ngành, địa phương" names the whole administration, central and local: everyone it is sent to
        whole = "bo" in self.kinds and bool(self.kinds & _LOCAL)
        return EVERYONE in self.kinds or whole or bool(self.kinds & kinds)


_LOCAL = frozenset({"ubnd_tinh", "ubnd_huyen", "ubnd_xa"})
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
        (r"(?:cong an|bao hiem|bhxh|cuc thue|thue (?:tinh|thanh pho|co so)|kho bac|thanh tra|dien luc)\b", "tinh_body"),
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
    a, b = plain_name(query.name), plain_name(mention.name)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    # plain names are single-spaced words: `short` is a run of whole words of `long_`
    return len(short) >= 6 and short.count(" ") >= 1 and f" {short} " in f" {long_} "


def plain_name(name: str) -> str:
    """A name folded to plain lower-case words, without a leading "các"."""
    return collapse(_NOT_PLAIN.sub(" ", fold(name))).removeprefix("cac ")


_NOT_PLAIN = re.compile(r"[^a-z0-9 ]+")
