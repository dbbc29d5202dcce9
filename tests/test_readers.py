"""dispatch.read: PDF, DOCX, scans and photos -> raw text; bad files -> clear Vietnamese errors."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import docgen
import pytest
from PIL import Image

from dispatch import extract
from dispatch.errors import (
    CorruptDocument,
    DocumentError,
    DocumentTooLarge,
    EmptyDocument,
    EncryptedDocument,
    ReadTimeout,
    UnsupportedFormat,
)
from dispatch.readers import ReadResult, legacy, ocr, read
from dispatch.readers.numbering import format_number
from dispatch.readers.pdf import clean_layout
from dispatch.readers.sniff import sniff

SAMPLE = """\
ỦY BAN NHÂN DÂN
TỈNH BẮC KẠN
Số: 1234/UBND-VXNV
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Bắc Kạn, ngày 05 tháng 3 năm 2024
V/v tăng cường công tác phòng, chống cháy rừng

Kính gửi:
- Sở Nông nghiệp và Phát triển nông thôn;
- UBND các huyện, thành phố.

Thực hiện chỉ đạo của Thủ tướng Chính phủ¹, Ủy ban nhân dân tỉnh yêu cầu:

1. Sở Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với Công an tỉnh kiểm tra công tác phòng cháy, chữa cháy rừng tại các huyện; báo cáo kết quả về UBND tỉnh trước ngày 20/3/2024.
2. UBND các huyện, thành phố rà soát phương án chữa cháy rừng, hoàn thành trước ngày 15 tháng 4 năm 2024.

¹ Công điện số 12/CĐ-TTg ngày 01/3/2024 của Thủ tướng Chính phủ.

Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn An
"""
VIETNAMESE = re.compile("[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I)
DEV = docgen.dev_dispatches()


tokens = docgen.words
similarity = docgen.word_accuracy


def assert_vietnamese_message(exc: DocumentError) -> None:
    message = str(exc)
    assert len(message) > 20 and VIETNAMESE.search(message), message


def saved(tmp_path: Path, name: str, data: bytes) -> bytes:
    """Keep the generated fixture in the test's tmp dir (handy when a test fails)."""
    (tmp_path / name).write_bytes(data)
    return data


# --- type detection ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"\x00\x00junk before the header %PDF-1.4", "pdf"),
        (b"PK\x03\x04rest", "zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "ole"),
        (b"\xff\xd8\xff\xe0", "image"),
        (b"\x89PNG\r\n\x1a\n", "image"),
        (b"II*\x00", "image"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image"),
        (b"\x00\x00\x00\x18ftypheic", "heic"),
        (b"{\\rtf1\\ansi", "rtf"),
        ("Kính gửi: các Sở".encode(), "text"),
        (bytes(range(256)), "unknown"),
    ],
)
def test_sniff_uses_magic_bytes(head: bytes, kind: str) -> None:
    assert sniff(head) == kind


def test_name_is_not_trusted(tmp_path: Path) -> None:
    data = saved(tmp_path, "cv.pdf", docgen.docx(SAMPLE))
    assert read(data, "công văn.pdf").methods == ("docx",)


# --- text PDF ---------------------------------------------------------------------------------


