"""PDF: the text layer page by page (pypdf, layout mode); pages without usable text go to OCR."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zlib
from typing import Any

from PIL import Image
from pypdf import PageObject, PasswordType, PdfReader
from pypdf.errors import DependencyError, PyPdfError

from dispatch.errors import CorruptDocument, DocumentTooLarge, EmptyDocument, EncryptedDocument
from dispatch.readers import messages, ocr
from dispatch.readers.result import Budget, Progress, ReadResult, report

# pypdf raises more than its own errors on damaged files
_PDF_ERRORS = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    AssertionError,
    RecursionError,
    OSError,
    zlib.error,
)
RENDER_DPI = ocr.TARGET_DPI
FULL_PAGE_LETTERS = 200
"""Fewer letters than this on a page holding a page-sized image: the text layer is only a stamp."""
_COLUMN_GAP = re.compile(r" {4,}")
_SPACES = re.compile(r" {2,}")
# a page number alone on the first or last line: "2", "- 2 -", "Trang 2", "2/5" (printed numbers
# need not match the PDF's page index: a cover page shifts them)
_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:trang\s*)?\d{1,3}(?:\s*/\s*\d{1,3})?[-–—\s]*$", re.I)
_GARBLED = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0e-\x1f]")


def _open(data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # "owner password only" PDFs (print/copy restrictions) open with an empty password
            try:
                if reader.decrypt("") == PasswordType.NOT_DECRYPTED:
                    raise EncryptedDocument(messages.ENCRYPTED_PDF)
            except DependencyError:
                raise EncryptedDocument(messages.ENCRYPTED_PDF) from None
        _ = len(reader.pages)
    except _PDF_ERRORS:
        raise CorruptDocument(messages.CORRUPT_PDF) from None
    return reader


def _page_text(page: PageObject) -> str:
    try:
        text = page.extract_text(extraction_mode="layout")
    except _PDF_ERRORS:
        text = ""
    if not text.strip():
        try:
            text = page.extract_text()
        except _PDF_ERRORS:
            text = ""
    return text


def clean_layout(text: str) -> str:
    """Trim layout padding: columns apart by a tab, one blank line at most, no page number line."""
    lines: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _SPACES.sub(" ", _COLUMN_GAP.sub("\t", raw.strip()))
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    for end in (0, -1):
        if lines and _PAGE_NUMBER.match(lines[end]):
            lines.pop(end)
    return "\n".join(lines).strip("\n")


def _garbled(text: str) -> bool:
    """Text from a font without a Unicode map: mostly private-use or control characters."""
    visible = sum(not ch.isspace() for ch in text)
    return visible > 0 and len(_GARBLED.findall(text)) > 0.1 * visible


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def _xobjects(owner: Any) -> list[Any]:
    """The XObjects in the /Resources of a page or a form XObject, resolved."""
    resources = owner.get("/Resources")
    resources = resources.get_object() if resources is not None else {}
    xobjects = resources.get("/XObject")
    xobjects = xobjects.get_object() if xobjects is not None else {}
    return [ref.get_object() for ref in xobjects.values()]


def _has_scan(page: PageObject) -> bool:
    """An image big enough to be a scan of (at least half) the page at 100 dpi or more."""
    try:
        box = page.mediabox
        needed = 0.5 * (float(box.width) / 72 * 100) * (float(box.height) / 72 * 100)
        candidates = _xobjects(page)
        # scanners and signing tools often wrap the scan in a form XObject
        candidates += [
            inner for obj in candidates if obj.get("/Subtype") == "/Form" for inner in _xobjects(obj)
        ]
        return any(
            obj.get("/Subtype") == "/Image"
            and int(obj.get("/Width", 0)) * int(obj.get("/Height", 0)) >= needed
            for obj in candidates
        )
    except _PDF_ERRORS:
        return True  # unsure: let OCR look at it


def read_pdf(data: bytes, *, max_pages: int, budget: Budget, progress: Progress | None) -> ReadResult:
    """Read every page; pages without a usable text layer are rendered and OCR'd.

    A scanned page may still carry a little text (a digital signature stamp, an e-office footer):
    a page whose text layer is short and that holds a page-sized image is OCR'd too, and the
    longer of the two texts is kept.
    """
    reader = _open(data)
    total = len(reader.pages)
    if total > max_pages:
        raise DocumentTooLarge(messages.TOO_MANY_PAGES.format(pages=total, limit=max_pages))
    texts: list[str] = [""] * total
    methods: list[str] = ["blank"] * total
    to_ocr: list[int] = []
    unclear: list[int] = []
    done = 0
    for i in range(total):
        budget.check()
        page = reader.pages[i]
        try:
            text = clean_layout(_page_text(page))
        except _PDF_ERRORS:
            text = ""
        letters = _letters(text)
        garbled = _garbled(text)
        if not garbled and letters:
            texts[i], methods[i] = text, "text"
        if garbled or letters == 0 or (letters < FULL_PAGE_LETTERS and _has_scan(page)):
            to_ocr.append(i)
        else:
            done += 1
            report(progress, done, total)
    if to_ocr and not ocr.available() and any(texts):
        to_ocr = []  # OCR not installed: keep the text layer we have
    if to_ocr:
        sources = [_page_source(data, reader, i) for i in to_ocr]
        results = ocr.ocr_pages(sources, budget=budget, progress=progress, done=done, total=total)
        for i, result in zip(to_ocr, results, strict=True):
            text = clean_layout(result.text)
            if ocr.has_text(text) and _letters(text) > _letters(texts[i]):
                texts[i], methods[i] = text, "ocr"
                if result.confidence < ocr.LOW_CONFIDENCE:
                    unclear.append(i + 1)
    elif done < total:
        report(progress, total, total)
    if all(m == "blank" for m in methods):
        raise EmptyDocument(messages.EMPTY_PDF)
    notes: list[str] = []
    for method, template in (("ocr", messages.WARN_OCR), ("blank", messages.WARN_BLANK)):
        pages = [i + 1 for i, m in enumerate(methods) if m == method]
        if pages:
            notes.append(template.format(pages=messages.page_list(pages)))
    if unclear:
        notes.append(messages.WARN_UNCLEAR.format(pages=messages.page_list(unclear)))
    text = "\n".join(t for t in texts if t)
    return ReadResult(text=text, pages=total, methods=tuple(methods), warnings=tuple(notes))


def _page_source(data: bytes, reader: PdfReader, index: int) -> ocr.PageSource:
    def render(budget: Budget) -> tuple[Image.Image, int | None]:
        exe = shutil.which("pdftoppm")
        if exe is not None:
            return _render_poppler(exe, data, index, budget), RENDER_DPI
        return _largest_image(reader.pages[index])

    return render


def _render_poppler(exe: str, data: bytes, index: int, budget: Budget) -> Image.Image:
    page = str(index + 1)
    cmd = [exe, "-f", page, "-l", page, "-r", str(RENDER_DPI), "-gray", "-"]
    try:
        done = subprocess.run(cmd, input=data, capture_output=True, timeout=budget.remaining(), check=False)
    except subprocess.TimeoutExpired:
        raise budget.timeout() from None
    if done.returncode != 0 or not done.stdout:
        raise CorruptDocument(messages.CORRUPT_PDF)
    return Image.open(io.BytesIO(done.stdout))


def _largest_image(page: PageObject) -> tuple[Image.Image, int | None]:
    """Without poppler: the biggest embedded image of the page (a scan is one image per page)."""
    try:
        images = [img.image for img in page.images if img.image is not None]
        width_in = float(page.mediabox.width) / 72
    except _PDF_ERRORS:
        raise CorruptDocument(messages.CORRUPT_PDF) from None
    if not images:
        return Image.new("L", (8, 8), 255), None
    image = max(images, key=lambda im: im.width * im.height)
    if page.rotation:
        image = image.rotate(-page.rotation, expand=True)
    dpi = round(max(image.width, image.height) / max(width_in, 1.0)) if width_in else None
    return image, dpi
