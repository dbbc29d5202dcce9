"""The examples of every rule of dispatch/data/rules.toml (dispatch/data/corpus.toml), run by one test."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

import pytest
from dispatch_helpers import dispatch_with

from dispatch import extract


def _load(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("dispatch").joinpath("data", name).read_text(encoding="utf-8"))


CASES: list[dict[str, Any]] = _load("corpus.toml")["case"]


@pytest.mark.parametrize("case", CASES, ids=[" ".join(c["rules"])[:60] for c in CASES])
def test_the_example_of_a_rule(case: dict[str, Any]) -> None:
    text = dispatch_with(case["text"], issued=case.get("issued", "ngày 1 tháng 11 năm 2025"))
    got = [(t.text, t.role, str(t.deadline or "")) for t in extract(text, agency=case["agency"]).tasks]
    want = [tuple(t) for t in case["tasks"]]
    assert [(g[0][: len(w[0])], g[1], g[2]) for g, w in zip(got, want, strict=False)] == want, got
    assert len(got) == len(want), got


def test_every_rule_has_an_example() -> None:
    rules = _load("rules.toml")
    named = {r for c in CASES for r in c["rules"]}
    keys = {f"{section}.{key}" for section, table in rules.items() for key in table}
    assert sorted(keys - named) == []
    assert sorted(named - keys) == []  # no example names a rule that is gone