def test_text_pdf_keeps_words_lines_and_diacritics(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    result = read(
        saved(tmp_path, "sample.pdf", docgen.text_pdf(SAMPLE)), progress=lambda d, n: calls.append((d, n))
    )
    assert isinstance(result, ReadResult)
    assert result.methods == ("text",) and result.pages == 1 and not result.used_ocr
    assert tokens(result.text) == tokens(SAMPLE)
    lines = result.text.splitlines()
    assert "Số: 1234/UBND-VXNV" in lines and "Bắc Kạn, ngày 05 tháng 3 năm 2024" in lines
    assert unicodedata.is_normalized("NFC", result.text)
    assert calls == [(1, 1)]


def test_owner_password_only_pdf_is_read(tmp_path: Path) -> None:
    data = saved(tmp_path, "restricted.pdf", docgen.text_pdf(SAMPLE, owner_password="chu-so-huu"))
    assert tokens(read(data).text) == tokens(SAMPLE)


def test_progress_and_too_many_pages(tmp_path: Path) -> None:
    data = saved(tmp_path, "long.pdf", docgen.text_pdf(SAMPLE + "\n" * 60 + SAMPLE + "\n" * 60 + SAMPLE))
    calls: list[tuple[int, int]] = []
    result = read(data, progress=lambda d, n: calls.append((d, n)))
    assert result.pages >= 3 and calls == [(i, result.pages) for i in range(1, result.pages + 1)]
    with pytest.raises(DocumentTooLarge) as err:
        read(data, max_pages=2)
    assert_vietnamese_message(err.value)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("   ỦY BAN NHÂN DÂN            CỘNG HÒA XÃ HỘI  ", "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI"),
        ("Dòng  một\n\n\n\nDòng hai\n", "Dòng một\n\nDòng hai"),
        ("2\nchữ ở trang hai", "chữ ở trang hai"),
        ("chữ ở trang ba\n- 3 -", "chữ ở trang ba"),
        ("3. Mục ba của trang hai\n2025", "3. Mục ba của trang hai\n2025"),
        ("Trang 4/5\nnội dung", "nội dung"),
    ],
)
def test_clean_layout(raw: str, clean: str) -> None:
    assert clean_layout(raw) == clean


def test_only_page_sized_images_count_as_scans() -> None:
    from pypdf import PdfReader

    from dispatch.readers.pdf import _has_scan

    assert not _has_scan(PdfReader(io.BytesIO(docgen.text_pdf("PHÓ CHỦ TỊCH"))).pages[0])
    assert _has_scan(PdfReader(io.BytesIO(docgen.scanned_pdf("PHÓ CHỦ TỊCH"))).pages[0])


# --- DOCX -------------------------------------------------------------------------------------


def test_docx_header_table_row_by_row_then_body_then_footnote(tmp_path: Path) -> None:
    result = read(saved(tmp_path, "sample.docx", docgen.docx(SAMPLE)))
    lines = result.text.splitlines()
    assert result.methods == ("docx",)
    assert lines[:6] == [
        "ỦY BAN NHÂN DÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "TỈNH BẮC KẠN",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 1234/UBND-VXNV",
        "Bắc Kạn, ngày 05 tháng 3 năm 2024",
    ]
    assert "Thực hiện chỉ đạo của Thủ tướng Chính phủ¹, Ủy ban nhân dân tỉnh yêu cầu:" in lines
    assert lines[-1] == "¹ Công điện số 12/CĐ-TTg ngày 01/3/2024 của Thủ tướng Chính phủ."
    assert sorted(tokens(result.text)) == sorted(tokens(SAMPLE))


def test_docx_automatic_numbering_and_bullets(tmp_path: Path) -> None:
    import docx

    doc = docx.Document()
    doc.add_paragraph("Ủy ban nhân dân tỉnh yêu cầu:")
    for item in ("Sở Y tế chủ trì", "Sở Tài chính bố trí kinh phí", "Các huyện thực hiện"):
        doc.add_paragraph(item, style="List Number")
    doc.add_paragraph("Báo cáo hằng tháng", style="List Bullet")
    buf = io.BytesIO()
    doc.save(buf)
    text = read(saved(tmp_path, "list.docx", buf.getvalue())).text
    assert text.splitlines() == [
        "Ủy ban nhân dân tỉnh yêu cầu:",
        "1. Sở Y tế chủ trì",
        "2. Sở Tài chính bố trí kinh phí",
        "3. Các huyện thực hiện",
        "- Báo cáo hằng tháng",
    ]


