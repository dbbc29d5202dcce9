"""DOCX: body paragraphs and tables in document order, then footnotes, with zip/XML bomb guards."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from xml.etree import ElementTree as ET

from dispatch.errors import CorruptDocument, DocumentTooLarge, EmptyDocument, UnsupportedFormat
from dispatch.layout.table import SEP, columns
from dispatch.readers import messages
from dispatch.readers.numbering import Numbering
from dispatch.readers.result import Budget, Progress, ReadResult, report

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_DOCUMENT = "/officeDocument"
MAX_PART_BYTES = 16 * 1024 * 1024
"""A 300-page dispatch's document.xml is a few MB; anything bigger is not a dispatch."""
MAX_TOTAL_BYTES = 64 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_DEPTH = 40
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def superscript(n: int) -> str:
    return str(n).translate(_SUPERSCRIPT)


class _Package:
    """A DOCX zip checked for size before any part is decompressed or parsed."""

    def __init__(self, data: bytes) -> None:
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
            raise CorruptDocument(messages.CORRUPT_DOCX) from None
        if len(infos) > MAX_MEMBERS:
            raise DocumentTooLarge(messages.XML_BOMB)
        if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
            raise DocumentTooLarge(messages.XML_BOMB)
        self.names = {i.filename for i in infos}

    def read(self, name: str) -> bytes | None:
        if name not in self.names:
            return None
        try:
            info = self.zip.getinfo(name)
            if info.file_size > MAX_PART_BYTES:
                raise DocumentTooLarge(messages.XML_BOMB)
            with self.zip.open(info) as part:
                content = part.read(MAX_PART_BYTES + 1)  # the declared size may lie
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
            raise CorruptDocument(messages.CORRUPT_DOCX) from None
        if len(content) > MAX_PART_BYTES:
            raise DocumentTooLarge(messages.XML_BOMB)
        return content

    def xml(self, name: str) -> ET.Element | None:
        content = self.read(name)
        if content is None:
            return None
        if _DTD.search(content):  # OOXML parts never declare a DTD: entity expansion bombs do
            raise DocumentTooLarge(messages.XML_BOMB)
        try:
            return ET.fromstring(content)
        except ET.ParseError:
            raise CorruptDocument(messages.CORRUPT_DOCX) from None

    def related(self, source: str, kind: str) -> str | None:
        """Part name targeted from `source` by a relationship whose type ends with `kind`."""
        folder, base = posixpath.split(source)
        rels = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        if rels is None:
            return None
        for rel in rels.iter(f"{REL}Relationship"):
            if rel.get("Type", "").endswith(kind) and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                return posixpath.normpath(path)
        return None


def open_package(data: bytes) -> _Package:
    """The package, or UnsupportedFormat when the zip is not a Word document."""
    package = _Package(data)
    if "mimetype" in package.names and b"opendocument" in (package.read("mimetype") or b""):
        raise UnsupportedFormat(messages.OPEN_DOCUMENT)
    if "[Content_Types].xml" not in package.names:
        raise UnsupportedFormat(messages.NOT_A_DOCX)
    return package


