"""Review: what extract() finds on real dispatches nobody annotated, for a person to read.

    python bench/review.py [--corpus ../shared/dispatches/wild] [--top 10]

Prints every assignee name that is not in the agency data (with how often it occurs and in how
many texts), then every task whose text is shorter than six words (table fragments, headings
taken for tasks), and the counts of both beside the number of tasks. The names list is where the
institutional-noun grammar and the agency data are checked against the genre: a real body is
fine; "Ban hành", "xã hội của tỉnh" or "Trường hợp chất lượng" is a bug.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus import load  # noqa: E402  (bench/ is the script directory)

from dispatch import extract  # noqa: E402
from dispatch.core.text import key  # noqa: E402
from dispatch.doers.agencybook import book  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "dispatches" / "wild")
    ap.add_argument("--top", type=int, default=0, help="only the N most frequent names (0: all)")
    a = ap.parse_args()
    texts = load(a.corpus)
    if not texts:
        print(f"no texts in {a.corpus}")
        return 1
    known = set(book().by_key)
    names: Counter[str] = Counter()
    where: dict[str, set[str]] = defaultdict(set)
    short: list[tuple[str, str]] = []
    tasks = 0
    for name, text in texts:
        for t in extract(text).tasks:
            tasks += 1
            if len(t.text.split()) < 6:
                short.append((name, t.text))
            for person in t.assignees:
                if key(person.name) not in known:
                    names[person.name] += 1
                    where[person.name].add(name)
    listed = names.most_common(a.top or None)
    print(f"== assignee names not in the agency data: {len(names)} distinct, {sum(names.values())} uses")
    for n, count in listed:
        print(f"{count:4d} x in {len(where[n]):2d} texts  {n}")
    print(f"\n== tasks shorter than six words: {len(short)}")
    for name, text in short:
        print(f"  {name}  {text}")
    print(f"\n{len(texts)} texts, {tasks} tasks; unknown names {len(names)} ({sum(names.values())} uses); "
          f"short tasks {len(short)} ({len(short) / max(1, tasks):.1%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