@pytest.mark.parametrize(
    ("n", "fmt", "shown"),
    [
        (3, "decimal", "3"),
        (2, "lowerLetter", "b"),
        (27, "lowerLetter", "aa"),
        (4, "upperRoman", "IV"),
        (9, "lowerRoman", "ix"),
        (5, "decimalZero", "05"),
    ],
)
def test_number_formats(n: int, fmt: str, shown: str) -> None:
    assert format_number(n, fmt) == shown


# --- bad files --------------------------------------------------------------------------------


def _docx_with_part(name: str, content: bytes, *, compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(docgen.docx("Kính gửi: Sở Y tế\nNội dung.")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compress) as dst:
        for item in src.infolist():
            if item.filename != name:
                dst.writestr(item.filename, src.read(item.filename))
        dst.writestr(name, content)
    return out.getvalue()


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
        for i in range(1, 10)
    )
    + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)


def _encrypted_pdf() -> bytes:
    return docgen.text_pdf(SAMPLE, owner_password="chu", user_password="mat-khau")


def _zip_bomb() -> bytes:
    body = b"<w:p><w:r><w:t>" + b"a" * 100_000_000 + b"</w:t></w:r></w:p>"
    return _docx_with_part("word/document.xml", body)


def _not_a_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("photos/a.txt", "không phải văn bản")
    return out.getvalue()


def _odt() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def _blank_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    return bytes(pdf.output())


def _blank_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1240, 1754), "white").save(out, "PNG")
    return out.getvalue()


BAD_FILES = {
    "encrypted-pdf": (_encrypted_pdf, EncryptedDocument),
    "corrupt-pdf": (lambda: b"%PDF-1.4\n" + bytes(range(256)) * 20, CorruptDocument),
    "corrupt-docx": (lambda: b"PK\x03\x04" + bytes(range(256)) * 20, CorruptDocument),
    "docx-zip-bomb": (_zip_bomb, DocumentTooLarge),
    "docx-billion-laughs": (lambda: _docx_with_part("word/document.xml", BILLION_LAUGHS), DocumentTooLarge),
    "docx-broken-xml": (
        lambda: _docx_with_part("word/document.xml", b"<w:document><w:body>"),
        CorruptDocument,
    ),
    "zip-not-docx": (_not_a_docx, UnsupportedFormat),
    "odt": (_odt, UnsupportedFormat),
    "empty-pdf": (_blank_pdf, EmptyDocument),
    "blank-image": (_blank_png, EmptyDocument),
    "corrupt-image": (lambda: b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4, CorruptDocument),
    "legacy-doc": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096), UnsupportedFormat),
    "encrypted-office": (
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512) + "EncryptionInfo".encode("utf-16-le"),
        EncryptedDocument,
    ),
    "random-bytes": (lambda: bytes((i * 7919 + 13) % 256 for i in range(5000)), UnsupportedFormat),
    "empty-file": (lambda: b"", EmptyDocument),
    "heic": (lambda: b"\x00\x00\x00\x18ftypheic" + bytes(100), UnsupportedFormat),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_files_raise_clear_vietnamese_errors(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(legacy, "soffice", lambda: None)
    make, error = BAD_FILES[case]
    data = saved(tmp_path, case, make())
    with pytest.raises(error) as err:
        read(data)
    assert_vietnamese_message(err.value)


def test_time_limit(tmp_path: Path) -> None:
    data = saved(tmp_path, "scan.pdf", docgen.scanned_pdf(SAMPLE))
    with pytest.raises(ReadTimeout) as err:
        read(data, timeout=0)
    assert_vietnamese_message(err.value)


def test_ocr_lines_and_gaps_from_tesseract_tsv() -> None:
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "4\t1\t1\t1\t1\t0\t100\t100\t900\t30\t-1\t",
        "5\t1\t1\t1\t1\t1\t100\t100\t60\t30\t96\tphối",
        "5\t1\t1\t1\t1\t2\t170\t100\t40\t30\t90\thợp",
        "4\t1\t1\t2\t1\t0\t100\t140\t900\t30\t-1\t",  # next line, Tesseract calls it a new paragraph
        "5\t1\t1\t2\t1\t1\t100\t140\t60\t30\t95\tSở",
        "4\t1\t2\t1\t1\t0\t100\t240\t900\t30\t-1\t",  # after a visible gap
        "5\t1\t2\t1\t1\t1\t100\t240\t60\t30\t80\t2.",
        "4\t1\t3\t1\t1\t0\t600\t100\t300\t30\t-1\t",  # a right-hand column, back at the top
        "5\t1\t3\t1\t1\t1\t600\t100\t60\t30\t70\tCỘNG",
    ]
    result = ocr.layout_from_tsv("\n".join([header, *rows]))
    assert result.text == "phối hợp\nSở\n\n2.\n\nCỘNG"
    assert result.confidence == pytest.approx((96 + 90 + 95 + 80 + 70) / 5)
    assert ocr.layout_from_tsv(header) == ocr.OcrText("", -1.0)


