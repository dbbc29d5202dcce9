"""Decide what a file is from its first bytes (never from its name)."""

from __future__ import annotations

from typing import Literal

Kind = Literal["pdf", "zip", "ole", "image", "heic", "rtf", "text", "unknown"]

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (
    b"\xff\xd8\xff",  # JPEG
    b"\x89PNG\r\n\x1a\n",
    b"II*\x00",  # TIFF little-endian
    b"MM\x00*",  # TIFF big-endian
    b"GIF87a",
    b"GIF89a",
    b"BM",
)


def sniff(data: bytes) -> Kind:
    """The kind of file `data` holds."""
    head = data[:16]
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(_OLE):
        return "ole"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image"
    if head.startswith(_IMAGE_MAGIC):
        return "image"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
        return "heic"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if _looks_like_text(data):
        return "text"
    return "unknown"


def _looks_like_text(data: bytes) -> bool:
    """UTF-8 text without control characters other than tab, newline and carriage return."""
    sample = data[:65536]
    if not sample or b"\x00" in sample:
        return False
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a multi-byte character cut at the end of the sample is fine
        if exc.start < len(sample) - 3:
            return False
        text = sample[: exc.start].decode("utf-8")
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return bad == 0


def is_encrypted_office(data: bytes) -> bool:
    """An OLE container holding a password-protected DOCX/XLSX ("EncryptionInfo" stream)."""
    return "EncryptionInfo".encode("utf-16-le") in data[:1_048_576]
