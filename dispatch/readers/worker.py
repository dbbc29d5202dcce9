"""Reading one file in a child process, under a time and a memory limit, with page limits checked first.

    read_bounded(data, filename=None, *, limits=Limits(), progress=None, cancel=None) -> ReadResult

A hostile file must cost a bounded amount: 3,288 bytes of 30 blank 4,000-point pages made pdftoppm
render 868 megapixels (1.7 GB) and ended in PIL's English DecompressionBombError; a 200 KB PDF whose
pages share a 70 MB content stream kept pypdf busy past any timeout. So `read` runs in a fresh
``python -m dispatch.readers.worker`` that

- runs at a lower CPU priority (nice 10), so the bot's event loop is served first;
- limits its address space (RLIMIT_AS, inherited by pdftoppm and tesseract) and its CPU time;
- before rendering anything, refuses a PDF with too many pages (pdfinfo, else pypdf), a page whose
  rendering at ``pdf.RENDER_DPI`` would exceed ``max_page_pixels``, or drawing instructions (content
  streams) beyond ``max_content_mb`` per page or in all;
- is killed with its whole process group when the wall-clock limit passes or the caller cancels.

Every outcome is a ReadResult or a DocumentError whose str() is Vietnamese (a crash or a memory
limit included). The parent writes the file to a private temporary directory and reads JSON lines
from the child's stdout: ``{"progress": [done, total]}``, then one ``{"result": ...}`` or ``{"error": ...}``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import resource
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from dispatch import errors
from dispatch.readers import messages
from dispatch.readers.result import Progress, ReadResult

log = logging.getLogger(__name__)

GRACE_SECONDS = 5.0
"""Beyond the read's own budget: the child's start (imports, ~0.5 s) and its orderly timeout."""
POINTS_PER_CM = 72 / 2.54
NICENESS = 10
"""The reader runs at a lower priority: on a loaded machine a chat's /help must not wait behind OCR."""

PAGE_TOO_BIG = (
    "Trang {page} có khổ quá lớn ({width:g}×{height:g} cm; khổ A4 là 21×29,7 cm) nên không đọc, "
    "để bảo đảm an toàn. Vui lòng gửi bản khổ A4."
)
CONTENT_TOO_BIG = (
    "{where} có nội dung bất thường (hơn {limit} MB lệnh vẽ) nên không đọc, để bảo đảm an toàn. "
    "Vui lòng xuất lại tệp PDF từ văn bản gốc hoặc gửi bản DOCX."
)
TOO_MUCH_MEMORY = (
    "Tệp cần quá nhiều bộ nhớ để đọc (hơn {limit} MB) nên đã dừng, để bảo đảm an toàn. "
    "Vui lòng gửi ít trang hơn, ảnh nhỏ hơn hoặc bản PDF có chữ."
)
CRASHED = "Tệp có cấu trúc bất thường nên không đọc được. Vui lòng gửi lại bản PDF hoặc DOCX khác."
CANCELLED = "Việc đọc tệp đã dừng vì bot đang khởi động lại. Vui lòng gửi lại tệp."

_ERRORS: dict[str, type[errors.DocumentError]] = {
    cls.__name__: cls
    for cls in (errors.UnsupportedFormat, errors.EncryptedDocument, errors.CorruptDocument,
                errors.DocumentTooLarge, errors.ReadTimeout, errors.EmptyDocument)
}


@dataclass(frozen=True, slots=True)
class Limits:
    """What one file may cost."""

    max_pages: int = 30
    timeout: float = 120.0
    memory_mb: int = 1024
    """Address space of the child and of each program it runs: a 10-page scan reads within 128 MB, a
    56-megapixel photo (the image reader takes up to 60) needs more than 512."""
    max_page_pixels: int = 36_000_000
    """A page rendered for OCR: A4 is 6 MP at 250 dpi, A2 24 MP; beyond 36 MP it is not a dispatch."""
    max_content_mb: int = 4
    """Drawing instructions of one page: a text page holds a few KB; pypdf needs over 30 s for 7 MB."""
    max_total_content_mb: int = 20


class Cancelled(errors.DocumentError):
    """The caller stopped the read (shutdown)."""