def test_photo_exif_orientation_is_applied() -> None:
    upright = Image.new("L", (2000, 2800), 255)
    sideways = upright.rotate(90, expand=True)  # as the sensor stored it: landscape
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    out = io.BytesIO()
    sideways.convert("RGB").save(out, "JPEG", exif=exif)
    prepared, dpi = ocr.prepare(Image.open(io.BytesIO(out.getvalue())))
    assert prepared.mode == "L" and prepared.height > prepared.width and dpi == ocr.TARGET_DPI


def test_readers_import_no_bot_or_db_packages() -> None:
    code = (
        "import sys, dispatch.readers; "
        "bad = [m for m in ('telegram', 'sqlmodel', 'httpx', 'apscheduler') if m in sys.modules]; "
        "assert not bad, bad"
    )
    root = Path(__file__).resolve().parents[1]
    subprocess.run(
        [sys.executable, "-c", code], check=True, cwd=root, env={**os.environ, "PYTHONPATH": str(root)}
    )


# --- OCR (runs in CI: scripts/setup-system.sh installs tesseract-ocr-vie and poppler) -----------


def test_ocr_is_installed() -> None:
    assert ocr.available(), "tesseract with the 'vie' model is required: run scripts/setup-system.sh"


def test_scanned_pdf_200dpi(tmp_path: Path) -> None:
    result = read(saved(tmp_path, "scan.pdf", docgen.scanned_pdf(SAMPLE, dpi=200)))
    assert result.methods == ("ocr",) and result.used_ocr and result.warnings
    assert similarity(result.text, SAMPLE) >= 0.97, result.text
    for needle in (
        "1234/UBND-VXNV",
        "20/3/2024",
        "15 tháng 4 năm 2024",
        "Sở Nông nghiệp và Phát triển nông thôn",
    ):
        assert needle in result.text


def test_phone_photo(tmp_path: Path) -> None:
    result = read(saved(tmp_path, "photo.jpg", docgen.photo_jpeg(SAMPLE)))
    assert result.methods == ("ocr",)
    assert similarity(result.text, SAMPLE) >= 0.95, result.text
    for needle in ("1234/UBND-VXNV", "20/3/2024", "15 tháng 4 năm 2024"):
        assert needle in result.text


