"""The shared dispatches the benchmark scripts read: (name, text) of each, without its '#source:' line."""

from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "dispatches"


def load(corpus: Path) -> list[tuple[str, str]]:
    """(name, text) of each dispatch of `corpus`, without the corpus's '#source:' line."""
    out = []
    for path in sorted(corpus.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        out.append((path.stem, raw.split("\n", 2)[2] if raw.startswith("#source:") else raw))
    return out