def read_bounded(
    data: bytes,
    filename: str | None = None,
    *,
    limits: Limits = Limits(),
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ReadResult:
    """Read `data` in a child process under `limits`; blocks (run it in a worker thread)."""
    del filename  # the content decides the type, as in dispatch.readers.read
    with tempfile.TemporaryDirectory(prefix="dondoc-read-") as private:  # 0700
        path = Path(private) / "file"
        path.write_bytes(data)
        with open(Path(private) / "stderr", "w+b") as stderr:
            return _run_child(path, limits, progress, cancel, stderr)


def _run_child(path: Path, limits: Limits, progress: Progress | None, cancel: threading.Event | None,
               stderr: Any) -> ReadResult:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1", "MALLOC_ARENA_MAX": "2"}
    cmd = [sys.executable, "-m", "dispatch.readers.worker", str(path), json.dumps(asdict(limits))]
    child = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr,
                             start_new_session=True, env=env)
    with contextlib.suppress(OSError):  # the bot's event loop goes first; pdftoppm and tesseract inherit it
        os.setpriority(os.PRIO_PROCESS, child.pid, NICENESS)
    assert child.stdout is not None
    deadline = time.monotonic() + limits.timeout + GRACE_SECONDS
    final: dict[str, Any] | None = None
    buffer = b""
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(child.stdout, selectors.EVENT_READ)
            while True:
                if cancel is not None and cancel.is_set():
                    raise Cancelled(CANCELLED)
                if time.monotonic() > deadline:
                    raise errors.ReadTimeout(messages.TIMEOUT.format(seconds=f"{limits.timeout:g}"))
                if not selector.select(timeout=0.2):
                    continue
                chunk = os.read(child.stdout.fileno(), 65536)
                if not chunk:
                    break
                *lines, buffer = (buffer + chunk).split(b"\n")
                for line in lines:
                    message = json.loads(line)
                    if "progress" in message:
                        if progress is not None:
                            progress(*message["progress"])
                    else:
                        final = message
        child.wait(timeout=max(0.1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        raise errors.ReadTimeout(messages.TIMEOUT.format(seconds=f"{limits.timeout:g}")) from None
    finally:
        _kill(child)
    return _outcome(final, child.returncode, limits, stderr)


def _outcome(final: dict[str, Any] | None, returncode: int, limits: Limits, stderr: Any) -> ReadResult:
    if final is not None and "result" in final:
        r = final["result"]
        return ReadResult(text=r["text"], pages=r["pages"], methods=tuple(r["methods"]),
                          warnings=tuple(r["warnings"]))
    if final is not None and "error" in final:
        raise _ERRORS.get(final["error"], errors.CorruptDocument)(final["message"])
    stderr.seek(0)
    tail = stderr.read()[-4000:].decode("utf-8", errors="replace")
    log.warning("file reader exited with %s without an answer: %s", returncode, tail)
    if returncode == -signal.SIGXCPU:
        raise errors.ReadTimeout(messages.TIMEOUT.format(seconds=f"{limits.timeout:g}"))
    if returncode == -signal.SIGKILL or "MemoryError" in tail:  # the kernel's OOM killer, or the limit
        raise errors.DocumentTooLarge(TOO_MUCH_MEMORY.format(limit=limits.memory_mb))
    raise errors.CorruptDocument(CRASHED)


def _kill(child: subprocess.Popen[bytes]) -> None:
    """The child and whatever it started (pdftoppm, tesseract): one process group, maybe outliving it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    if child.stdout is not None:
        child.stdout.close()


# --- in the child ------------------------------------------------------------------------------


def check_pdf(path: Path, limits: Limits) -> None:
    """Refuse, before rendering, a PDF with too many pages, a huge page or a content bomb."""
    from dispatch.readers.pdf import RENDER_DPI

    sizes = _pdfinfo_sizes(path, limits.max_pages)
    if sizes is not None:
        _check_pages(sizes[0], limits)
    reader = _pypdf(path)
    if sizes is None and reader is not None:
        sizes = _pypdf_sizes(reader, limits.max_pages)
    if sizes is None:
        return  # unreadable here: read() says why (corrupt, encrypted)
    total, boxes = sizes
    _check_pages(total, limits)
    for number, (width, height) in enumerate(boxes, start=1):
        if (width / 72 * RENDER_DPI) * (height / 72 * RENDER_DPI) > limits.max_page_pixels:
            raise errors.DocumentTooLarge(PAGE_TOO_BIG.format(
                page=number, width=round(width / POINTS_PER_CM), height=round(height / POINTS_PER_CM)))
    if reader is not None:
        _check_content(reader, limits)


def _check_pages(total: int, limits: Limits) -> None:
    if total > limits.max_pages:
        raise errors.DocumentTooLarge(messages.TOO_MANY_PAGES.format(pages=total, limit=limits.max_pages))


def _pdfinfo_sizes(path: Path, max_pages: int) -> tuple[int, list[tuple[float, float]]] | None:
    """Page count and the larger of media and crop box of the first pages, as poppler (the renderer) sees them."""
    exe = shutil.which("pdfinfo")
    if exe is None:
        return None
    cmd = [exe, "-f", "1", "-l", str(max_pages), "-box", str(path)]
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    total, boxes = 0, dict[int, tuple[float, float]]()
    for line in done.stdout.decode("latin-1").splitlines():
        words = line.split()
        if words[:1] == ["Pages:"] and len(words) == 2 and words[1].isdigit():
            total = int(words[1])
        elif len(words) == 7 and words[0] == "Page" and words[2] in ("MediaBox:", "CropBox:"):
            x0, y0, x1, y1 = (float(w) for w in words[3:])
            w, h = abs(x1 - x0), abs(y1 - y0)
            old = boxes.get(int(words[1]), (0.0, 0.0))
            boxes[int(words[1])] = (max(w, old[0]), max(h, old[1]))
    return total, [boxes[n] for n in sorted(boxes)]


def _pypdf(path: Path) -> Any:
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            return None
        _ = len(reader.pages)
    except Exception:  # damaged: the reader proper reports it in Vietnamese
        return None
    return reader


def _pypdf_sizes(reader: Any, max_pages: int) -> tuple[int, list[tuple[float, float]]] | None:
    try:
        pages = reader.pages
        boxes = [(float(p.mediabox.width) * float(p.user_unit), float(p.mediabox.height) * float(p.user_unit))
                 for p in list(pages)[:max_pages]] if len(pages) <= max_pages else []
        return len(pages), boxes
    except Exception:
        return None


def _check_content(reader: Any, limits: Limits) -> None:
    """Decompressed size of each page's content streams (shared streams counted on every page)."""
    from pypdf.errors import LimitReachedError

    total = 0
    sizes: dict[int, int] = {}
    page_limit, total_limit = limits.max_content_mb * 1_000_000, limits.max_total_content_mb * 1_000_000
    for number, page in enumerate(reader.pages, start=1):
        size = 0
        try:
            contents = page.get("/Contents")
            refs = contents if isinstance(contents, list) else [contents]
            for ref in refs:
                key = getattr(ref, "idnum", id(ref))
                if key not in sizes:
                    sizes[key] = len(ref.get_object().get_data())
                size += sizes[key]
        except LimitReachedError:
            size = page_limit + 1
        except Exception:  # a damaged stream: the reader proper decides
            continue
        total += size
        if size > page_limit:
            raise errors.DocumentTooLarge(CONTENT_TOO_BIG.format(where=f"Trang {number}", limit=limits.max_content_mb))
        if total > total_limit:
            raise errors.DocumentTooLarge(CONTENT_TOO_BIG.format(where="Tệp PDF", limit=limits.max_total_content_mb))


def _limit_resources(limits: Limits) -> None:
    memory = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(limits.timeout + GRACE_SECONDS)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))


