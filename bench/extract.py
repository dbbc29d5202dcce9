"""Benchmark: extract() beside dateparser.search_dates on the same dispatches, in one run.

    python bench/extract.py [--corpus DIR ...] [--repeat 7]     (default: every ../shared/dispatches/dev* folder)

Prints, per dispatch, the median time of one cold extract() call (caches cleared, as for a new
dispatch) and of dateparser.search_dates(text, languages=["vi"]); then the median and p95 over
the corpus and the ratio, and the time of extract() on 1 MB inputs (one paragraph repeated, distinct jobs).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus import load  # noqa: E402  (bench/ is the script directory)
from dateparser.search import search_dates  # noqa: E402

from dispatch import extract  # noqa: E402
from dispatch.core.text import fold  # noqa: E402
from dispatch.doers.agencybook import book  # noqa: E402
from dispatch.doers.assign import analyse, doer_heading, heading_agencies, is_clause  # noqa: E402
from dispatch.time.calendar import default_calendar  # noqa: E402


def cold_extract(text: str) -> float:
    for cached in (analyse, heading_agencies, is_clause, doer_heading):
        cached.cache_clear()
    book()._mentions.cache_clear()
    fold.cache_clear()
    t0 = time.perf_counter()
    extract(text, agency="Sở Y tế")
    return time.perf_counter() - t0


def timed(fn: object, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        runs.append(fn())  # type: ignore[operator]
    return statistics.median(runs)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, action="append", help="a folder of dispatches; repeat for several")
    ap.add_argument("--repeat", type=int, default=7)
    a = ap.parse_args()
    corpora = a.corpus or sorted((ROOT.parent / "shared" / "dispatches").glob("dev*"))
    cases = [case for corpus in corpora for case in load(corpus)]
    if not cases:
        print(f"no dispatches in {', '.join(map(str, corpora))}")
        return 1
    extract(cases[0][1])  # load the rules once, as the bot does at start-up
    default_calendar().is_working_day(date(2025, 1, 2))  # and its holiday calendar
    settings = {"DATE_ORDER": "DMY"}
    ours, theirs = [], []
    print(f"{'dispatch':<10} {'chars':>6} {'extract ms':>11} {'search_dates ms':>16} {'hits':>5}")
    for name, text in cases:
        e = timed(lambda text=text: cold_extract(text), a.repeat)

        def dp(text: str = text) -> float:
            t0 = time.perf_counter()
            search_dates(text, languages=["vi"], settings=settings)
            return time.perf_counter() - t0

        d = timed(dp, max(1, a.repeat // 2))
        hits = len(search_dates(text, languages=["vi"], settings=settings) or [])
        ours.append(e)
        theirs.append(d)
        print(f"{name:<10} {len(text):>6} {e * 1000:>11.2f} {d * 1000:>16.2f} {hits:>5}")
    print()
    print(f"extract():      median {statistics.median(ours) * 1000:.2f} ms, p95 {p95(ours) * 1000:.2f} ms")
    print(f"search_dates(): median {statistics.median(theirs) * 1000:.2f} ms, p95 {p95(theirs) * 1000:.2f} ms")
    print(f"ratio (search_dates / extract, medians): {statistics.median(theirs) / statistics.median(ours):.1f}x")
    # one paragraph repeated (the figure of earlier runs: repeats hit the caches and are one task), and distinct jobs
    same = "Yêu cầu Sở Y tế báo cáo UBND tỉnh trước ngày 25/7/2030. Tăng cường kiểm tra.\n\n"
    block = "Yêu cầu Sở Y tế báo cáo kết quả kiểm tra đợt {} cho UBND tỉnh trước ngày 25/7/2030. Tăng cường kiểm tra.\n\n"
    for label, big in (
        ("one paragraph repeated", same * (1_000_000 // len(same))),
        ("distinct jobs", "".join(block.format(i) for i in range(1_000_000 // len(block)))),
    ):
        t0 = time.perf_counter()
        n = len(extract(big).tasks)
        print(f"1 MB input, {label}: {time.perf_counter() - t0:.2f} s, {n} tasks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