class _Reader:
    """Walks WordprocessingML and yields lines in reading order."""

    def __init__(self, numbering: Numbering, footnotes: dict[str, ET.Element]) -> None:
        self.numbering = numbering
        self.footnotes = footnotes
        self.cited: list[str] = []  # footnote ids in order of first reference

    def blocks(self, parent: ET.Element, depth: int = 0) -> Iterator[str]:
        if depth > MAX_DEPTH:
            raise DocumentTooLarge(messages.XML_BOMB)
        for el in parent:
            if el.tag == f"{W}p":
                yield from self.paragraph(el, depth)
            elif el.tag == f"{W}tbl":
                rows = self.table(el, depth + 1)
                if any(columns(cells) is not None for cells in rows[:3]):
                    # a task table: one line per row, as a pasted table reads (dispatch.layout.table)
                    yield from (SEP.join(cells) for cells in rows)
                    continue
                # row by row, each cell's paragraphs in turn: a two-column header block reads
                # "ỦY BAN NHÂN DÂN ..." then "CỘNG HÒA XÃ HỘI ...", "Số: ..." then the place and date
                for row in el.findall(f"{W}tr"):
                    for cell in row.findall(f"{W}tc"):
                        yield from self.blocks(cell, depth + 1)
            elif el.tag in (
                f"{W}sdt",
                f"{W}sdtContent",
                f"{W}customXml",
                f"{MC}AlternateContent",
                f"{MC}Choice",
            ):
                yield from self.blocks(el, depth + 1)

    def table(self, tbl: ET.Element, depth: int) -> list[list[str]]:
        """The cells of each row on the grid: a merged cell's text under every column and row it spans."""
        out: list[list[str]] = []
        above: dict[int, str] = {}  # text of the cell that starts a vertical merge, by grid column
        for row in tbl.findall(f"{W}tr"):
            cells: list[str] = []
            for cell in row.findall(f"{W}tc"):
                props = cell.find(f"{W}tcPr")
                span, merge = 1, None
                if props is not None:
                    grid = props.find(f"{W}gridSpan")
                    span = int(grid.get(f"{W}val", "1")) if grid is not None and grid.get(f"{W}val", "").isdigit() else 1
                    vmerge = props.find(f"{W}vMerge")
                    merge = None if vmerge is None else vmerge.get(f"{W}val", "continue")
                col = len(cells)
                text = " ".join(" ".join(line.replace("|", "/").split()) for line in self.blocks(cell, depth + 1))
                if merge == "continue":
                    text = above.get(col, "")
                elif merge == "restart":
                    above[col] = text
                else:
                    above.pop(col, None)
                cells += [text] + [""] * (min(span, 64) - 1)
            out.append(cells)
        return out

    def paragraph(self, p: ET.Element, depth: int) -> Iterator[str]:
        parts: list[str] = []
        boxes: list[str] = []
        self._runs(p, parts, boxes, depth)
        text = "".join(parts)
        marker = self.numbering.marker(p) if text.strip() else ""
        yield f"{marker} {text}" if marker else text
        yield from boxes

    def _runs(self, el: ET.Element, parts: list[str], boxes: list[str], depth: int) -> None:
        if depth > MAX_DEPTH:
            raise DocumentTooLarge(messages.XML_BOMB)
        for child in el:
            tag = child.tag
            if tag == f"{W}t":
                parts.append(child.text or "")
            elif tag in (f"{W}tab", f"{W}ptab"):
                parts.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
            elif tag == f"{W}noBreakHyphen":
                parts.append("-")
            elif tag == f"{W}footnoteReference":
                note = child.get(f"{W}id", "")
                if note in self.footnotes:
                    if note not in self.cited:
                        self.cited.append(note)
                    parts.append(superscript(self.cited.index(note) + 1))
            elif tag == f"{W}txbxContent":
                boxes.extend(self.blocks(child, depth + 1))
            elif tag == f"{MC}AlternateContent":
                choice = child.find(f"{MC}Choice")  # the Fallback repeats the same content
                if choice is not None:
                    self._runs(choice, parts, boxes, depth + 1)
            elif tag in (f"{W}pPr", f"{W}rPr", f"{W}del", f"{W}moveFrom", f"{W}instrText", f"{W}delText"):
                continue
            else:
                self._runs(child, parts, boxes, depth + 1)

    def footnote_lines(self) -> Iterator[str]:
        for n, note in enumerate(self.cited, 1):
            lines = [line.strip() for line in self.blocks(self.footnotes[note])]
            lines = [line for line in lines if line]
            if lines:
                yield f"{superscript(n)} {lines[0]}"
                yield from lines[1:]


def _footnotes(package: _Package, document: str) -> dict[str, ET.Element]:
    name = package.related(document, "/footnotes") or "word/footnotes.xml"
    root = package.xml(name)
    if root is None:
        return {}
    return {
        note.get(f"{W}id", ""): note
        for note in root.findall(f"{W}footnote")
        if note.get(f"{W}type") in (None, "normal")
    }


def read_docx(data: bytes, *, budget: Budget, progress: Progress | None) -> ReadResult:
    """Body (paragraphs, tables, text boxes) in document order, then the cited footnotes."""
    package = open_package(data)
    document = package.related("", OFFICE_DOCUMENT) or "word/document.xml"
    root = package.xml(document)
    if root is None or root.tag != f"{W}document":  # a spreadsheet, a presentation, a broken package
        raise UnsupportedFormat(messages.NOT_A_DOCX)
    body = root.find(f"{W}body")
    if body is None:
        raise CorruptDocument(messages.CORRUPT_DOCX)
    numbering_part = package.related(document, "/numbering") or "word/numbering.xml"
    styles_part = package.related(document, "/styles") or "word/styles.xml"
    numbering = Numbering.parse(package.xml(numbering_part), package.xml(styles_part))
    reader = _Reader(numbering, _footnotes(package, document))
    budget.check()
    lines = list(reader.blocks(body))
    lines.extend(reader.footnote_lines())
    text = "\n".join(line.rstrip() for line in lines).strip("\n")
    if not text.strip():
        raise EmptyDocument(messages.EMPTY_DOCX)
    report(progress, 1, 1)
    return ReadResult(text=text, pages=1, methods=("docx",))
