"""Legacy Word .doc: converted to DOCX by LibreOffice when it is installed, refused otherwise."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from dispatch.errors import EncryptedDocument, UnsupportedFormat
from dispatch.readers import messages
from dispatch.readers.result import Budget
from dispatch.readers.sniff import is_encrypted_office


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def doc_to_docx(data: bytes, *, budget: Budget) -> bytes:
    """DOCX bytes of a .doc file (raises UnsupportedFormat without LibreOffice)."""
    if is_encrypted_office(data):
        raise EncryptedDocument(messages.ENCRYPTED_OFFICE)
    exe = soffice()
    if exe is None:
        raise UnsupportedFormat(messages.LEGACY_DOC)
    with tempfile.TemporaryDirectory(prefix="dondoc-doc-") as tmp:
        src = Path(tmp) / "input.doc"
        src.write_bytes(data)
        # a private profile: a second LibreOffice instance would otherwise refuse to start
        profile = Path(tmp, "profile").as_uri()
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx",
               "--outdir", tmp, str(src)]  # fmt: skip
        try:
            subprocess.run(cmd, capture_output=True, timeout=budget.remaining(), check=False,
                           env={**os.environ, "HOME": tmp})  # fmt: skip
        except subprocess.TimeoutExpired:
            raise budget.timeout() from None
        out = Path(tmp) / "input.docx"
        if not out.exists():
            raise UnsupportedFormat(messages.LEGACY_DOC)
        return out.read_bytes()
