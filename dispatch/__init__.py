"""Pure extraction of tasks and deadlines from Vietnamese dispatches.

No Telegram, database, network or clock here: text in, `Extraction` out. The readers
(`dispatch.read`) are the only part that touches file bytes or OCR.
"""

from typing import TYPE_CHECKING

from dispatch.core.text import normalize
from dispatch.doers.agencies import resolve_agency, suggest_agencies
from dispatch.errors import DispatchError, DocumentError
from dispatch.extract import extract
from dispatch.model import Assignee, Extraction, Signer, Task

if TYPE_CHECKING:
    from dispatch.readers import ReadResult, read


def __getattr__(name: str) -> object:
    """`dispatch.read` and `dispatch.ReadResult`, loaded on first use: `import dispatch` loads no file reader
    (pypdf, python-docx, Pillow, OCR) until a file is read."""
    if name in ("read", "ReadResult"):
        from dispatch import readers

        return getattr(readers, name)
    raise AttributeError(f"module 'dispatch' has no attribute {name!r}")

__all__ = [
    "Assignee",
    "DispatchError",
    "DocumentError",
    "Extraction",
    "ReadResult",
    "Signer",
    "Task",
    "extract",
    "normalize",
    "read",
    "resolve_agency",
    "suggest_agencies",
]
