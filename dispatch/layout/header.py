"""Header metadata of a dispatch: number, place and date, issuer, subject, recipients, signer.

Read from the header block when there is one ("Số: 3413/UBND-TH", "Thái Nguyên, ngày 22 tháng 7 năm
2021", "V/v ..."), otherwise from prose ("Ngày 19/11/2021, UBND tỉnh đã có văn bản số 5749/UBND-TH").
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from dispatch.core.rules import opening, rules
from dispatch.core.text import collapse, fold
from dispatch.doers.agencybook import book
from dispatch.layout.document import Document
from dispatch.layout.sentences import starts_with
from dispatch.model import Signer

_NUMBER = r"\d{1,6}(?:-[A-ZĐ][A-Za-zĐđ]*)?(?:\s*/\s*\d{4})?\s*/\s*[A-ZĐ][\wĐđ&.\-]*[\wĐđ]"
_NUMBER_HEAD = re.compile(rf"^\s*Số\s*:?\s*(?P<n>{_NUMBER})", re.MULTILINE)
_DOC_TYPES = r"(?:Công văn|công văn|văn bản|Văn bản|Công điện|công điện|Thông báo|thông báo|Chỉ thị|Kế hoạch)"
_ISSUED_TYPES = (
    r"(?:Công văn|công văn|văn bản|Văn bản|Công điện|công điện|Thông báo|thông báo|Chỉ thị|chỉ thị|Kế hoạch|kế hoạch|"
    r"Quyết định|quyết định|Kết luận|kết luận|Hướng dẫn|hướng dẫn|Thông báo kết luận|thông báo kết luận)"
)
_NUMBER_ISSUED = re.compile(
    rf"(?:ban hành|đã có|có|vừa có|ký|gửi|phát hành)\s+{_ISSUED_TYPES}(?:\s*\([^)]{{0,30}}\))?\s*(?:số\s*)?(?P<n>{_NUMBER})"
)
_NUMBER_ANY = re.compile(rf"{_DOC_TYPES}(?:\s*\([^)]{{0,30}}\))?\s*(?:số\s*)?(?P<n>{_NUMBER})")
_DATE_NUM = r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})"
_DATE_WORDS = r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
_PLACE_DATE = re.compile(rf",\s*(?:{_DATE_WORDS}|ngày\s+{_DATE_NUM})")
# "Nam Định ngày 5 tháng 6 năm 2023": the comma is sometimes lost; then the place opens the line.
# A line that opens with the place and date ("Cà Mau, ngày 11 tháng 11 năm 2025") wraps no sentence.
PLACE_DATE_OPENING = re.compile(rf"^\s*[A-ZĐÀ-Ỹ]\w*(?:\s+\w+){{0,3}}\s*,\s*(?:{_DATE_WORDS}|ngày\s+{_DATE_NUM})")
_PLACE_DATE_LINE = re.compile(rf"^\s*(?P<place>(?:[A-ZĐ]\w+\s+){{1,3}})(?:{_DATE_WORDS}|ngày\s+{_DATE_NUM})\s*\.?\s*$")

def starts(line: str, phrases: tuple[str, ...]) -> bool:
    """Whether `line` (folded, after list marks) opens with one of `phrases`."""
    return opening(phrases, "").match(fold(line)) is not None


def _title_words_before(line: str, end: int) -> str | None:
    words = line[:end].split()
    place: list[str] = []
    for w in reversed(words):
        if w[:1].isupper() and (len(w) == 1 or w[1:].islower()) and w.isalpha():
            place.insert(0, w)
        else:
            break
    return " ".join(place) if place else None


def _mkdate(y: str, m: str, d: str) -> date | None:
    try:
        got = date(int(y), int(m), int(d))
    except ValueError:
        return None
    return got if 1990 <= got.year <= 2100 else None


def read_header(doc: Document, lines: list[str], text: str) -> int:
    """Fill header metadata; return the index of the first body line."""
    head_limit = max(30, len(lines) // 3)
    body_start = 0
    for i, line in enumerate(lines[:head_limit]):
        m = _NUMBER_HEAD.search(line)
        if m and doc.number is None:
            doc.number = re.sub(r"\s+", "", m.group("n"))
            body_start = max(body_start, i + 1)
        pd = _PLACE_DATE.search(line) or _PLACE_DATE_LINE.match(line)
        if pd and doc.issued is None:
            g = pd.groups()[-6:]
            got = _mkdate(g[2], g[1], g[0]) if g[0] else _mkdate(g[5], g[4], g[3])
            place = _title_words_before(line, pd.start()) if pd.re is _PLACE_DATE else pd.group("place").strip()
            if place and (
                starts_with(place, rules().assignment.adverbial_openers)
                or re.search(r"\b(?:[Tt]hứ|[Cc]hủ)\s*$", line[: line.find(place)])  # "trước thứ Sáu, ngày ..."
            ):
                place = None
            if got and place:
                doc.issued, doc.place = got, place
                body_start = max(body_start, i + 1)
    if doc.issued is None:  # a place-date line wrapped over two lines
        joined = " ".join(x.strip() for x in lines[:head_limit])
        pd = _PLACE_DATE.search(joined)
        if pd:
            g = pd.groups()
            got = _mkdate(g[2], g[1], g[0]) if g[0] else _mkdate(g[5], g[4], g[3])
            place = _title_words_before(joined, pd.start())
            if got and place:
                doc.issued, doc.place = got, place
    _subject(doc, lines[:head_limit])
    body_start = max(body_start, _recipients(doc, lines[:head_limit]))
    _issuer(doc, lines[: min(head_limit, 8)])
    if doc.number is None:
        _number_from_appendix(doc, text)
    if doc.number is None:
        _number_from_prose(doc, text)
    if doc.issued is None:
        doc.issued = _issued_from_prose(text)
    if doc.subject is None:
        _subject_from_prose(doc, text)
    return body_start


_TYPES_CAPS = r"(?:CÔNG ĐIỆN|KẾ HOẠCH|THÔNG BÁO|CHỈ THỊ|QUYẾT ĐỊNH|BÁO CÁO|TỜ TRÌNH|CÔNG VĂN)"
_DOC_TITLE = re.compile(rf"^\s*{_TYPES_CAPS}\s*$")
# "CHỈ THỊ VỀ LẬP KẾ HOẠCH ...", a portal's "CÔNG ĐIỆN thống kê thiệt hại ...": the type and its title on one line
_DOC_TITLE_LINE = re.compile(rf"^\s*{_TYPES_CAPS}\s+(?=\w)(?!.*:\s*$)")
# A portal's restatement: "UBND tỉnh vừa ban hành công văn về việc <subject>."
_SUBJECT_PROSE = re.compile(
    r"\b(?:ban hành|vừa có|đã có|có|gửi|ký|phát hành)\s+(?:[Cc]ông văn|[Vv]ăn bản|[Cc]ông điện|[Cc]hỉ thị|[Kk]ế hoạch|[Tt]hông báo|[Qq]uyết định)\b[^.\n]{0,200}?"
    r"\s(?:về việc|V/v|v/v)\s+(?P<s>[^\n]{5,300}?)\.?(?=\.\s|\n|$)"
)


_V_V = re.compile(r"^\s*(?:V/v|V/V|v/v|Về việc)\s*:?\s*(.*)$")
# "CHỈ THỊ / VỀ TĂNG CƯỜNG ...", "CÔNG ĐIỆN / VỀ VIỆC TẬP TRUNG ...": the title's own "về (việc)" is not the subject
_TITLE_ABOUT = re.compile(r"^\s*(?:V/v|V/V|v/v|[Vv]ề\s+việc|VỀ\s+VIỆC|[Vv]ề|VỀ)?\s*:?\s*(.*)$")


def _ends_subject(s: str, *, titled: bool = False) -> bool:
    """Whether header line `s` opens what follows the subject (recipients, date, the body's first item)."""
    return (not titled and len(s) > 120) or bool(
        starts(s, rules().structure.recipients)
        or _PLACE_DATE.search(s)
        or _NUMBER_HEAD.match(s)
        or re.match(r"^(?:[IVX]{1,4}|\d{1,2})\s*[.)]\s", s)  # the body's first part or item
        or s.endswith(":")
    )


def _subject(doc: Document, lines: list[str]) -> None:
    """The subject: a "V/v ..." line, or the title under the document type ("CHỈ THỊ / Về tăng cường ...").

    A title runs over the lines that keep its case (a title in capitals wraps in capitals) up to a blank line;
    a "V/v" line runs on over its wrapped lines.
    """
    for i, line in enumerate(lines):
        m = _V_V.match(line)
        titled = False
        one_line = _DOC_TITLE_LINE.match(line) if not m else None
        if one_line:
            m, titled = _TITLE_ABOUT.match(line[one_line.end() :]), True
        elif not m and _DOC_TITLE.match(line):
            j = next((k for k in range(i + 1, min(i + 4, len(lines))) if lines[k].strip()), None)
            if j is None or _ends_subject(lines[j].strip(), titled=True) or _DOC_TITLE.match(lines[j]):
                continue
            m, i, titled = _TITLE_ABOUT.match(lines[j]), j, True
        if not m:
            continue
        parts = [m.group(1)]
        capitals = lines[i].isupper()
        for nxt in lines[i + 1 : i + 8]:
            s = nxt.strip()
            if not s:
                if titled:
                    break
                continue
            if titled and ((s.isupper() != capitals and any(c.isalpha() for c in s)) or len(parts) >= 6):
                break
            if _ends_subject(s, titled=titled) or (not titled and ((s.isupper() and len(s) > 3) or len(parts) >= 4)):
                break
            parts.append(s)
        doc.subject = collapse(" ".join(parts)).strip(" .;*") or None
        return


def _subject_from_prose(doc: Document, text: str) -> None:
    """The "về việc ..." of the document the first lines of a restatement speak of."""
    m = _SUBJECT_PROSE.search(text[:1200])
    if m:
        doc.subject = collapse(m.group("s")).strip(" .;*")


def _recipients(doc: Document, lines: list[str]) -> int:
    for i, line in enumerate(lines):
        if not (starts(line, rules().structure.recipients) or re.search(r"\bđiện\s*:\s*$", line.strip())):
            continue
        rest = line.split(":", 1)[1].strip() if ":" in line else ""
        found = [rest] if rest else []
        j = i + 1
        while j < len(lines):
            s = lines[j].strip()
            if not s:
                j += 1
                continue
            if s[0] in "-+•" or (not found and len(s) < 120):
                found.append(s)
                j += 1
                continue
            break
        doc.recipients = [collapse(r.lstrip("-+• ").rstrip(";.,")) for r in found if r.lstrip("-+• ")]
        return j
    return 0


def _issuer(doc: Document, lines: list[str]) -> None:
    motto = ("cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc", "doc lap")
    parts = []
    for line in lines:
        s = line.strip()
        if not s:
            continue
        if _NUMBER_HEAD.match(s) or not any(c.isalpha() for c in s):
            break
        f = fold(s)
        for m in motto:
            k = f.find(m)
            if k != -1:
                s, f = s[:k].strip(), f[:k].strip()
        if s and s.isupper() and not _DOC_TITLE.match(s):
            parts.append(s)
        elif parts:
            break
    if not parts:
        return
    # "UBND TỈNH QUẢNG NINH / SỞ Y TẾ": the body above is the issuer's superior; the last line issues.
    # "UBND TỈNH THÁI NGUYÊN / VĂN PHÒNG" is the office of that body.
    if len(parts) >= 2 and _ISSUING_HEAD.match(fold(parts[-1])):
        superior, own = " ".join(parts[:-1]), parts[-1]
        parts = [own, superior] if _OFFICE_ONLY.fullmatch(fold(own)) else [own]
    name = _sentence_case(collapse(" ".join(parts)))
    found = book().mentions(name)
    if (found and found[0].start == 0) or _TOP_BODY.match(fold(name)) or _ISSUING_HEAD.match(fold(name)):
        doc.issuer = name  # not a page heading such as "THÔNG TIN CHỈ ĐẠO ĐIỀU HÀNH"


# Heads of a body that issues under a superior named on the line above it.
_ISSUING_HEAD = re.compile(r"(?:so|van phong|cuc|chi cuc|ban|phong|trung tam|vu|tong cuc|thanh tra|bo chi huy)\b")
_OFFICE_ONLY = re.compile(r"van phong")
_TOP_BODY = re.compile(r"(?:thu tuong|chinh phu|hoi dong|tinh uy|thanh uy|huyen uy|dang uy|ban chap hanh)\b")


def _sentence_case(name: str) -> str:
    """'ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN' -> 'UBND tỉnh Thái Nguyên': place names keep their capitals."""
    name = re.sub(r"(?:ỦY|UỶ) BAN NHÂN DÂN", "UBND", name)
    words, out, proper = name.split(), [], False
    for i, w in enumerate(words):
        if w in ("UBND", "HĐND"):
            out.append(w)
            proper = False
            continue
        out.append(w.capitalize() if i == 0 or proper else w.lower())
        proper = proper or w.lower() in ("tỉnh", "huyện", "xã", "phường", "phố", "trấn")
    return re.sub(r"(?<=\s)chính phủ\b", "Chính phủ", " ".join(out))


# An appendix names the dispatch it comes with: "(Kèm theo Công văn số 174/CV-BCĐ ngày 02 tháng 12 năm 2025 ...)"
_ATTACHED_TO = re.compile(
    rf"[Kk]èm\s+theo\s+{_ISSUED_TYPES}\s+số\s*(?P<n>{_NUMBER})\s*,?\s*(?:{_DATE_WORDS}|(?:ngày\s+)?{_DATE_NUM})"
)


def _number_from_appendix(doc: Document, text: str) -> None:
    """Number and date of a dispatch copied without its header, from the line heading its appendix."""
    m = _ATTACHED_TO.search(text)
    if m is None:
        return
    g = m.groups()[-6:]
    doc.number = re.sub(r"\s+", "", m.group("n"))
    doc.issued = doc.issued or (_mkdate(g[2], g[1], g[0]) if g[0] else _mkdate(g[5], g[4], g[3]))


def _number_from_prose(doc: Document, text: str) -> None:
    m = _NUMBER_ISSUED.search(text)
    if m is None:
        m = _NUMBER_ANY.search(text[:1500])
    if m is None:
        return
    doc.number = re.sub(r"\s+", "", m.group("n"))
    end = m.end()
    after = re.match(rf"\s*,?\s*(?:ngày\s+)?(?:{_DATE_NUM}|(\d{{1,2}})\s+tháng\s+(\d{{1,2}})\s+năm\s+(\d{{4}}))", text[end:])
    if after:
        g = after.groups()
        doc.issued = _mkdate(g[2], g[1], g[0]) if g[0] else _mkdate(g[5], g[4], g[3])
    else:
        sentence_start = max(text.rfind(".", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        before = text[sentence_start : m.start()]
        dates = list(re.finditer(rf"[Nn]gày\s+{_DATE_NUM}", before))
        if dates:
            g = dates[-1].groups()
            doc.issued = _mkdate(g[2], g[1], g[0])
        elif (day := _DAY_MONTH.search(before)) and (year := _common_year(text)):
            # "Ngày 21/ 5, UBND tỉnh ban hành Công văn số 846/UBND-TH ...": a restatement, the year it speaks of
            doc.issued = _mkdate(str(year), day.group(2), day.group(1))
    after_n = re.match(r"\s*,?\s*(?:về\s+việc|V/v|về)\s+([^\n.]{5,250})", text[end:])
    if after_n and doc.subject is None:
        subject = after_n.group(1)
        # A subject ends where a new clause opens ("... Hòn đá trắng Để có cơ sở ...").
        for clause in re.finditer(r"\s(?=[A-ZĐÀ-Ỹ])", subject):
            if starts_with(subject[clause.end() :], rules().assignment.adverbial_openers):
                subject = subject[: clause.start()]
                break
        doc.subject = collapse(subject)
    if doc.issued is None:
        doc.issued = None


_DAY_MONTH = re.compile(r"[Nn]gày\s+(\d{1,2})\s*[/-]\s*(\d{1,2})(?!\s*[/-]\s*\d)")


def _common_year(text: str) -> int | None:
    """The year a text without its own date speaks of most."""
    years = Counter(int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", text))
    return years.most_common(1)[0][0] if years else None


def _issued_from_prose(text: str) -> date | None:
    """'trong công văn ngày 4/6' with the year the text uses most."""
    m = re.search(r"(?:công văn|văn bản|công điện)\s+ngày\s+(\d{1,2})\s*/\s*(\d{1,2})(?!\s*/\s*\d)", text)
    year = _common_year(text) if m else None
    return _mkdate(str(year), m.group(2), m.group(1)) if m and year else None


def read_signer(doc: Document, lines: list[str]) -> None:
    """The signer block after the body: title lines in capitals, then the name."""
    title: list[str] = []
    name: str | None = None
    prefixes = rules().structure.signer_prefixes
    for line in lines:
        s = line.strip().strip("|").strip()
        if not s or s.startswith(("-", "+")):
            continue
        if s.isupper() and (title or starts(s, prefixes) or len(s) < 40):
            title.append(s)
            continue
        words = s.split()
        if title and 2 <= len(words) <= 5 and all(w[:1].isupper() and w.isalpha() for w in words):
            name = s
    if title and name:
        doc.signer = Signer(name=name, title=collapse(" ".join(title)))
