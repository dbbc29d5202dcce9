"""Generate dispatch files (text PDF, DOCX, scanned PDF, phone photo) from a dispatch text.

Used by tests/test_readers.py and bench/read.py. Everything is made in memory from a text;
nothing is downloaded or committed. Needs fpdf2, python-docx, Pillow and DejaVu fonts
(Debian fonts-dejavu-core).
"""

from __future__ import annotations

import difflib
import io
import random
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
DEV_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "dispatches" / "dev"

A4_MM = (210.0, 297.0)
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?=\S)(.+?)(?<=\S)\*(?![*\w])")
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FOOTNOTE_LINE = re.compile(rf"^([{_SUPERSCRIPTS}]+)\s+(.*)$")
_RIGHT_COLUMN = re.compile(r"^(CỘNG HÒA|CỘNG HOÀ|Độc lập|(?!Số)[^:|]+, ngày \d{1,2} tháng \d{1,2})")
_HEADER_END = re.compile(r"^(V/v|Kính gửi)")


def dispatch_text(path: Path) -> str:
    """The text of a corpus file: without its '#source:' line and the blank line after it."""
    raw = path.read_text(encoding="utf-8")
    return raw.split("\n", 2)[2] if raw.startswith("#source:") else raw


def dev_dispatches() -> list[tuple[str, str]]:
    """(name, text) of every dev dispatch; empty when the shared corpus is not there."""
    if not DEV_CORPUS.is_dir():
        return []
    return [(p.stem, dispatch_text(p)) for p in sorted(DEV_CORPUS.glob("*.txt"))]


def plain(line: str) -> str:
    """A line without markdown emphasis markers (what a PDF or a scan would show)."""
    return _ITALIC.sub(r"\1", _BOLD.sub(r"\1", line))


