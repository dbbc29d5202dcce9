"""Load the extraction rules (TOML files in dispatch/data) once, into frozen dataclasses.

Phrases are stored folded (accent-free, lower case) because matching runs on folded text.
A malformed file raises RulesError at load time, not in the middle of an extraction.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from dispatch.core.text import fold
from dispatch.errors import RulesError


def _load(name: str) -> dict[str, Any]:
    try:
        raw = resources.files("dispatch").joinpath(f"data/{name}").read_bytes()
        return tomllib.loads(raw.decode("utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RulesError(f"cannot load dispatch/data/{name}: {exc}") from exc


def _phrases(section: dict[str, Any], name: str) -> tuple[str, ...]:
    value = section.get(name)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RulesError(f"rules: '{name}' must be a list of non-empty strings")
    # Longest first, so alternations prefer "trước ngày" to "trước".
    return tuple(sorted({fold(v).strip() for v in value}, key=len, reverse=True))


def alternation(phrases: tuple[str, ...]) -> str:
    """A regex alternation of folded phrases, longest first, spaces matching any whitespace."""
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)


def longest_first(words: Iterable[str]) -> str:
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


@cache
def opening(phrases: tuple[str, ...], after: str = r"(?=[\s,:]|$)") -> re.Pattern[str]:
    """A pattern matching folded text that starts (after list marks) with one of `phrases`."""
    return re.compile(rf"^[\s\-+•*|,]*(?:{alternation(phrases)}){after}")


@dataclass(frozen=True, slots=True)
class StructureRules:
    end_markers: tuple[str, ...]
    skip_lines: tuple[str, ...]
    skip_containing: tuple[str, ...]
    signer_prefixes: tuple[str, ...]
    recipients: tuple[str, ...]
    basis_openers: tuple[str, ...]
    closing_openers: tuple[str, ...]
    info_labels: tuple[str, ...]
    aims_sections: tuple[str, ...]
    distribution: tuple[str, ...]
    appendix: tuple[str, ...]
    attached_documents: tuple[str, ...]
    attached_marks: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AssignmentRules:
    triggers: tuple[str, ...]
    issuer_triggers: tuple[str, ...]
    lead_words: tuple[str, ...]
    directing: tuple[str, ...]
    coordinate_words: tuple[str, ...]
    predicate_starts: tuple[str, ...]
    non_task_after_subject: tuple[str, ...]
    passive_ok: tuple[str, ...]
    sequence_openers: tuple[str, ...]
    job_verbs: tuple[str, ...]
    follow_up_openers: tuple[str, ...]
    anaphora: tuple[str, ...]
    adverbial_openers: tuple[str, ...]
    closing_words: tuple[str, ...]
    difficulty_clauses: tuple[str, ...]
    report_verbs: tuple[str, ...]
    issuer_words: tuple[str, ...]
    not_agencies: tuple[str, ...]
    decision_openers: tuple[str, ...]
    statements: tuple[str, ...]
    unmet: tuple[str, ...]
    narrative_openers: tuple[str, ...]
    urging_words: tuple[str, ...]
    report_follow_ups: tuple[str, ...]
    duty_endings: tuple[str, ...]
    doer_nouns: tuple[str, ...]
    heading_openers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DeadlineRules:
    markers: tuple[str, ...]
    event_markers: tuple[str, ...]
    ongoing: tuple[str, ...]
    open_ended: tuple[str, ...]
    monthly: tuple[str, ...]
    weekly: tuple[str, ...]
    yearly: tuple[str, ...]
    quarterly: tuple[str, ...]
    daily: tuple[str, ...]
    receipt: tuple[str, ...]
    signing: tuple[str, ...]
    basis_verbs: tuple[str, ...]
    topic_openers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TableRules:
    """Column headers of a task table, by the kind of column."""

    number: tuple[str, ...]
    coordinate: tuple[str, ...]
    lead: tuple[str, ...]
    due: tuple[str, ...]
    content: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AgencyEntry:
    name: str
    kind: str
    aliases: tuple[str, ...]
    successor: str | None
    since: date | None


@dataclass(frozen=True, slots=True)
class AgencyData:
    agencies: tuple[AgencyEntry, ...]
    groups: dict[str, frozenset[str]]
    titles: tuple[str, ...]
    people_groups: dict[str, frozenset[str]]
    heads_capitalised: tuple[str, ...]
    heads_any_case: tuple[str, ...]
    not_bodies: tuple[str, ...]
    person_titles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rules:
    structure: StructureRules
    assignment: AssignmentRules
    deadlines: DeadlineRules
    table: TableRules


def _section(data: dict[str, Any], name: str) -> dict[str, Any]:
    section = data.get(name)
    if not isinstance(section, dict):
        raise RulesError(f"rules: missing section [{name}]")
    return section


def _build(cls: Any, section: dict[str, Any]) -> Any:
    return cls(**{f: _phrases(section, f) for f in cls.__dataclass_fields__})


@cache
def rules() -> Rules:
    """The rules of dispatch/data/rules.toml, loaded and validated once."""
    data = _load("rules.toml")
    out = Rules(
        structure=_build(StructureRules, _section(data, "structure")),
        assignment=_build(AssignmentRules, _section(data, "assignment")),
        deadlines=_build(DeadlineRules, _section(data, "deadlines")),
        table=_build(TableRules, _section(data, "table")),
    )
    for phrases in (out.deadlines.markers, out.assignment.predicate_starts):
        re.compile(alternation(phrases))
    return out


@cache
def first_words_as_written(section: str, *names: str) -> frozenset[str]:
    """The first words, lower case and with their diacritics, of rules.toml's phrases in these lists.

    The rules match folded text, where "lâm" (Viện Hàn lâm) reads as "làm" and "Hàn" as "hàn": where a
    folded match would cut a name short, this tells whether the word is the rule's word as written.
    """
    data = _section(_load("rules.toml"), section)
    return frozenset(p.split()[0].lower() for name in names for p in data.get(name, ()) if p.split())


def _kinds(value: Any, where: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RulesError(f"agencies: {where} must be a list of kinds")
    return frozenset(value)


@cache
def agency_data() -> AgencyData:
    """Agencies, collective group nouns and titles of dispatch/data/agencies.toml."""
    data = _load("agencies.toml")
    entries = []
    for item in data.get("agency", []):
        name, kind = item.get("name"), item.get("kind")
        if not isinstance(name, str) or not isinstance(kind, str):
            raise RulesError(f"agencies: every [[agency]] needs a name and a kind: {item!r}")
        since = item.get("since")
        if since is not None and not isinstance(since, date):
            raise RulesError(f"agencies: 'since' of {name} must be a date")
        entries.append(
            AgencyEntry(
                name=name,
                kind=kind,
                aliases=tuple(item.get("aliases", ())),
                successor=item.get("successor"),
                since=since,
            )
        )
    names = {e.name for e in entries}
    for e in entries:
        if e.successor is not None and e.successor not in names:
            raise RulesError(f"agencies: successor {e.successor!r} of {e.name!r} is not an agency")
    heads = _section(data, "heads")
    return AgencyData(
        agencies=tuple(entries),
        groups={fold(k): _kinds(v, k) for k, v in _section(data, "groups").items()},
        titles=_phrases(_section(data, "titles"), "words"),
        people_groups={fold(k): _kinds(v, k) for k, v in _section(data, "people_groups").items()},
        heads_capitalised=tuple(sorted(heads.get("capitalised", []), key=len, reverse=True)),
        heads_any_case=_phrases(heads, "any_case"),
        not_bodies=_phrases(heads, "not_bodies"),
        person_titles=tuple(sorted(_section(data, "person_titles").get("words", []), key=len, reverse=True)),
    )
