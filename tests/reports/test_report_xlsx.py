"""The Excel report: what openpyxl (and so Excel or LibreOffice) reads back, and text that stays text."""

from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import load_workbook

from dispatch.time.calendar import VN_TZ
from reports.model import Report, ReportRow
from reports.xlsx import HEADER_ROW, SUMMARY_SHEET, TASKS_SHEET, workbook_bytes

NAMES = {"open_on_time": "Trong hạn", "open_overdue": "Quá hạn", "done_on_time": "Đúng hạn", "done_late": "Trễ"}


def row(number: int, text: str, state: str = "open_on_time", **kw: object) -> ReportRow:
    base: dict[str, object] = dict(number=number, text=text, role="Chủ trì", assignee="", deadline=date(2026, 3, 20),
                                   deadline_note="", state=state, state_name=NAMES[state], days_overdue=None,
                                   done_on=None)
    base.update(kw)
    return ReportRow(**base)  # type: ignore[arg-type]


def report(*rows: ReportRow) -> Report:
    return Report(agency="Sở Y tế", period_label="Tháng 03/2026", start=date(2026, 3, 1), end=date(2026, 3, 31),
                  made_at=datetime(2026, 3, 18, 9, 0, tzinfo=VN_TZ), rows=rows, state_names=NAMES)


def test_formula_like_text_is_stored_as_text_and_control_characters_are_dropped() -> None:
    hostile = ["=HYPERLINK(\"http://x\",\"bấm\")", "+1+2", "-3", "@SUM(A1)", "=cmd|' /C calc'!A0", "a\x01b\x1fc"]
    rows = [row(n, text, dispatch_subject=text, dispatch_number="=1+1") for n, text in enumerate(hostile, 1)]
    book = load_workbook(io.BytesIO(workbook_bytes(report(*rows))))
    sheet = book[TASKS_SHEET]
    for n, text in enumerate(hostile, 1):
        for column in (3, 5, 6):
            cell = sheet.cell(row=HEADER_ROW + n, column=column)
            assert cell.data_type == "s", (text, column)
        cell = sheet.cell(row=HEADER_ROW + n, column=6)
        assert cell.value == text.replace("\x01", "").replace("\x1f", "")
        assert cell.quotePrefix == text.startswith(("=", "+", "-", "@"))


def test_layout_dates_and_summary() -> None:
    rows = [row(1, "a", "done_late", days_overdue=3, done_on=date(2026, 3, 23)),
            row(2, "b", "open_overdue", days_overdue=5),
            row(3, "c", deadline=None, deadline_note="thường xuyên")]
    book = load_workbook(io.BytesIO(workbook_bytes(report(*rows))))
    assert book.sheetnames == [SUMMARY_SHEET, TASKS_SHEET]
    tasks = book[TASKS_SHEET]
    assert tasks.freeze_panes == f"A{HEADER_ROW + 1}" and tasks.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert tasks.page_setup.orientation == "landscape"
    header = [c.value for c in tasks[HEADER_ROW]]
    assert header[:6] == ["STT", "Số việc", "Số, ký hiệu văn bản", "Ngày văn bản", "Trích yếu", "Nội dung nhiệm vụ"]
    assert [tasks.cell(row=HEADER_ROW + n, column=2).value for n in (1, 2, 3)] == ["#1", "#2", "#3"]
    deadline = tasks.cell(row=HEADER_ROW + 1, column=10)
    assert deadline.value.date() == date(2026, 3, 20) and deadline.number_format == "DD/MM/YYYY"
    assert tasks.cell(row=HEADER_ROW + 3, column=10).value == "thường xuyên"
    assert [tasks.cell(row=HEADER_ROW + n, column=12).value for n in (1, 2, 3)] == [3, 5, None]
    assert all(tasks.column_dimensions[c].width >= 5 for c in "ABCDEFGHIJKLM")

    summary = book[SUMMARY_SHEET]
    counts = {summary.cell(row=r, column=1).value: summary.cell(row=r, column=2).value
              for r in range(HEADER_ROW + 1, HEADER_ROW + 6)}
    assert counts == {"Trong hạn": 1, "Quá hạn": 1, "Đúng hạn": 0, "Trễ": 1, "Tổng cộng": 3}


def test_rows_are_as_tall_as_their_wrapped_text() -> None:
    book = load_workbook(io.BytesIO(workbook_bytes(report(row(1, "ngắn"), row(2, "rất dài " * 60)))))
    tasks = book[TASKS_SHEET]
    short, tall = (tasks.row_dimensions[HEADER_ROW + n].height for n in (1, 2))
    assert short is not None and tall is not None and tall > 5 * short
