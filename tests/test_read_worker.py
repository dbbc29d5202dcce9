"""dispatch.readers.worker: ordinary files read as read() reads them; hostile ones cost little and say why."""

from __future__ import annotations

import io
import threading

import docgen
import hostile
import pytest
from PIL import Image

from dispatch.errors import DocumentTooLarge, ReadTimeout
from dispatch.readers import read
from dispatch.readers.worker import Cancelled, Limits, read_bounded

SAMPLE = """ỦY BAN NHÂN DÂN
TỈNH AN PHÚ
Số: 123/UBND-VX
V/v tăng cường phòng, chống sốt xuất huyết
An Phú, ngày 02 tháng 3 năm 2026

Kính gửi: Sở Y tế.

Giao Sở Y tế chủ trì, phối hợp với các địa phương tổ chức phun hóa chất diệt muỗi, hoàn thành trước
ngày 20/3/2026./.
"""


@pytest.mark.parametrize("make", [docgen.text_pdf, docgen.docx, docgen.photo_jpeg], ids=["pdf", "docx", "photo"])
def test_an_ordinary_file_reads_as_read_reads_it(make: object) -> None:
    data = make(SAMPLE)  # type: ignore[operator]
    pages: list[tuple[int, int]] = []
    assert read_bounded(data, limits=Limits(), progress=lambda d, t: pages.append((d, t))) == read(data)
    assert pages and pages[-1] == (1, 1)


@pytest.mark.parametrize(("data", "told"), [
    (hostile.huge_pages(30, side_pt=4000), "Trang 1 có khổ quá lớn (141×141 cm"),
    (hostile.huge_pages(1, side_pt=14400), "khổ quá lớn"),
    (hostile.many_pages(20_000), "Văn bản có 20000 trang, vượt giới hạn 30 trang"),
    (hostile.content_bomb(70, 30), "Trang 1 có nội dung bất thường (hơn 4 MB"),
    (hostile.content_bomb(3, 10, shared=False), "Tệp PDF có nội dung bất thường (hơn 20 MB"),
], ids=["30-huge-pages", "one-5m-page", "20000-pages", "70mb-content", "30mb-content-in-all"])
def test_a_hostile_pdf_is_refused_before_rendering_with_a_clear_message(data: bytes, told: str) -> None:
    with pytest.raises(DocumentTooLarge, match=told.replace("(", r"\(")):
        read_bounded(data, limits=Limits())


def test_a_read_past_its_time_is_killed_and_says_so() -> None:
    with pytest.raises(ReadTimeout, match="quá 2 giây nên đã dừng"):
        read_bounded(hostile.content_bomb(3.9, 5, shared=False), limits=Limits(timeout=2))


def test_a_file_needing_more_memory_than_allowed_is_stopped_in_vietnamese() -> None:
    buf = io.BytesIO()
    Image.new("RGB", (7000, 8000), "white").save(buf, "PNG")  # 56 MP in 180 KB: allowed, but heavy to decode
    with pytest.raises(DocumentTooLarge, match="quá nhiều bộ nhớ để đọc \\(hơn 200 MB\\)"):
        read_bounded(buf.getvalue(), limits=Limits(memory_mb=200))


def test_a_cancelled_read_stops_and_asks_to_send_again() -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled, match="gửi lại tệp"):
        read_bounded(docgen.text_pdf(SAMPLE), cancel=cancel)
