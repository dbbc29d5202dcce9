"""extract() is pure, total and fast, and the dev corpus keeps its score."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from dispatch import extract

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "dispatches" / "dev"


def test_importing_dispatch_loads_no_io_framework() -> None:
    code = (
        "import sys, dispatch; dispatch.extract('Sở Y tế báo cáo trước ngày 1/1/2030.');"
        "print([m for m in ('telegram','sqlmodel','sqlalchemy','httpx','apscheduler') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


_ALPHABET = st.sampled_from(
    [*list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĐƠƯ0123456789 .,;:-/()*|\n\t\xa0¹²⁽⁾"), "Sở Y tế ", "trước ngày ", "UBND các huyện, ", "Kính gửi:", "Nơi nhận:", "1. ", "- ", "./.", "Số: ", "V/v "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=120).map("".join), st.text(max_size=200))
def test_extract_never_raises(structured: str, anything: str) -> None:
    for text in (structured, anything, structured + anything):
        extract(text).to_dict()
        extract(text, agency="Sở Y tế").to_dict()


def test_a_megabyte_of_text_returns_its_tasks() -> None:
    # every job distinct (a job repeated word for word, as a portal's headline repeats it, is one task)
    block = "Yêu cầu Sở Y tế báo cáo kết quả kiểm tra đợt {} cho UBND tỉnh trước ngày 25/7/2030. Tăng cường kiểm tra.\n\n"
    big = "".join(block.format(i) for i in range(1_000_000 // len(block)))
    tasks = extract(big, agency="Sở Y tế").tasks
    assert len(tasks) == big.count("Yêu cầu")
    assert {str(t.deadline) for t in tasks} == {"2030-07-25"}


def _score(tmp_path: Path, *args: str) -> dict[str, Any]:
    report = tmp_path / "score.json"
    subprocess.run(
        [sys.executable, str(SHARED / "tools" / "score_extraction.py"), *args, "--json", str(report)],
        cwd=ROOT, check=True, capture_output=True,
    )
    return json.loads(report.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_dev_corpus_score_floors(tmp_path: Path) -> None:
    import pytest

    if not CORPUS.is_dir():
        pytest.skip("../shared/dispatches/dev is not beside this checkout")
    r = _score(tmp_path)
    assert not r["errors"]
    assert r["tasks"]["f1"] >= 0.95
    assert r["roles"]["correct"] >= 0.95 * r["roles"]["of"]
    assert r["deadlines"]["wrong"] == 0 and r["deadlines"]["false"] == 0
    assert r["deadlines"]["recall"] >= 0.95
    assert all(v["correct"] == v["of"] for v in r["metadata"].values())


# Floors of every dev* folder together (--all), raised as the extraction improves and never lowered; the
# goal of issue 9 is F1 0.95, roles 95%, deadline recall 0.95, no false deadline, metadata 98% / subject 90%.
ALL_FLOORS = {"f1": 0.765, "roles": 0.90, "deadline_recall": 0.82, "false_deadlines": 6.0, "number": 0.98,
              "issued": 0.98, "subject": 0.95}  # fmt: skip


def test_all_corpora_score_floors(tmp_path: Path) -> None:
    import pytest

    if not CORPUS.is_dir():
        pytest.skip("../shared/dispatches is not beside this checkout")
    r = _score(tmp_path, "--all")
    assert not r["errors"]
    assert r["tasks"]["f1"] >= ALL_FLOORS["f1"]
    assert r["roles"]["correct"] >= ALL_FLOORS["roles"] * r["roles"]["of"]
    assert r["deadlines"]["recall"] >= ALL_FLOORS["deadline_recall"]
    assert r["deadlines"]["false"] <= ALL_FLOORS["false_deadlines"]
    for key in ("number", "issued", "subject"):
        m = r["metadata"][key]
        assert m["correct"] >= ALL_FLOORS[key] * m["of"], (key, m)
