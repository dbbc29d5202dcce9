"""Tesseract OCR (Vietnamese model) of page images, run as subprocesses under a time budget."""

from __future__ import annotations

import concurrent.futures as cf
import functools
import io
import os
import shutil
import statistics
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PIL import Image, ImageOps

from dispatch.errors import CorruptDocument, UnsupportedFormat
from dispatch.readers import messages
from dispatch.readers.result import Budget, Progress, report

TARGET_DPI = 250
"""Resolution pages are OCR'd at. On the dev dispatches scanned at 200 dpi, 250 reads as well as 300
(and better than 200: "V/v" survives) at three quarters of the time."""
PHOTO_LONG_SIDE = 2900
"""A photo has no trustworthy dpi: scale it so an A4 page is about TARGET_DPI (long side ~2900 px)."""
LANG = "vie"
PSM = "3"  # automatic page segmentation: keeps two-column headers apart, copes with slight skew
MIN_LETTERS = 12
GAP = 0.8
"""A vertical gap taller than this many (median) line heights is a blank line."""
LOW_CONFIDENCE = 65.0
"""Below this mean word confidence a page is worth a warning (blurred, dark or skewed photo)."""
WORKERS = max(1, min(2, (os.cpu_count() or 1) - 1))
"""Pages OCR'd at once: one core is left to the bot's event loop."""

PageSource = Callable[[Budget], tuple[Image.Image, int | None]]
"""Makes one page image on demand, with its resolution in dpi when known."""


@functools.cache
def _tesseract() -> str | None:
    exe = shutil.which("tesseract")
    if exe is None:
        return None
    try:
        langs = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=20, check=False
        ).stdout.split()
    except (OSError, subprocess.TimeoutExpired):
        return None
    return exe if LANG in langs else None


def available() -> bool:
    """Tesseract with the Vietnamese model is installed."""
    return _tesseract() is not None


def has_text(text: str) -> bool:
    """Enough letters to be text rather than OCR noise from a picture, a stamp or a blank page."""
    return sum(ch.isalpha() for ch in text) >= MIN_LETTERS


def prepare(image: Image.Image, dpi: float | None = None) -> tuple[Image.Image, int]:
    """Upright grayscale image scaled to about TARGET_DPI, and the dpi it now has."""
    image = ImageOps.exif_transpose(image) or image
    if image.mode in ("RGBA", "LA", "P", "PA"):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, "white")
        image = Image.alpha_composite(white, rgba)
    gray = image.convert("L")
    if dpi is not None and 100 <= dpi <= 1200:
        scale = TARGET_DPI / dpi
    else:
        long_side = max(gray.size)
        scale = PHOTO_LONG_SIDE / long_side if not 2400 <= long_side <= 3600 else 1.0
        dpi = TARGET_DPI / scale
    scale = min(max(scale, 0.25), 3.0)
    if abs(scale - 1.0) > 0.05:
        size = (max(1, round(gray.width * scale)), max(1, round(gray.height * scale)))
        gray = gray.resize(size, Image.Resampling.LANCZOS)
    return gray, max(70, round(dpi * scale))


@dataclass(frozen=True, slots=True)
class OcrText:
    """Text of one page and Tesseract's mean word confidence (0-100; -1 when no word was found)."""

    text: str
    confidence: float


@dataclass
class _Line:
    top: int
    bottom: int
    words: list[str]
    conf: list[float]


def layout_from_tsv(tsv: str) -> OcrText:
    """Lines in Tesseract's reading order; a blank line where the page shows a vertical gap.

    Tesseract's own text output guesses paragraphs and sometimes breaks one in the middle
    ("... Sở Tài chính, Sở" / "" / "Kế hoạch và Đầu tư ..."); the gaps on the page are what a
    reader (and pypdf's layout mode for text PDFs) goes by.
    """
    lines: list[_Line] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12:
            continue
        if cols[0] == "4":
            top, tall = int(cols[7]), int(cols[9])
            lines.append(_Line(top, top + tall, [], []))
        elif cols[0] == "5" and cols[11].strip() and lines:
            lines[-1].words.append(cols[11].strip())
            lines[-1].conf.append(float(cols[10]))
    lines = [line for line in lines if line.words]
    if not lines:
        return OcrText("", -1.0)
    height = float(statistics.median(line.bottom - line.top for line in lines))
    out: list[str] = []
    for prev, line in zip([None, *lines], lines, strict=False):
        if prev is not None and (line.top - prev.bottom > GAP * height or line.top < prev.top - height / 2):
            out.append("")
        out.append(" ".join(line.words))
    confidences = [c for line in lines for c in line.conf if c >= 0]
    return OcrText("\n".join(out), statistics.fmean(confidences) if confidences else -1.0)


def recognise(image: Image.Image, *, dpi: int, budget: Budget) -> OcrText:
    """Text of one prepared page image."""
    exe = _tesseract()
    if exe is None:
        raise UnsupportedFormat(messages.NO_OCR)
    buf = io.BytesIO()
    image.save(buf, "PPM")  # uncompressed: much faster to write than PNG
    budget.check()
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    cmd = [exe, "stdin", "stdout", "-l", LANG, "--psm", PSM, "--dpi", str(dpi), "tsv"]
    try:
        done = subprocess.run(
            cmd, input=buf.getvalue(), capture_output=True, timeout=budget.remaining(), env=env, check=False
        )
    except subprocess.TimeoutExpired:
        raise budget.timeout() from None
    if done.returncode != 0:
        raise CorruptDocument(messages.CORRUPT_IMAGE)
    return layout_from_tsv(done.stdout.decode("utf-8", errors="replace"))


def ocr_pages(
    sources: Sequence[PageSource],
    *,
    budget: Budget,
    progress: Progress | None = None,
    done: int = 0,
    total: int | None = None,
) -> list[OcrText]:
    """OCR each page (a few at a time), reporting progress from the calling thread."""
    if not available():
        raise UnsupportedFormat(messages.NO_OCR)
    total = len(sources) if total is None else total

    def one(source: PageSource) -> OcrText:
        budget.check()
        image, dpi = source(budget)
        prepared, prepared_dpi = prepare(image, dpi)
        return recognise(prepared, dpi=prepared_dpi, budget=budget)

    texts: list[OcrText] = [OcrText("", -1.0)] * len(sources)
    pool = cf.ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="dondoc-ocr")
    try:
        futures = {pool.submit(one, s): i for i, s in enumerate(sources)}
        try:
            for future in cf.as_completed(futures, timeout=budget.remaining()):
                texts[futures[future]] = future.result()
                done += 1
                report(progress, done, total)
        except cf.TimeoutError:
            raise budget.timeout() from None
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return texts
