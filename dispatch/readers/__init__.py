"""Readers: the bytes of a PDF, DOCX or image -> raw dispatch text (the only part touching files or OCR).

    read(data, filename=None, *, max_pages=30, timeout=120, progress=None) -> ReadResult

The type comes from the content, never from the name. Errors are dispatch.errors.DocumentError
subclasses whose str() is a Vietnamese message meant for the user. OCR needs Tesseract with its
Vietnamese model (Debian tesseract-ocr, tesseract-ocr-vie); image-only PDF pages are rendered with
poppler's pdftoppm when present. `read` blocks: run it in a worker thread or process.
"""

from __future__ import annotations

from dispatch.errors import DocumentTooLarge, EmptyDocument, UnsupportedFormat
from dispatch.readers import messages
from dispatch.readers.image import read_image
from dispatch.readers.legacy import doc_to_docx
from dispatch.readers.pdf import read_pdf
from dispatch.readers.result import Budget, Progress, ReadResult, report
from dispatch.readers.sniff import sniff
from dispatch.readers.word import read_docx

__all__ = ["MAX_BYTES", "ReadResult", "read"]

MAX_BYTES = 50 * 1024 * 1024
"""Telegram lets a bot download 20 MB; this guards other callers (the CLI)."""


def read(
    data: bytes,
    filename: str | None = None,
    *,
    max_pages: int = 30,
    timeout: float = 120,
    progress: Progress | None = None,
) -> ReadResult:
    """Read the text of a dispatch file; `progress(done, total)` is called after each page.

    `filename` is accepted for callers' convenience; the content alone decides the type.
    """
    # `filename` is deliberately unused: "công văn.pdf" may well be a photo
    if not data.strip():
        raise EmptyDocument(messages.EMPTY_TEXT)
    if len(data) > MAX_BYTES:
        raise DocumentTooLarge(messages.TOO_MANY_BYTES.format(limit=MAX_BYTES // (1024 * 1024)))
    budget = Budget(timeout)
    kind = sniff(data)
    if kind == "pdf":
        return read_pdf(data, max_pages=max_pages, budget=budget, progress=progress)
    if kind == "zip":
        return read_docx(data, budget=budget, progress=progress)
    if kind == "image":
        return read_image(data, max_pages=max_pages, budget=budget, progress=progress)
    if kind == "ole":
        result = read_docx(doc_to_docx(data, budget=budget), budget=budget, progress=progress)
        return ReadResult(result.text, result.pages, result.methods, (messages.WARN_CONVERTED,))
    if kind == "text":
        text = data.decode("utf-8", errors="replace").lstrip("\ufeff").strip()
        if not text:
            raise EmptyDocument(messages.EMPTY_TEXT)
        report(progress, 1, 1)
        return ReadResult(text=text, pages=1, methods=("plain",))
    if kind == "heic":
        raise UnsupportedFormat(messages.HEIC)
    if kind == "rtf":
        raise UnsupportedFormat(messages.RTF)
    raise UnsupportedFormat(messages.UNSUPPORTED)