def test_pdf_mixing_text_scanned_and_stamped_pages(tmp_path: Path) -> None:
    """Text page, scanned page carrying a signature stamp in its text layer, short signature page."""
    from fpdf import FPDF
    from pypdf import PdfReader, PdfWriter

    scan = FPDF(format="A4")
    scan.add_font("DejaVu", "", str(docgen.FONT))
    scan.set_font("DejaVu", size=8)
    scan.add_page()
    scan.image(docgen.page_images("Trang hai: Sở Tài chính báo cáo trước ngày 30/6/2024.")[0], 0, 0, 210, 297)
    scan.set_xy(120, 280)
    scan.cell(text="Ký bởi: Ủy ban nhân dân tỉnh Bắc Kạn")
    signature = docgen.text_pdf("PHÓ CHỦ TỊCH\nNguyễn Văn An")
    writer = PdfWriter()
    for data in (docgen.text_pdf(SAMPLE), bytes(scan.output()), signature):
        writer.add_page(PdfReader(io.BytesIO(data)).pages[0])
    out = io.BytesIO()
    writer.write(out)
    calls: list[tuple[int, int]] = []
    result = read(saved(tmp_path, "mixed.pdf", out.getvalue()), progress=lambda d, n: calls.append((d, n)))
    assert result.methods == ("text", "ocr", "text") and calls == [(1, 3), (2, 3), (3, 3)]
    assert result.text.startswith("ỦY BAN NHÂN DÂN") and "trước ngày 30/6/2024" in result.text
    assert result.text.endswith("PHÓ CHỦ TỊCH\nNguyễn Văn An")


# --- the dev dispatches (../shared/dispatches/dev; never copied into the repo) -----------------

needs_corpus = pytest.mark.skipif(not DEV, reason="shared dev dispatches not present")


@needs_corpus
@pytest.mark.parametrize(("name", "text"), DEV, ids=[n for n, _ in DEV])
def test_dev_dispatch_as_text_pdf_has_the_same_words(name: str, text: str, tmp_path: Path) -> None:
    result = read(saved(tmp_path, f"{name}.pdf", docgen.text_pdf(text)))
    assert set(result.methods) == {"text"}
    assert tokens(result.text) == tokens(text)


@needs_corpus
@pytest.mark.parametrize(("name", "text"), DEV, ids=[n for n, _ in DEV])
def test_dev_dispatch_as_docx_has_the_same_words(name: str, text: str, tmp_path: Path) -> None:
    layout = docgen.docx_layout(text)
    result = read(saved(tmp_path, f"{name}.docx", docgen.docx_from_layout(layout)))
    assert tokens(result.text) == tokens(layout.reading_order())
    assert sorted(tokens(result.text)) == sorted(tokens(text))


# --- same extraction from the files as from the pasted text -----------------------------------




@needs_corpus
@pytest.mark.parametrize(("name", "text"), DEV, ids=[n for n, _ in DEV])
def test_dev_dispatch_text_pdf_gives_the_same_extraction(name: str, text: str, tmp_path: Path) -> None:
    read_back = read(saved(tmp_path, f"{name}.pdf", docgen.text_pdf(text))).text
    assert extract(read_back).to_dict() == extract(text).to_dict()


@needs_corpus
@pytest.mark.parametrize(("name", "text"), DEV, ids=[n for n, _ in DEV])
def test_dev_dispatch_docx_gives_the_same_extraction(name: str, text: str, tmp_path: Path) -> None:
    read_back = read(saved(tmp_path, f"{name}.docx", docgen.docx(text))).text
    assert extract(read_back).to_dict() == extract(text).to_dict()


def test_legacy_doc_is_converted_by_libreoffice(tmp_path: Path) -> None:
    """A Word 97 .doc (made here from the DOCX by LibreOffice itself) reads like the DOCX it came from."""
    exe = legacy.soffice()
    assert exe is not None, "LibreOffice Writer is required: run scripts/setup-system.sh"
    (tmp_path / "sample.docx").write_bytes(docgen.docx(SAMPLE))
    subprocess.run([exe, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "doc:MS Word 97", "--outdir", str(tmp_path), str(tmp_path / "sample.docx")],
                   check=True, capture_output=True, timeout=120, env={**os.environ, "HOME": str(tmp_path)})
    doc = (tmp_path / "sample.doc").read_bytes()
    assert sniff(doc) == "ole"  # an OLE compound file, as Word 97 writes it
    result = read(doc, "công văn.doc")
    assert extract(result.text).to_dict() == extract(read(docgen.docx(SAMPLE)).text).to_dict()
    assert "20/3/2024" in result.text
