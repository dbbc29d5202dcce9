"""The giao ban report as an Excel workbook: a summary sheet by state and one row per task, ready to print.

Every text cell is stored as text: a task or a dispatch subject that starts with "=", "+", "-" or "@" is
shown as written and never evaluated (it also gets Excel's quote prefix, so editing the cell keeps it text);
control characters that the file format cannot hold are dropped.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.model import STATES, Report

TITLE = "BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ"
SUMMARY_SHEET, TASKS_SHEET = "Tổng hợp", "Danh sách nhiệm vụ"
# (header, width in characters) of the task sheet, in print order
COLUMNS = (
    ("STT", 5), ("Số việc", 7), ("Số, ký hiệu văn bản", 15), ("Ngày văn bản", 11), ("Trích yếu", 28), ("Nội dung nhiệm vụ", 46),
    ("Độ khẩn", 9), ("Vai trò", 9), ("Người phụ trách", 15), ("Hạn hoàn thành", 12), ("Tình trạng", 17),
    ("Số ngày quá hạn", 9), ("Ngày hoàn thành", 12),
)
HEADER_ROW = 5
DATE_FORMAT = "DD/MM/YYYY"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LINE_HEIGHT = 15.0  # points per line of 11-point text
CHARS_PER_WIDTH = 1.4  # Times New Roman 11 fits about 1.4 characters per unit of column width (measured in LibreOffice)
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
STATE_FILLS = {"open_overdue": "F8CBAD", "done_late": "FFE699", "done_on_time": "C6EFCE", "open_on_time": "FFFFFF"}
FONT = "Times New Roman"  # what offices print documents in
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="top", wrap_text=True)


def _put(sheet: Worksheet, row: int, column: int, value: Any, *, align: Alignment = WRAP) -> Cell:
    """Write a value; text is always text (never a formula), dates get dd/mm/yyyy."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = text
        cell.data_type = "s"
        if text.startswith(FORMULA_START):
            cell.quotePrefix = True
    else:
        cell.value = value
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT
    cell.alignment = align
    cell.font = Font(name=FONT, size=11)
    return cell


def _lines(value: Any, width: float) -> int:
    """How many lines a wrapped cell takes (a spreadsheet does not grow rows written by a program)."""
    if not isinstance(value, str) or not value:
        return 1
    per_line = max(1, int(width * CHARS_PER_WIDTH) - 1)
    return sum(max(1, -(-len(part) // per_line)) for part in value.split("\n"))


def _fit_height(sheet: Worksheet, row: int, values: tuple[Any, ...]) -> None:
    lines = max(_lines(v, w) for v, (_, w) in zip(values, COLUMNS, strict=False))
    sheet.row_dimensions[row].height = LINE_HEIGHT * lines + 3


def _title(sheet: Worksheet, report: Report, width: int) -> None:
    last = get_column_letter(width)
    lines = (
        (TITLE, Font(name=FONT, size=14, bold=True)),
        (f"Đơn vị: {report.agency}" if report.agency else "Đơn vị: (chưa đặt)", Font(name=FONT, size=12)),
        (f"Kỳ báo cáo: {report.period_label} (từ {report.start:%d/%m/%Y} đến {report.end:%d/%m/%Y})",
         Font(name=FONT, size=12)),
        (f"Số liệu đến {report.made_at:%H:%M} ngày {report.made_at:%d/%m/%Y}", Font(name=FONT, size=11, italic=True)),
    )
    for n, (text, font) in enumerate(lines, 1):
        sheet.merge_cells(f"A{n}:{last}{n}")
        cell = _put(sheet, n, 1, text, align=Alignment(horizontal="center", vertical="center"))
        cell.font = font


def _print_setup(sheet: Worksheet, *, title_rows: str | None = None) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    sheet.print_options.horizontalCentered = True
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.oddFooter.center.text = "Trang &P/&N"


def _summary(sheet: Worksheet, report: Report) -> None:
    _title(sheet, report, 3)
    for column, (header, width) in enumerate((("Tình trạng", 40), ("Số nhiệm vụ", 14), ("Tỷ lệ", 12)), 1):
        cell = _put(sheet, HEADER_ROW, column, header, align=CENTER)
        cell.font, cell.fill, cell.border = Font(name=FONT, bold=True), HEADER_FILL, BORDER
        sheet.column_dimensions[get_column_letter(column)].width = width
    counts = report.counts()
    total = sum(counts.values())
    row = HEADER_ROW
    for state in STATES:
        row += 1
        share = counts[state] / total if total else 0
        for column, value in enumerate((report.state_names.get(state, state), counts[state], share), 1):
            cell = _put(sheet, row, column, value, align=WRAP if column == 1 else CENTER)
            cell.border = BORDER
        sheet.cell(row=row, column=1).fill = PatternFill("solid", fgColor=STATE_FILLS[state])
        sheet.cell(row=row, column=3).number_format = "0.0%"
    row += 1
    for column, value in enumerate(("Tổng cộng", total, 1 if total else 0), 1):
        cell = _put(sheet, row, column, value, align=WRAP if column == 1 else CENTER)
        cell.font, cell.border = Font(name=FONT, bold=True), BORDER
    sheet.cell(row=row, column=3).number_format = "0.0%"
    _print_setup(sheet)


def _tasks(sheet: Worksheet, report: Report) -> None:
    _title(sheet, report, len(COLUMNS))
    for column, (header, width) in enumerate(COLUMNS, 1):
        cell = _put(sheet, HEADER_ROW, column, header, align=CENTER)
        cell.font, cell.fill, cell.border = Font(name=FONT, bold=True), HEADER_FILL, BORDER
        sheet.column_dimensions[get_column_letter(column)].width = width
    _fit_height(sheet, HEADER_ROW, tuple(header for header, _ in COLUMNS))
    for n, item in enumerate(report.rows, 1):
        row = HEADER_ROW + n
        deadline: Any = item.deadline if item.deadline is not None else item.deadline_note
        if item.deadline is not None and item.deadline_note:
            deadline = f"{item.deadline:%d/%m/%Y}\n{item.deadline_note}"
        values: tuple[Any, ...] = (
            n, f"#{item.number}", item.dispatch_number or "", item.dispatch_issued, item.dispatch_subject or "", item.text,
            item.urgency, item.role, item.assignee, deadline, item.state_name,
            item.days_overdue if item.days_overdue else None, item.done_on,
        )
        for column, value in enumerate(values, 1):
            centered = column in (1, 2, 4, 7, 8, 10, 12, 13)
            cell = _put(sheet, row, column, value, align=CENTER if centered else WRAP)
            cell.border = BORDER
        sheet.cell(row=row, column=11).fill = PatternFill("solid", fgColor=STATE_FILLS[item.state])
        _fit_height(sheet, row, values)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    if report.rows:
        last = get_column_letter(len(COLUMNS))
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + len(report.rows)}"
    _print_setup(sheet, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")


def workbook_bytes(report: Report) -> bytes:
    """The .xlsx file of a report (built in memory; nothing touches the disk)."""
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = SUMMARY_SHEET
    _summary(summary, report)
    _tasks(book.create_sheet(TASKS_SHEET), report)
    book.properties.title = f"{TITLE} — {report.period_label}"
    book.properties.creator = "Đôn đốc"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
