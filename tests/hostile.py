"""Hostile PDFs made in memory for the file-worker tests: huge pages, many pages, content bombs.

Each is a few kilobytes to a few megabytes on the wire and would cost gigabytes or minutes to read
without limits (issue 12: 3,288 bytes of 30 huge blank pages made pdftoppm render 868 megapixels).
"""

from __future__ import annotations

import zlib


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF whose object n+1 is objects[n] (1 is the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data, 9)
    return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(packed), extra) + packed + b"\nendstream"


def huge_pages(pages: int = 30, side_pt: int = 14400, user_unit: float = 1.0) -> bytes:
    """Blank pages of side_pt x side_pt points (14,400 pt = 5 m, the largest PDF 1.7 allows)."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    unit = b" /UserUnit %g" % user_unit if user_unit != 1.0 else b""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d]%s >>" % (side_pt, side_pt, unit)] * pages
    return _pdf(objects)


def many_pages(pages: int = 20_000) -> bytes:
    """A4 pages sharing one tiny content stream: a small file (~1.3 MB) that declares a very long document."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        _stream(b"BT /F1 12 Tf 72 720 Td (Trang) Tj ET"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R"
                b" /Resources << /Font << /F1 4 0 R >> >> >>"] * pages
    return _pdf(objects)


def content_bomb(megabytes: float = 70, pages: int = 30, *, shared: bool = True) -> bytes:
    """A4 pages whose content streams inflate to `megabytes` of text operators each (~3 KB sent per MB).

    shared: every page draws the same stream (one small object); else each page has its own.
    """
    unit = b"BT /F1 1 Tf 1 0 0 1 10 10 Tm (a) Tj ET\n"
    stream = _stream(unit * int(megabytes * 1_000_000 // len(unit)))
    first = 4 + (1 if shared else pages)  # catalog, pages, font, stream(s), then the pages
    kids = b" ".join(b"%d 0 R" % (first + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    objects += [stream] * (1 if shared else pages)
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
                b" /Resources << /Font << /F1 3 0 R >> >> >>" % (4 if shared else 4 + i) for i in range(pages)]
    return _pdf(objects)


def image_bomb(side_px: int = 40_000) -> bytes:
    """One A4 page holding a side_px x side_px grey image of zeros (1.6 GB decoded, ~1.6 MB sent)."""
    pixels = zlib.compressobj(9)
    row = bytes(side_px)
    packed = b"".join(pixels.compress(row) for _ in range(side_px)) + pixels.flush()
    image = (b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray"
             b" /BitsPerComponent 8 /Length %d /Filter /FlateDecode >>\nstream\n" % (side_px, side_px, len(packed))
             + packed + b"\nendstream")
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /XObject << /Im1 5 0 R >> >> >>",
        _stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
        image,
    ])
