"""extract() is pure, total and fast, and the dev corpus keeps its score."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
    block = "Yêu cầu Sở Y tế báo cáo UBND tỉnh trước ngày 25/7/2030. Tăng cường kiểm tra.\n\n"
    big = block * (1_000_000 // len(block))
    tasks = extract(big, agency="Sở Y tế").tasks
    assert len(tasks) == big.count("Yêu cầu")
    assert {str(t.deadline) for t in tasks} == {"2030-07-25"}


def test_dev_corpus_score_floors(tmp_path: Path) -> None:
    import pytest

    if not CORPUS.is_dir():
        pytest.skip("../shared/dispatches/dev is not beside this checkout")
    report = tmp_path / "score.json"
    subprocess.run(
        [sys.executable, str(SHARED / "tools" / "score_extraction.py"), "--json", str(report)],
        cwd=ROOT, check=True, capture_output=True,
    )
    r = json.loads(report.read_text(encoding="utf-8"))
    assert not r["errors"]
    assert r["tasks"]["f1"] >= 0.95
    assert r["roles"]["correct"] >= 0.95 * r["roles"]["of"]
    assert r["deadlines"]["wrong"] == 0 and r["deadlines"]["false"] == 0
    assert r["deadlines"]["recall"] >= 0.95
    assert all(v["correct"] == v["of"] for v in r["metadata"].values())
