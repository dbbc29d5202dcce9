"""The anatomy of a dispatch: header metadata, recipients, body paragraphs, signer.

The body is cut into blocks (paragraphs): a new block starts at a blank line, at a list marker
("1.", "II.", "a)", "-", "+", "•") or after a line that ends a sentence. Hard-wrapped lines inside a
sentence are joined. Footnote bodies, page chrome, the distribution list (Nơi nhận) and the signer
block are left out of the body.
"""

from __future__ import annotations

import re
from functools import cache

from dispatch.core.rules import agency_data, alternation, opening, rules
from dispatch.core.text import collapse, fold, is_footnote_line
from dispatch.doers.agencybook import book
from dispatch.doers.assign import heading_agencies
from dispatch.layout.blocks import aims_heading
from dispatch.layout.document import Block, Document
from dispatch.layout.header import PLACE_DATE_OPENING, read_header, read_signer, starts
from dispatch.layout.table import read_rows

_MARKER = re.compile(
    r"^\s*(?:(?P<roman>[IVX]{1,4})\s*(?:[.)]|[-–](?=\s))|(?P<num>(?:Điều\s+)?\d{1,2}(?:\.\d{1,2})*)\s*[.):](?!\d)|"
    r"(?P<letter>[a-zđ])\s*[).](?=\s)|"
    r"(?P<bullet>[-+•–*▪●◦]))\s+"
)
# A list mark alone on its line ("**2.**" over its text when the bold was split): the mark of the next line.
_LONE_MARKER = re.compile(r"^\s*(?:[IVX]{1,4}|\d{1,2}(?:\.\d{1,2})*|[a-zđ]|Điều\s+\d{1,3})\s*[.)]\s*$")
_SENTENCE_END = re.compile(r"[.;:!?…]\s*$|\./\.\s*$")


def _is_end(line: str) -> bool:
    s = line.strip()
    if starts(s, rules().structure.end_markers):
        return True
    return s.isupper() and starts(s, rules().structure.signer_prefixes)


def _is_chrome(line: str) -> bool:
    st = rules().structure
    f = fold(line)
    return opening(st.skip_lines, r"\s*(?:[\s:.].*)?$").match(f) is not None or _contains(st.skip_containing).search(
        f
    ) is not None


@cache
def _contains(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{alternation(phrases)})")  # "ảnh: " is a caption, "hoàn thành: " is not


def parse(text: str) -> Document:
    """Header metadata and body blocks of a normalised dispatch text."""
    doc = Document()
    raw = text.split("\n")
    lines = _unwrap(raw, _full_width(raw))
    start = read_header(doc, lines, "\n".join(lines))
    end = len(lines)
    for i in range(start, len(lines)):
        if _is_end(lines[i]):
            end = i
            break
        if "./." in lines[i]:
            lines = [*lines[:i], lines[i].split("./.")[0] + ".", *lines[i + 1 :]]
            end = i + 1
            break
    appendix, stop = _appendix(lines, end)
    read_signer(doc, lines[end:appendix])
    doc.blocks = _blocks(lines[start:end])
    if appendix < stop:
        doc.appendix = len(doc.blocks)
        doc.blocks += _blocks(lines[appendix:stop], len(doc.blocks) and doc.blocks[-1].paragraph + 1)
    return doc


def _appendix(lines: list[str], end: int) -> tuple[int, int]:
    """Where an appendix after the distribution list and the signer starts and ends (len(lines) twice if none)."""
    st = rules().structure
    for i in range(end, len(lines)):
        s = lines[i].strip()
        if i > end and _is_end(s) and not starts(s, st.distribution) and not starts(s, st.signer_prefixes):
            break  # page chrome after the document
        if s[:1].isalpha() and (_appendix_opening().match(fold(s)) or _attached(lines, i)):
            stop = next((j for j in range(i + 1, len(lines)) if _is_end(lines[j])), len(lines))
            return i, stop
    return len(lines), len(lines)


def _attached(lines: list[str], i: int) -> bool:
    """Whether lines[i] titles a document issued with the decision above it ("KẾ HOẠCH" ... "(Kèm theo ...")."""
    st = rules().structure
    s = lines[i].strip()
    if not (s.isupper() and opening(st.attached_documents, r"\s*$").match(fold(s))):
        return False
    near = [x.strip(" *(") for x in lines[i + 1 : i + 8] if x.strip()][:4]
    return any(opening(st.attached_marks, r"\b").match(fold(x)) for x in near)


