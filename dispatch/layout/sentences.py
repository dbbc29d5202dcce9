"""Reading one sentence of a dispatch: where sentences end, how one opens, whom it names to coordinate.

Also whether a sentence is the closing formula ("nghiêm túc tổ chức thực hiện"), and where a sentence
that names its doer after a colon really starts.
"""

from __future__ import annotations

import re
from functools import cache

from dispatch.core.rules import alternation, opening, rules
from dispatch.core.text import collapse, fold
from dispatch.doers.agencybook import book
from dispatch.doers.assign import Assignment, analyse, coordinator_list
from dispatch.doers.mentions import Mention

_LETTERS = re.compile(r"[a-z]+")
_ABBREV = frozenset("tp tt q p kt tm tl ts ths gs pgs st ng tx v/v".split())


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph; abbreviations such as "TP." do not end one."""
    out, start = [], 0
    for m in re.finditer(r"[.!?…]+\s+", text):
        nxt = text[m.end() : m.end() + 1]
        word = text[:m.start()].rsplit(" ", 1)[-1].lower()
        if not (nxt.isupper() or nxt in "“\"(" or nxt.isdigit()) or word in _ABBREV:
            continue
        out.append(text[start : m.end()].strip())
        start = m.end()
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def coordinators(sentence: str, leads: tuple[Mention, ...]) -> tuple[Mention, ...]:
    """The agencies of `sentence` named after "phối hợp (với)", other than `leads`."""
    got = analyse(sentence)
    if got is not None:
        return tuple(m for m in got.coords if all(m.name != lead.name for lead in leads))
    f = fold(sentence)
    return tuple(coordinator_list(f, book().mentions(sentence), 0, list(leads)))

def is_closing_formula(a: Assignment) -> bool:
    """The closing formula: a predicate of generic words only ("nghiêm túc tổ chức thực hiện"), or any
    predicate after a difficulty clause ("Trong quá trình thực hiện nếu có khó khăn, vướng mắc, các cơ quan,
    đơn vị báo cáo về Sở Y tế để xem xét giải quyết")."""
    if a.opening and _difficulty().search(a.opening):
        return True
    pred = re.split(r"[.]", a.predicate, maxsplit=1)[0]
    difficulty = _difficulty().search(fold(pred))
    if difficulty is not None:  # "...; trong quá trình thực hiện, nếu có khó khăn, vướng mắc, kịp thời báo cáo ..."
        pred = pred[: difficulty.start()]
    # Most predicates soon have a word that is in no closing phrase: unless an agency's name covers
    # it, it is left whatever else is taken out, and only the names up to it need to be found.
    other = next((w for w in _LETTERS.finditer(pred) if w.group(0) not in _closing_vocabulary()), None)
    if other is not None and not book().overlaps(pred, other.start(), other.end()):
        return False
    for m in reversed(book().mentions(pred)):  # "để các cơ quan, đơn vị biết" names no job
        pred = pred[: m.start] + " " + pred[m.end :]
    pred = collapse(re.sub(r"[^a-z ]", " ", pred))
    left = _closing_words().sub(" ", f" {pred} ")
    return not left.strip()


@cache
def _difficulty() -> re.Pattern[str]:
    return re.compile(rf"(?:^|[,;]\s*)(?:{alternation(rules().assignment.difficulty_clauses)})\b")


@cache
def _closing_words() -> re.Pattern[str]:
    return re.compile(rf"(?<= )(?:{alternation(rules().assignment.closing_words)})(?= )")


@cache
def _closing_vocabulary() -> frozenset[str]:
    return frozenset(w for phrase in rules().assignment.closing_words for w in _LETTERS.findall(phrase))


def starts_with(sentence: str, phrases: tuple[str, ...]) -> bool:
    """Whether `sentence` opens with one of the folded `phrases`, as whole words ("Quảng Trị" does not open with "qua")."""
    return opening(phrases).match(fold(sentence)) is not None


# a step of a date-first schedule: "Trước 20/9: Sở Y tế ...", "Ngày 28/9: ...", "Từ ngày 3-5/10: ..."
_TIME_LABEL = re.compile(r"^[\W]*(?:truoc|cham nhat|den|tu|ngay|trong|thoi han|han|tu nay den)\b[^:]{0,30}\d[^:]{0,12}$")


def clip_to_doer(sentence: str, a: Assignment) -> str:
    """The sentence from the words before its doer's colon on ("... như sau: Giao Sở X ..."); a time label before
    the colon stays, it dates the step ("Trước 20/9: Sở Y tế hoàn thành kế hoạch")."""
    colon = sentence.rfind(": ", 0, a.start)
    if colon == -1 or _TIME_LABEL.match(fold(sentence[:colon])):
        return sentence
    return sentence[colon + 2 :]
