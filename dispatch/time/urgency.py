"""The độ khẩn of a dispatch: Hỏa tốc, Thượng khẩn or Khẩn, as its header area prints it.

Decree 30/2020/NĐ-CP on clerical work gives a dispatch one of three urgency marks, stamped or printed in the
header area: "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC" (older texts: "HỎA TỐC HẸN GIỜ"). E-office systems and the
portals that restate dispatches print the same level as a field or a word of the title::

    HỎA TỐC                                          a stamp, on a line of its own (or in the header table)
    Độ khẩn: Khẩn                                    an e-office field
    Công văn (HỎA TỐC) số 29/UBND-NC                 a portal's restatement (dev/r01, the one mark the shared
                                                     dispatches hold)
    CÔNG ĐIỆN HỎA TỐC, 📢 THÔNG BÁO KHẨN 📢          the kind of document, then the level
    🔴 KHẨN: Triển khai Công văn 1890/SGDĐT-CTTT      a messenger forward

"khẩn trương" (promptly) and "khẩn cấp" (emergency) are words of the text, not a mark, even hard-wrapped
into "khẩn" at the end of one line and "trương" at the start of the next (six such lines in the shared
dispatches: "... khẩn\\ntrương", "4. Khẩn\\ntrương", "VỀ KHẨN TRƯƠNG TRIỂN", "NHU YẾU PHẨM KHẨN CẤP"). Only the
header area counts: the first lines, before "Kính gửi"; a dispatch's body that quotes "Công văn hỏa tốc số
… của Bộ" speaks of another document's urgency.

Each rule below is a named pattern with the examples it must read (tests/dispatch/test_dispatch_urgency.py
runs them all); when several match, the most urgent level wins. Pure: no clock, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from dispatch.core.text import normalize

Urgency = Literal["hoa_toc", "thuong_khan", "khan"]
URGENCY_ORDER: dict[str | None, int] = {"hoa_toc": 0, "thuong_khan": 1, "khan": 2, None: 3}  # most urgent first
URGENCY_NAMES: dict[str, str] = {"hoa_toc": "Hỏa tốc", "thuong_khan": "Thượng khẩn", "khan": "Khẩn"}
HEAD_CHARS = 6000  # the header area lies well within the first characters (a header table's cells included)
HEAD_LINES = 20  # non-empty lines of the header area at most

_LEVEL = r"(?P<level>h(?:ỏa|oả)\s+tốc(?:\s+hẹn\s+giờ)?|thượng\s+khẩn|khẩn)"
_NOT_A_WORD_OF_THE_TEXT = r"(?!\s*(?:trương|cấp)(?!\w))"  # "khẩn trương", "khẩn cấp", wrapped or not
_KINDS = r"(?:công\s+văn|công\s+điện|văn\s+bản|thông\s+báo|giấy\s+mời|điện|tin)"
_RECIPIENTS = re.compile(r"^\W*kính\s+gửi\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Rule:
    """One way a header prints the level, with texts it must read (None: must not read a level)."""

    name: str
    pattern: re.Pattern[str]
    examples: tuple[tuple[str, Urgency | None], ...]


def _rule(name: str, pattern: str, *examples: tuple[str, Urgency | None]) -> Rule:
    return Rule(name, re.compile(pattern, re.IGNORECASE | re.MULTILINE), examples)


RULES: tuple[Rule, ...] = (
    _rule(
        "stamp", rf"^[^\w\n]*{_LEVEL}{_NOT_A_WORD_OF_THE_TEXT}[^\w\n]*$",
        ("ỦY BAN NHÂN DÂN\nTỈNH AN PHÚ\nHỎA TỐC\nSố: 12/UBND-VX", "hoa_toc"),
        ("THƯỢNG KHẨN\nSố: 12/UBND-VX", "thuong_khan"),
        ("Số: 12/UBND-VX\n[KHẨN]", "khan"),
        ("HOẢ TỐC HẸN GIỜ\nSố: 12/UBND-VX", "hoa_toc"),
        ("V/V\nKHẨN\nTRƯƠNG TRIỂN KHAI", None),
        ("4. Khẩn\ntrương hoàn thành việc di dời", None),
    ),
    _rule(
        "field", rf"\b(?:mức\s+)?độ\s+khẩn\s*:\s*{_LEVEL}{_NOT_A_WORD_OF_THE_TEXT}",
        ("Số: 12/UBND-VX\nĐộ khẩn: Khẩn", "khan"),
        ("Độ mật: Thường; Độ khẩn: Hỏa tốc", "hoa_toc"),
        ("Độ khẩn: Thường", None),
        ("tùy mức độ khẩn cấp của từng dự án", None),
    ),
    _rule(
        "bracketed", rf"[(\[]\s*{_LEVEL}\s*[)\]]",
        ("Ngày 09/01/2015, UBND tỉnh ban hành Công văn (HỎA TỐC) số 29/UBND-NC về việc tổ chức khảo sát", "hoa_toc"),
        ("Công văn số 5/SYT-NV (Thượng khẩn)", "thuong_khan"),
    ),
    _rule(
        "kind", rf"\b{_KINDS}\s+{_LEVEL}{_NOT_A_WORD_OF_THE_TEXT}",
        ("CÔNG ĐIỆN HỎA TỐC\nVề việc ứng phó bão số 3", "hoa_toc"),
        ("• THÔNG BÁO KHẨN", "khan"),
        ("UBND tỉnh có công văn khẩn đề nghị các sở rà soát", "khan"),
        ("THÔNG BÁO KHẨN TRƯƠNG TRIỂN KHAI", None),
        ("**THỦ TƯỚNG CHÍNH PHỦ điện:**", None),
    ),
    _rule(
        "lead", rf"^[^\w\n]*{_LEVEL}\s*[:!–—-]",
        ("• KHẨN: Triển khai Công văn 1890/SGDĐT-CTTT ngày 03/11/2025", "khan"),
        ("HỎA TỐC - Đề nghị báo cáo số liệu thiệt hại trước 15 giờ", "hoa_toc"),
        ("Khẩn trương: hoàn thành trước 15/12", None),
    ),
)


def _level(said: str) -> Urgency:
    folded = " ".join(said.lower().split())
    if "tốc" in folded:
        return "hoa_toc"
    return "thuong_khan" if folded.startswith("thượng") else "khan"


def header_area(text: str, *, normalized: bool = False) -> str:
    """The first lines of a dispatch, up to its "Kính gửi" (normalised, one string).

    `normalized`: the text is already `normalize`d (extract has it), so it is not cleaned twice.
    """
    lines: list[str] = []
    head = text[:HEAD_CHARS] if normalized else normalize(text[:HEAD_CHARS])
    for line in head.split("\n"):
        if _RECIPIENTS.match(line):
            break
        if line.strip():
            lines.append(line)
            if len(lines) == HEAD_LINES:
                break
    return "\n".join(lines)


def read_urgency(text: str, rules: tuple[Rule, ...] = RULES, *, normalized: bool = False) -> Urgency | None:
    """The most urgent mark printed in the header area of a dispatch, or None (an ordinary dispatch)."""
    head = header_area(text, normalized=normalized)
    found = [_level(m.group("level")) for rule in rules for m in rule.pattern.finditer(head)]
    return min(found, key=URGENCY_ORDER.__getitem__) if found else None