@cache
def _appendix_opening() -> re.Pattern[str]:
    return opening(rules().structure.appendix, r"(?![a-z])")


_OPEN_END = frozenset(
    "của và với các những cho theo tại trong về để là có được số ngày tháng năm đến từ hoặc cùng như "
    "tỉnh huyện xã phường sở bộ ban ubnd ủy uỷ ban nhân dân thành phố thị xã giao yêu cầu đề nghị "
    "phối hợp chủ trì trước sau".split()
)


# a person's title at the end of a sentence-case line, whose body is the next line's start
_TITLE_END = re.compile(r"(?:\b(?:bo|thu|cuc|vu|vien|chanh|hieu)\s+truong|\bgiam\s+doc|\bchu\s+tich|\bchu\s+nhiem)$")


def _unwrap(lines: list[str], full: int) -> list[str]:
    """Lines with hard wraps inside sentences joined back (PDF, OCR and portal text)."""
    out: list[str] = []
    last_len = 0  # length of the last physical line, to tell a wrapped line from a short one
    for raw in lines:
        line = raw.strip()
        prev = out[-1] if out else ""
        if line and _LONE_MARKER.match(prev):
            out[-1] = f"{prev.strip()} {line}"
            continue
        if (
            prev.strip()
            and line
            and "|" not in line
            and "|" not in prev
            and not _MARKER.match(line)
            and not is_footnote_line(line)
            and not is_footnote_line(prev)
            and not _opens_part(line)
            and _continues(prev, line, full, last_len)
        ):
            out[-1] = f"{prev.rstrip()} {line}"
        else:
            out.append(raw.rstrip())
        last_len = len(line)
    return out


def _opens_part(line: str) -> bool:
    """ "Kính gửi:", "Nơi nhận:", the motto and the place-date line always start a line of their own."""
    st = rules().structure
    if starts(line, st.recipients) or starts(line, st.end_markers):
        return True
    if line.isupper():
        return fold(line).startswith(_MOTTO)
    return "ngày" in line and PLACE_DATE_OPENING.match(line) is not None


