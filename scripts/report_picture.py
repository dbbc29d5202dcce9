"""Render the Excel report of an invented month to PNG (docs/report-*.png), as LibreOffice shows and prints it.

    python scripts/report_picture.py [--keep DIR]

Seeds a throw-away SQLite database through the storage API (a dispatch with six tasks in the four official
states), builds the /baocao workbook exactly as the bot does, converts it with
``soffice --headless --convert-to pdf`` and ``pdftoppm -png``. The .xlsx is written 0600 in a private
temporary folder (or DIR); the text is invented, no real document's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from sqlmodel import Session

import dispatch
import storage
from dispatch.time.calendar import VN_TZ, default_calendar
from handlers.reporting import build_report
from reports.periods import period_of
from reports.xlsx import workbook_bytes

ROOT = Path(__file__).resolve().parents[1]
CHAT = -100
SAMPLE = """ỦY BAN NHÂN DÂN
TỈNH AN PHÚ
Số: 456/UBND-KGVX
V/v triển khai các nhiệm vụ y tế quý I năm 2026
An Phú, ngày 02 tháng 3 năm 2026

Kính gửi: Sở Y tế.

1. Giao Sở Y tế chủ trì rà soát danh mục thuốc thiết yếu tại các trạm y tế xã, hoàn thành trước ngày 05/3/2026.
2. Giao Sở Y tế chủ trì kiểm tra an toàn thực phẩm bếp ăn tập thể các khu công nghiệp, hoàn thành trước ngày 06/3/2026.
3. Giao Sở Y tế chủ trì tổng hợp số liệu tiêm chủng mở rộng, báo cáo UBND tỉnh trước ngày 10/3/2026.
4. Giao Sở Y tế chủ trì xây dựng kế hoạch khám sức khỏe học đường năm học 2026-2027, hoàn thành trước ngày 30/3/2026.
5. Giao Sở Y tế chủ trì báo cáo tình hình dịch bệnh sốt xuất huyết, hoàn thành trước ngày 04/3/2026.
6. Giao Sở Y tế chủ trì báo cáo kết quả công tác y tế dự phòng trước ngày 20 hằng tháng.
./.
"""


def vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)  # type: ignore[misc]


def sample_report() -> bytes:
    """The workbook of March 2026 for a chat whose tasks are in all four states on 18/03/2026."""
    calendar = default_calendar()
    with tempfile.TemporaryDirectory() as folder:
        engine = storage.make_engine(f"sqlite:///{Path(folder) / 'sample.sqlite3'}")
        storage.migrate(engine)
        saved = vn(2026, 3, 2, 9)
        extraction = dispatch.extract(SAMPLE, agency="Sở Y tế", received=saved.date(), calendar=calendar)
        with Session(engine) as session:
            storage.get_or_create_chat(session, chat_id=CHAT, now=saved, title="Văn phòng Sở Y tế")
            storage.set_agency(session, chat_id=CHAT, agency="Sở Y tế", actor_id=1, now=saved)
            _, tasks = storage.save_dispatch(session, chat_id=CHAT, extraction=extraction, tasks=list(extraction.tasks),
                                             text=SAMPLE, actor_id=1, now=saved, calendar=calendar)
            ids = {t.short_id: t.id or 0 for t in tasks}
            hung = storage.person_for_username(session, username="hung_vp", now=saved)
            storage.set_assignees(session, chat_id=CHAT, task_id=ids[3], person_ids=[hung.id or 0], actor_id=1,
                                  now=saved, calendar=calendar)
            for number, when in ((1, vn(2026, 3, 4, 15)), (2, vn(2026, 3, 9, 10))):
                storage.complete_task(session, chat_id=CHAT, task_id=ids[number], actor_id=1, now=when,
                                      calendar=calendar, actor_name="Nguyễn Thị Lan")
            now = vn(2026, 3, 18, 9)
            report = build_report(session, chat_id=CHAT, period=period_of("month", now.date()), now=now)
        engine.dispose()
    return workbook_bytes(report)


def write_private(path: Path, data: bytes) -> None:
    """Write a file readable by its owner only (also when it already existed with a wider mode)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, data)
    finally:
        os.close(fd)


def trimmed(source: Path, target: Path, margin: int = 24) -> None:
    """Copy a rendered page without the empty paper around the table."""
    from PIL import Image, ImageOps

    with Image.open(source) as page:
        box = ImageOps.invert(page.convert("L")).getbbox()
        if box is not None:
            left, top, right, bottom = box
            page = page.crop((max(0, left - margin), max(0, top - margin),
                              min(page.width, right + margin), min(page.height, bottom + margin)))
        page.save(target)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the .xlsx and .pdf in this folder")
    args = parser.parse_args()
    if shutil.which("soffice") is None or shutil.which("pdftoppm") is None:
        print("needs soffice (apt-get install libreoffice-calc) and pdftoppm (poppler-utils)", file=sys.stderr)
        return 1
    folder = args.keep or Path(tempfile.mkdtemp(prefix="dondoc-report-"))
    folder.mkdir(parents=True, exist_ok=True)
    xlsx = folder / "bao-cao-2026-03.xlsx"
    write_private(xlsx, sample_report())
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(xlsx)],
                   check=True, capture_output=True, timeout=180)
    pages = folder / "page"
    subprocess.run(["pdftoppm", "-png", "-r", "110", str(xlsx.with_suffix(".pdf")), str(pages)], check=True, timeout=120)
    rendered = sorted(folder.glob("page-*.png"))
    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    for name, page in zip(("report-summary.png", "report-tasks.png"), rendered, strict=False):
        trimmed(page, docs / name)
        print(docs / name)
    if args.keep is None:
        shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