def child_main(argv: list[str]) -> int:
    """The child: read the file at argv[0] under the limits in argv[1], answer in JSON lines on stdout."""
    import warnings

    from PIL import Image

    from dispatch.readers import read
    from dispatch.readers.sniff import sniff

    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # a library's stray print must not break the protocol

    def emit(message: dict[str, Any]) -> None:
        out.write(json.dumps(message, ensure_ascii=False) + "\n")
        out.flush()

    path, limits = Path(argv[0]), Limits(**json.loads(argv[1]))
    _limit_resources(limits)
    warnings.simplefilter("ignore", Image.DecompressionBombWarning)
    try:
        data = path.read_bytes()
        if sniff(data) == "pdf":
            check_pdf(path, limits)
        result = read(data, max_pages=limits.max_pages, timeout=limits.timeout,
                      progress=lambda done, total: emit({"progress": [done, total]}))
    except errors.DocumentError as exc:
        emit({"error": type(exc).__name__, "message": str(exc)})
    except MemoryError:
        emit({"error": "DocumentTooLarge", "message": TOO_MUCH_MEMORY.format(limit=limits.memory_mb)})
    except Image.DecompressionBombError:
        emit({"error": "DocumentTooLarge", "message": messages.IMAGE_TOO_LARGE.format(pixels="hơn 170")})
    else:
        emit({"result": {"text": result.text, "pages": result.pages, "methods": list(result.methods),
                         "warnings": list(result.warnings)}})
    return 0


if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1:]))
