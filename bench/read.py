"""Benchmark the readers: seconds per page for text PDF, DOCX, 200 dpi scans and phone photos,
and the task F1 of dispatch.extract on each reader's text beside F1 on the original text.

    .venv/bin/python bench/read.py                  # every dev dispatch, every kind
    .venv/bin/python bench/read.py --kinds pdf,docx # no OCR
    .venv/bin/python bench/read.py --limit 3 -v     # first 3 dispatches, misses listed

"words" is the worst similarity (0..1) of a file's word sequence read back to its source's.

Fixtures are generated in memory by tests/docgen.py from ../shared/dispatches/dev (never copied).
Scoring reuses the matching of ../shared/tools/score_extraction.py (norm/matches/as_dict).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import docgen  # noqa: E402

from dispatch.readers import read  # noqa: E402

KINDS = ("pdf", "docx", "scan", "photo")


def load_scorer() -> ModuleType | None:
    path = SHARED / "tools" / "score_extraction.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_extract() -> Callable[..., Any] | None:
    try:
        return getattr(importlib.import_module("dispatch"), "extract", None)
    except ImportError:
        return None


def read_kind(kind: str, text: str) -> tuple[str, int, float]:
    """(text read back, pages, seconds spent in read()) for one dispatch generated as `kind`."""
    if kind == "photo":  # an album: one photo per page, read one by one as the bot does
        texts, seconds = [], 0.0
        pages = docgen.page_count(text, dpi=docgen.PHOTO_DPI)
        for page in range(pages):
            data = docgen.photo_jpeg(text, page=page)
            t0 = time.perf_counter()
            texts.append(read(data).text)
            seconds += time.perf_counter() - t0
        return "\n".join(texts), pages, seconds
    data = {"pdf": docgen.text_pdf, "docx": docgen.docx, "scan": docgen.scanned_pdf}[kind](text)
    t0 = time.perf_counter()
    result = read(data, max_pages=100, timeout=1800)
    return result.text, result.pages, time.perf_counter() - t0


def score(
    scorer: ModuleType, extract: Callable[..., Any], texts: dict[str, str], golds: dict[str, Any]
) -> dict[str, Any]:
    """Task P/R/F1 and deadline accuracy with score_extraction.py's weighting and matching."""
    tp = fp = fn = 0.0
    dl_gold = dl_ok = 0.0
    misses: list[str] = []
    for name, text in texts.items():
        gold = golds[name]
        common = gold["agencies"].get("*", [])
        agencies = [k for k in gold["agencies"] if k != "*"]
        cw = 1.0 / max(1, len(agencies))
        for agency in agencies:
            seen: set[str] = set()
            expected = []
            for g, w in [(g, 1.0) for g in gold["agencies"][agency]] + [(g, cw) for g in common]:
                if g["quote"] not in seen:
                    seen.add(g["quote"])
                    expected.append((g, w))
            try:
                preds = list(scorer.as_dict(extract(text, agency=agency)).get("tasks") or [])
            except Exception as exc:  # a crash misses every expected task, as in score_extraction.py
                misses.append(f"ERROR {name}/{agency}: {type(exc).__name__}: {exc}")
                fn += sum(w for _, w in expected)
                dl_gold += sum(w for g, w in expected if g.get("deadline"))
                continue
            used: set[int] = set()
            for g, w in expected:
                hit = next(
                    (
                        i
                        for i, p in enumerate(preds)
                        if i not in used and scorer.matches(g["quote"], p.get("text", ""))
                    ),
                    None,
                )
                dl_gold += w if g.get("deadline") else 0.0
                if hit is None:
                    fn += w
                    misses.append(f"MISS {name}/{agency}: {g['quote'][:60]!r}")
                    continue
                used.add(hit)
                tp += w
                if g.get("deadline"):
                    if preds[hit].get("deadline") == g["deadline"]:
                        dl_ok += w
                    else:
                        misses.append(
                            f"DATE {name}/{agency}: gold={g['deadline']} got={preds[hit].get('deadline')}"
                        )
            fp += len(preds) - len(used)
            misses += [
                f"FALSE {name}/{agency}: {p.get('text', '')[:60]!r}"
                for i, p in enumerate(preds)
                if i not in used
            ]
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"p": prec, "r": rec, "f1": f1, "deadlines": (dl_ok, dl_gold), "misses": misses}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=SHARED / "dispatches" / "dev")
    ap.add_argument("--kinds", default=",".join(KINDS), help=f"comma-separated subset of {','.join(KINDS)}")
    ap.add_argument("--limit", type=int, default=0, help="only the first N dispatches")
    ap.add_argument("-v", "--verbose", action="store_true", help="list missed tasks and wrong deadlines")
    a = ap.parse_args()
    kinds = [k for k in a.kinds.split(",") if k]
    if not a.corpus.is_dir():
        print(f"no corpus at {a.corpus}")
        return 1
    cases = [(p.stem, docgen.dispatch_text(p)) for p in sorted(a.corpus.glob("*.txt"))]
    cases = cases[: a.limit] if a.limit else cases
    golds = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in a.corpus.glob("*.json")}

    texts: dict[str, dict[str, str]] = {"original": dict(cases)}
    print(
        f"{'kind':<8} {'files':>5} {'pages':>5} {'total s':>8} {'s/page':>8} {'worst s/page':>12} {'words':>6}"
    )
    for kind in kinds:
        texts[kind] = {}
        pages_total, seconds_total, per_page, accuracy = 0, 0.0, [], []
        for name, text in cases:
            texts[kind][name], pages, seconds = read_kind(kind, text)
            # the photos show only what fits on each page; compare with the source all the same
            source = docgen.docx_layout(text).reading_order() if kind == "docx" else text
            accuracy.append(docgen.word_accuracy(texts[kind][name], source))
            pages_total += pages
            seconds_total += seconds
            per_page.append(seconds / max(pages, 1))
        print(
            f"{kind:<8} {len(cases):>5} {pages_total:>5} {seconds_total:>8.2f} "
            f"{seconds_total / max(pages_total, 1):>8.3f} {max(per_page):>12.3f} {min(accuracy):>6.3f}"
        )

    scorer, extract = load_scorer(), load_extract()
    if scorer is None or extract is None:
        print("F1: skipped (dispatch.extract or ../shared/tools/score_extraction.py not available)")
        return 0
    scored = {name: t for name, t in texts["original"].items() if name in golds}
    base = set(score(scorer, extract, scored, golds)["misses"])
    print(f"\n{'text from':<9} {'P':>6} {'R':>6} {'F1':>6} {'deadlines ok':>13}")
    for kind, by_name in texts.items():
        result = score(scorer, extract, {n: by_name[n] for n in scored}, golds)
        ok, gold = result["deadlines"]
        print(
            f"{kind:<9} {result['p']:>6.3f} {result['r']:>6.3f} {result['f1']:>6.3f} {ok:>6.1f}/{gold:<6.1f}"
        )
        if a.verbose and kind != "original":
            for line in result["misses"]:
                if line not in base:
                    print(f"    {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
