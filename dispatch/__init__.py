"""Pure extraction of tasks and deadlines from Vietnamese dispatches.

No Telegram, database, network or clock here: text in, `Extraction` out. The readers
(`dispatch.read`) are the only part that touches file bytes or OCR.
"""

from dispatch.agencies import resolve_agency, suggest_agencies
from dispatch.errors import DispatchError, DocumentError
from dispatch.extract import extract
from dispatch.model import Assignee, Extraction, Signer, Task
from dispatch.readers import ReadResult, read
from dispatch.text import normalize

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
