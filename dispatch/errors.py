"""Errors raised by the dispatch package.

    DispatchError
    ├── RulesError            a rules file (TOML) is malformed; raised at load time
    └── DocumentError         a file cannot be read as a dispatch
        ├── UnsupportedFormat     not a PDF, DOCX or image (e.g. legacy .doc)
        ├── EncryptedDocument     password-protected PDF
        ├── CorruptDocument       damaged PDF/DOCX/image
        ├── DocumentTooLarge      too many bytes, pages, or an XML bomb
        ├── ReadTimeout           reading took longer than allowed
        └── EmptyDocument         no text at all (blank page, picture without text)

`extract()` itself never raises on text: any string gives an Extraction.
"""

from __future__ import annotations


class DispatchError(Exception):
    """Root of every error raised by the dispatch package."""


class RulesError(DispatchError):
    """A rules data file is malformed."""


class DocumentError(DispatchError):
    """A file cannot be read as a dispatch."""


class UnsupportedFormat(DocumentError):
    """The file type is not one we can read."""


class EncryptedDocument(DocumentError):
    """The document is password-protected."""


class CorruptDocument(DocumentError):
    """The file is damaged."""


class DocumentTooLarge(DocumentError):
    """The file exceeds a size, page or expansion limit."""


class ReadTimeout(DocumentError):
    """Reading the file took longer than allowed."""


class EmptyDocument(DocumentError):
    """The file holds no readable text."""