@cache
def _head_end() -> re.Pattern[str]:
    heads = "|".join(re.escape(h) for h in sorted(agency_data().heads_capitalised, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{heads})$")


def _ends_with_head(tail: str) -> bool:
    return _head_end().search(tail) is not None


def _opens_body(prev: str, line: str) -> bool:
    """ "Kính gửi: Các đồng chí Bộ trưởng, Thủ trưởng cơ quan ngang Bộ" / "Thực hiện Kết luận ...": the body's
    first sentence right under the recipients, not the wrap of their list."""
    st = rules().structure
    return starts(prev.lstrip(" -*"), st.recipients) and starts(line, st.basis_openers)


_MOTTO = ("cong hoa xa hoi chu nghia", "doc lap - tu do")


def _continues(prev: str, line: str, full: int, last_len: int | None = None) -> bool:
    """Whether `line` continues the sentence of `prev` (a hard wrap) rather than starting a block."""
    first = line[:1]
    if first.islower() or first in ",;)/.":
        return True
    tail = prev.rstrip()
    if tail.endswith(":"):
        return False
    if first.isupper() and _opens_body(prev, line):
        return False
    head = _MARKER.sub("", tail, count=1)  # the line without its list mark
    if len(tail) < 30 and aims_heading(head):
        return False  # "2. Yêu cầu" over its text is a heading, not "Yêu cầu các cơ quan ..."
    if head.isupper() and not line.isupper():
        return False  # "I. MỤC ĐÍCH, YÊU CẦU" is a heading in capitals, the sentence-case line after it is not its wrap
    if head.isupper() and line.isupper() and head != tail and len(head.split()) <= 2 and (mark := _MARKER.match(tail)) and mark.group("roman"):
        return True  # "II. MỤC" / "ĐÍCH, YÊU CẦU", "IV. NỘI" / "DUNG HOẠT ĐỘNG": a part's title wrapped after its mark
    if first.isupper() and (_ends_with_head(tail) or tail.endswith(" Việt")):
        # "5. Cục" / "Di sản văn hóa: Chủ trì ...", "6. Đề nghị: Hiệp hội" / "Doanh nghiệp tỉnh, ...": a body's
        # head word never ends a sentence, its name is on the next line; nor does "Việt" ("Tổ quốc Việt" / "Nam")
        return True
    width = len(prev) if last_len is None else last_len
    if (
        first.isupper()
        and (full == 0 or width < full)
        and len(tail) <= 160
        and heading_agencies(head) is not None
    ):
        # "2. Đối với Công an tỉnh" over "Tăng cường ...": a short heading, not a wrapped line
        return _name_runs_on(head, line)
    if first.isupper() and _name_runs_on(head, line):
        return True  # "d) Ủy ban nhân dân các tỉnh, thành phố: Tuyên" / "Quang, Đồng Nai, ..."
    if tail.endswith((",", "-", "–", "(")) or tail.split()[-1].lower() in _OPEN_END:
        return True
    if not tail.isupper() and _TITLE_END.search(fold(tail)):
        return True  # "Theo đề nghị của Bộ trưởng" / "Bộ Công an.": a title's body follows it
    if tail.count("(") > tail.count(")") and ")" in line.split("(")[0]:
        return True  # "... về Ban Chỉ đạo *(qua" / "Bộ Nội vụ)* trước Thứ Tư ...": the bracket closes on the next line
    return full > 0 and width >= full and not _SENTENCE_END.search(tail)


def _name_runs_on(head: str, line: str) -> bool:
    """Whether a name of `head` goes on into `line` ("... Đài Tiếng nói Việt" / "Nam, Thông tấn xã ...",
    "b) Bộ Tài chính và Ngân hàng" / "Nhà nước Việt Nam nghiên cứu ..."): a name read across the break."""
    if head.isupper():
        return False  # a header in capitals ("UBND TỈNH QUẢNG NINH" / "SỞ Y TẾ") is lines of their own
    h = head.rstrip()[-120:]  # a name read across the break starts near its end (a paragraph may be long)
    # a known name read across the break ("Ngân hàng" / "Nhà nước Việt Nam"); an unknown body only when the
    # word after the break is closed by punctuation or followed by another capitalised word ("Việt" / "Nam, ..."),
    # not when it is the capitalised first word of a sentence ("Cục Hợp tác quốc tế" / "Khẩn trương hoàn thành")
    if opening(rules().assignment.predicate_starts).match(fold(line)):
        return False  # "Giao Công an Thành phố" / "Chỉ đạo Công an các phường ...": the job after the name
    words = line.split(maxsplit=2)
    name_like = bool(words) and (words[0][-1:] in ",;.:" or (len(words) > 1 and words[1][:1].isupper()))
    joined = f"{h} {line[:80]}"
    return any(m.start < len(h) < m.end and (m.kinds or name_like) for m in book().mentions(joined))


def _full_width(lines: list[str]) -> int:
    """Length from which a line looks hard-wrapped (0 when the text is not wrapped)."""
    lengths = sorted(len(x.strip()) for x in lines if x.strip())
    if len(lengths) < 5:
        return 0
    p90 = lengths[int(len(lengths) * 0.9) - 1]
    return int(p90 * 0.75) if 50 <= p90 <= 200 else 0


def _blocks(lines: list[str], paragraph: int = 0) -> list[Block]:
    full = _full_width(lines)
    blocks: list[Block] = []
    buf: list[str] = []
    kind, marker = "plain", ""
    in_footnote = False
    table: list[list[str]] = []  # the rows of a task table (normalize left "|" in them only)

    def flush_table() -> None:
        for row in read_rows(table):
            blocks.append(Block(row.content, "row", "", paragraph, (row.lead, row.coordinate, row.due)))
        table.clear()

    def flush() -> None:
        nonlocal buf
        body = collapse(" ".join(buf))
        if body:
            blocks.append(Block(body, kind, marker, paragraph))
        buf = []

    for raw in lines:
        line = raw.strip()
        if "|" in line:
            flush()
            in_footnote = False
            table.append(line.split("|"))
            continue
        if table:
            flush_table()
            paragraph += 1
        if not line:
            flush()
            in_footnote = False
            paragraph += 1
            continue
        if is_footnote_line(line):
            flush()
            in_footnote = True
            continue
        if in_footnote or _is_chrome(line):
            continue
        m = _MARKER.match(line)
        if m and not (m.group("roman") and len(line) < 4):
            flush()
            kind = next(k for k in ("roman", "num", "letter", "bullet") if m.group(k))
            marker = m.group(0).strip()
            buf = [line[m.end() :]]
            continue
        if buf and not _continues(buf[-1], line, full):
            flush()
            kind, marker = "plain", ""
        elif not buf:
            kind, marker = "plain", ""
        buf.append(line)
    flush()
    flush_table()
    return blocks
