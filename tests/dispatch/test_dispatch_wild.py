"""Extraction holds on real dispatches nobody annotated (../shared/dispatches/wild): no crash, no slow text.

The bound is on the CPU time of this process, so that other work on the machine cannot fail it; how fast
extraction is, is bench/extract.py's figure (python bench/extract.py --corpus ../shared/dispatches/wild)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dispatch import extract

WILD = Path(__file__).resolve().parents[2].parent / "shared" / "dispatches" / "wild"
TEXTS = sorted(WILD.glob("*.txt")) if WILD.is_dir() else []


def _text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    return raw.split("\n", 2)[2] if raw.startswith("#source:") else raw


@pytest.mark.skipif(not TEXTS, reason="../shared/dispatches/wild is not beside this checkout")
@pytest.mark.parametrize("path", TEXTS, ids=[p.stem for p in TEXTS])
def test_every_wild_dispatch_is_read_without_error_in_under_half_a_second(path: Path) -> None:
    text = _text(path)
    t0 = time.process_time()
    whole = extract(text)
    one = extract(text, agency="Sở Tài chính")
    took = (time.process_time() - t0) / 2
    assert took < 0.5, f"{path.stem}: {took:.3f} s of CPU"
    # every task the agency gets is one of the dispatch's, with a text a user can read
    texts = {t.text for t in whole.tasks}
    assert all(t.text in texts and t.text.strip() for t in one.tasks)
    assert all(t.role in ("lead", "coordinate", "all") for t in one.tasks)