def words(text: str) -> list[str]:
    """Words for comparing texts across formats: NFC, lower case, no footnote marks or markdown."""
    text = unicodedata.normalize("NFC", text).translate(str.maketrans("", "", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾*"))
    return re.findall(r"\w+", text.lower())


def word_accuracy(read_back: str, original: str) -> float:
    """Similarity (0..1) of the word sequences of a text read back and its source."""
    a, b = words(read_back), words(original)
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def superscript(n: int) -> str:
    return "".join(_SUPERSCRIPTS[int(d)] for d in str(n))


# --- text PDF ---------------------------------------------------------------------------------


def text_pdf(text: str, *, owner_password: str | None = None, user_password: str | None = None) -> bytes:
    """An A4 PDF with a text layer: one source line per PDF line, long lines wrapped."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(20, 15, 15)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=12)
    if owner_password is not None:
        pdf.set_encryption(owner_password=owner_password, user_password=user_password)
    pdf.add_page()
    for line in text.split("\n"):
        line = plain(line).rstrip()
        if line.strip():
            pdf.multi_cell(0, 6, line, align="L", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(6)
    return bytes(pdf.output())


# --- DOCX -------------------------------------------------------------------------------------


@dataclass
class DocxLayout:
    """How a dispatch text is laid out in the generated DOCX."""

    header_rows: list[tuple[str, str]] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)  # in reference order

    def reading_order(self) -> str:
        """The text a faithful DOCX reader gives: header cells row by row, body, footnotes."""
        out = [cell for row in self.header_rows for cell in row if cell.strip()]
        n = 0
        for line in self.body:
            pieces = []
            pos = 0
            for m in _MARKER.finditer(line):
                if n == len(self.footnotes):
                    break
                n += 1
                pieces += [line[pos : m.start()], superscript(n)]
                pos = m.end()
            out.append("".join(pieces) + line[pos:])
        out += [f"{superscript(i)} {plain(f)}" for i, f in enumerate(self.footnotes, 1)]
        return "\n".join(plain(x) for x in out)


def docx_layout(text: str, *, footnote: str | None = None) -> DocxLayout:
    """Split a dispatch: header lines (before V/v or Kính gửi) into two columns, footnote lines out."""
    lines = text.split("\n")
    head_end = 0
    nonempty = 0
    for i, line in enumerate(lines):
        if _HEADER_END.match(line.strip()):
            head_end = i
            break
        nonempty += bool(line.strip())
        if nonempty > 12:
            break
    left: list[str] = []
    right: list[str] = []
    for line in lines[:head_end]:
        if line.strip():
            (right if _RIGHT_COLUMN.match(line.strip()) else left).append(line.strip())
    rows = [
        (left[i] if i < len(left) else "", right[i] if i < len(right) else "")
        for i in range(max(len(left), len(right)))
    ]
    body: list[str] = []
    notes: list[str] = []
    for line in lines[head_end:]:
        m = _FOOTNOTE_LINE.match(line.strip())
        if m:
            notes.append(m.group(2))
        else:
            body.append(line)
    if footnote is not None:
        notes.append(footnote)
    marked = sum(len(_MARKER.findall(b)) for b in body)
    if len(notes) > marked:  # a note without a marker: reference it from the first body line
        for j, b in enumerate(body):
            if b.strip():
                body[j] = b.rstrip() + "".join(superscript(k) for k in range(marked + 1, len(notes) + 1))
                break
    return DocxLayout(rows, body, notes)


_MARKER = re.compile(rf"(?<=\S)(⁽[{_SUPERSCRIPTS}]+⁾|[{_SUPERSCRIPTS}]+)")


def _runs(line: str) -> Iterator[tuple[str, bool, bool]]:
    """(text, bold, italic) pieces of a line with markdown emphasis."""
    pos = 0
    pattern = re.compile(rf"{_BOLD.pattern}|{_ITALIC.pattern}")
    for m in pattern.finditer(line):
        if m.start() > pos:
            yield line[pos : m.start()], False, False
        if m.group(1) is not None:
            yield m.group(1), True, False
        else:
            yield m.group(2), False, True
        pos = m.end()
    if pos < len(line):
        yield line[pos:], False, False


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def docx(text: str, *, footnote: str | None = None) -> bytes:
    """A DOCX: header block in a 2-column table, body paragraphs, footnotes in word/footnotes.xml."""
    return docx_from_layout(docx_layout(text, footnote=footnote))


def docx_from_layout(layout: DocxLayout) -> bytes:
    import docx as python_docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = python_docx.Document()
    if layout.header_rows:
        table = doc.add_table(rows=0, cols=2)
        for left, right in layout.header_rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, (left, right), strict=True):
                _add_runs(cell.paragraphs[0], value)
    note_no = 0
    for line in layout.body:
        para = doc.add_paragraph()
        pos = 0
        for m in _MARKER.finditer(line):
            if note_no == len(layout.footnotes):
                break
            _add_runs(para, line[pos : m.start()])
            note_no += 1
            run = OxmlElement("w:r")
            ref = OxmlElement("w:footnoteReference")
            ref.set(qn("w:id"), str(note_no))
            run.append(ref)
            para._p.append(run)
            pos = m.end()
        _add_runs(para, line[pos:])
    buf = io.BytesIO()
    doc.save(buf)
    return _add_footnotes_part(buf.getvalue(), layout.footnotes) if layout.footnotes else buf.getvalue()


def _add_runs(paragraph: object, line: str) -> None:
    for piece, bold, italic in _runs(line):
        run = paragraph.add_run(piece)  # type: ignore[attr-defined]
        run.bold = bold or None
        run.italic = italic or None


def _xml_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _add_footnotes_part(data: bytes, notes: list[str]) -> bytes:
    """Write word/footnotes.xml and wire it in (python-docx has no footnote API)."""
    body = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {_xml_escape(plain(n))}</w:t></w:r></w:p>'
        "</w:footnote>"
        for i, n in enumerate(notes, 1)
    )
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{_W}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
        f"</w:p></w:footnote>{body}</w:footnotes>"
    )
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    f'<Override PartName="/word/footnotes.xml" ContentType="{_FOOTNOTES_CT}"/></Types>'.encode(),
                )
            elif item.filename == "word/_rels/document.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rIdFootnotes1" Type="{_FOOTNOTES_REL}" Target="footnotes.xml"/>'
                    "</Relationships>".encode(),
                )
            dst.writestr(item, content)
        dst.writestr("word/footnotes.xml", footnotes)
    return out.getvalue()


# --- scans and photos -------------------------------------------------------------------------


def page_images(text: str, *, dpi: int = 200, font_pt: float = 12.0) -> list[Image.Image]:
    """The text typeset on white A4 pages (grayscale) at `dpi`, wrapping long lines."""
    width, height = round(A4_MM[0] / 25.4 * dpi), round(A4_MM[1] / 25.4 * dpi)
    left, right, top = round(20 / 25.4 * dpi), round(15 / 25.4 * dpi), round(15 / 25.4 * dpi)
    font = ImageFont.truetype(str(FONT), round(font_pt * dpi / 72))
    line_h = round(font_pt * 1.45 * dpi / 72)
    usable = width - left - right
    pages: list[Image.Image] = []
    page, draw, y = _new_page(width, height, top)
    for source in text.split("\n"):
        for line in _wrap(plain(source).strip(), font, usable) or [""]:
            if y + line_h > height - top:
                pages.append(page)
                page, draw, y = _new_page(width, height, top)
            if line:
                draw.text((left, y), line, font=font, fill=0)
            y += line_h
    pages.append(page)
    return pages


def _new_page(width: int, height: int, top: int) -> tuple[Image.Image, ImageDraw.ImageDraw, int]:
    page = Image.new("L", (width, height), 255)
    return page, ImageDraw.Draw(page), top


def _wrap(line: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    if not line:
        return []
    out: list[str] = []
    current = ""
    for word in line.split():
        candidate = f"{current} {word}" if current else word
        if current and font.getlength(candidate) > width:
            out.append(current)
            current = word
        else:
            current = candidate
    out.append(current)
    return out


def scanned_pdf(text: str, *, dpi: int = 200, max_pages: int | None = None) -> bytes:
    """An image-only PDF (no text layer) of the text scanned at `dpi`, JPEG-compressed like a scanner."""
    pages = page_images(text, dpi=dpi)[:max_pages]
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=pages[1:], quality=85)
    return out.getvalue()


PHOTO_DPI = 220


def page_count(text: str, *, dpi: int = 200) -> int:
    return len(page_images(text, dpi=dpi))


def photo_jpeg(text: str, *, page: int = 0, seed: int = 0, angle: float = 1.5, quality: int = 70) -> bytes:
    """A phone-photo-like JPEG of one page: paper on a desk, slight rotation, noise, blur."""
    rng = random.Random(seed + page)
    sheet = page_images(text, dpi=PHOTO_DPI)[page]
    # uneven lighting: the paper gets a little darker towards one side
    shade = Image.linear_gradient("L").rotate(90).resize(sheet.size).point(lambda v: 255 - v // 5)
    sheet = Image.composite(sheet, Image.new("L", sheet.size, 0), shade)
    margin = sheet.width // 14
    desk = Image.new("L", (sheet.width + 2 * margin, sheet.height + 2 * margin), 60)
    desk.paste(sheet, (margin, margin))
    photo = desk.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=60)
    photo = Image.blend(photo, Image.effect_noise(photo.size, 48), 0.12)
    photo = photo.filter(ImageFilter.GaussianBlur(0.7 + 0.3 * rng.random()))
    rgb = Image.merge("RGB", (photo, photo, photo.point(lambda v: max(0, v - 10))))
    out = io.BytesIO()
    rgb.save(out, "JPEG", quality=quality)
    return out.getvalue()
