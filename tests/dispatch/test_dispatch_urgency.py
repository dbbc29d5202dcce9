"""The độ khẩn of a dispatch: every rule reads its own examples, and the real dispatches read as they are."""

from __future__ import annotations

from pathlib import Path

import pytest

from dispatch import extract
from dispatch.time.urgency import RULES, Rule, Urgency, read_urgency

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "dispatches"
HOLDOUT_LIST = SHARED / "holdout.txt"
HOLDOUT = set(HOLDOUT_LIST.read_text(encoding="utf-8").split()) if HOLDOUT_LIST.is_file() else set()
# the study texts only: the holdout cases are never opened
REAL = sorted(p for folder in ("dev", "dev_a", "dev_e", "wild") for p in (SHARED / folder).glob("*.txt")
              if p.stem not in HOLDOUT) if HOLDOUT_LIST.is_file() else []
MARKED = {"r01": "hoa_toc"}  # "UBND tỉnh ban hành Công văn (HỎA TỐC) số 29/UBND-NC": the one mark among them
EXAMPLES = [(rule, text, want) for rule in RULES for text, want in rule.examples]


def _text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    return raw.split("\n", 2)[2] if raw.startswith("#source:") else raw


@pytest.mark.parametrize(("rule", "text", "want"), EXAMPLES, ids=[f"{r.name}:{t[:40]}" for r, t, _ in EXAMPLES])
def test_each_rule_reads_its_examples(rule: Rule, text: str, want: Urgency | None) -> None:
    assert read_urgency(text, (rule,)) == want
    assert read_urgency(text) == want, "no other rule reads it otherwise"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("KHẨN\nSố: 1/UBND\nV/v ... \nĐộ khẩn: Hỏa tốc", "hoa_toc"),  # the most urgent of two marks
        ("Số: 1/UBND\nKính gửi: Sở Y tế\nHỎA TỐC", None),  # after "Kính gửi": the body, not the header
        ("\n".join(["dòng"] * 25 + ["HỎA TỐC"]), None),  # past the header's first lines
        ("Thực hiện Công văn số 5 của Bộ,\nkhẩn\ntrương báo cáo", None),
        ("", None),
    ],
)
def test_only_the_header_area_counts(text: str, want: Urgency | None) -> None:
    assert read_urgency(text) == want


@pytest.mark.skipif(not REAL, reason="../shared/dispatches is not beside this checkout")
def test_real_dispatches_read_no_mark_they_do_not_print() -> None:
    got = {p.stem: u for p in REAL if (u := read_urgency(_text(p))) is not None}
    assert got == MARKED
    assert len(REAL) > 80  # the body's "khẩn trương", wrapped or not, in some sixty of these texts


def test_the_extraction_carries_the_urgency() -> None:
    text = "ỦY BAN NHÂN DÂN\nTỈNH AN PHÚ\nHỎA TỐC\nSố: 9/UBND-VX\n1. Giao Sở Y tế báo cáo trước ngày 20/3/2026."
    found = extract(text, agency="Sở Y tế")
    assert found.urgency == "hoa_toc" and found.to_dict()["urgency"] == "hoa_toc"
    assert extract("Số: 9/UBND-VX\n1. Giao Sở Y tế khẩn trương báo cáo.").urgency is None
