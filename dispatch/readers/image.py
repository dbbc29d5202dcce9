"""Photos and scanned images (JPEG, PNG, TIFF, WebP...): every frame is a page read by OCR."""

from __future__ import annotations

import io
import warnings

from PIL import Image, UnidentifiedImageError

from dispatch.errors import CorruptDocument, DocumentTooLarge, EmptyDocument, UnsupportedFormat
from dispatch.readers import messages, ocr
from dispatch.readers.result import Budget, Progress, ReadResult

MAX_PIXELS = 60_000_000
"""A 60 MP frame is already larger than any phone photo; beyond it decoding costs too much memory."""
FORMATS = {"JPEG", "PNG", "TIFF", "WEBP", "MPO", "GIF", "BMP"}


def _open(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise DocumentTooLarge(messages.IMAGE_TOO_LARGE.format(pixels="hơn 170")) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise CorruptDocument(messages.CORRUPT_IMAGE) from None
    if image.format not in FORMATS:
        raise UnsupportedFormat(messages.IMAGE_FORMAT)
    pixels = image.width * image.height
    if pixels > MAX_PIXELS:
        raise DocumentTooLarge(messages.IMAGE_TOO_LARGE.format(pixels=round(pixels / 1e6)))
    return image


def _dpi(image: Image.Image) -> float | None:
    """Resolution recorded by a scanner; phone cameras write 72 or nothing, which is ignored."""
    info = image.info.get("dpi")
    if isinstance(info, tuple) and info and isinstance(info[0], int | float) and info[0] >= 150:
        return float(info[0])
    return None


def read_image(data: bytes, *, max_pages: int, budget: Budget, progress: Progress | None) -> ReadResult:
    """OCR every frame of an image file (a multi-page TIFF is several pages)."""
    image = _open(data)
    frames = getattr(image, "n_frames", 1) if image.format == "TIFF" else 1
    if frames > max_pages:
        raise DocumentTooLarge(messages.TOO_MANY_PAGES.format(pages=frames, limit=max_pages))

    def frame(index: int) -> ocr.PageSource:
        def load(budget: Budget) -> tuple[Image.Image, int | None]:
            img = _open(data)
            try:
                img.seek(index)
                img.load()
            except (OSError, ValueError, EOFError, SyntaxError):
                raise CorruptDocument(messages.CORRUPT_IMAGE) from None
            dpi = _dpi(img)
            return img, round(dpi) if dpi else None

        return load

    results = ocr.ocr_pages([frame(i) for i in range(frames)], budget=budget, progress=progress)
    texts = [r.text for r in results]
    methods = tuple("ocr" if ocr.has_text(t) else "blank" for t in texts)
    if "ocr" not in methods:
        raise EmptyDocument(messages.EMPTY_IMAGE)
    read_pages = [i + 1 for i, m in enumerate(methods) if m == "ocr"]
    warnings_ = [messages.WARN_OCR.format(pages=messages.page_list(read_pages))]
    blank = [i + 1 for i, m in enumerate(methods) if m == "blank"]
    if blank:
        warnings_.append(messages.WARN_BLANK.format(pages=messages.page_list(blank)))
    unclear = [
        i + 1 for i, r in enumerate(results) if methods[i] == "ocr" and r.confidence < ocr.LOW_CONFIDENCE
    ]
    if unclear:
        warnings_.append(messages.WARN_UNCLEAR.format(pages=messages.page_list(unclear)))
    text = "\n".join(t for t, m in zip(texts, methods, strict=True) if m == "ocr")
    return ReadResult(text=text, pages=frames, methods=methods, warnings=tuple(warnings_))
